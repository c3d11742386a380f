package io.bitdust.crypto.internal;

import io.bitdust.crypto.CipherWarmUp;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link CipherWarmUp} on a background thread when the crypto bundle starts. Publishes no service. */
@Component(immediate = true, service = {})
public final class CipherWarmUpComponent {
    private static final Logger LOG = LoggerFactory.getLogger(CipherWarmUpComponent.class);

    private final Thread thread;

    /** Starts the warm-up thread. */
    @Activate
    public CipherWarmUpComponent() {
        thread = new Thread(CipherWarmUpComponent::warmUp, "bitdust-cipher-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    private static void warmUp() {
        long start = System.nanoTime();
        try {
            if (CipherWarmUp.run()) {
                LOG.debug("AES-GCM warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
            }
        } catch (RuntimeException e) {
            LOG.warn("AES-GCM warm-up failed; the first backup will be slower: {}", e.getMessage());
        }
    }
}
