package io.bitdust.transport.internal;

import io.bitdust.crypto.SignatureWarmUp;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SignatureWarmUp} on a background thread when the transport bundle starts, so that a node (a customer or
 * a supplier alike: every packet is signed and checked) does not compile Ed25519 while it backs up. Publishes no
 * service.
 */
@Component(immediate = true, service = {})
public final class SignatureWarmUpComponent {
    private static final Logger LOG = LoggerFactory.getLogger(SignatureWarmUpComponent.class);

    private final ExecutorService executor;
    private final Future<?> warmUp;

    /** Starts the warm-up. */
    @Activate
    public SignatureWarmUpComponent() {
        executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "bitdust-signature-warm-up");
            thread.setDaemon(true);
            return thread;
        });
        warmUp = executor.submit(SignatureWarmUpComponent::runWarmUp);
    }

    /** Stops the warm-up thread; a warm-up under way ends after the signature it is making. */
    @Deactivate
    public void deactivate() {
        executor.shutdownNow();
    }

    Future<?> warmUp() {
        return warmUp;
    }

    private static void runWarmUp() {
        long start = System.nanoTime();
        try {
            SignatureWarmUp.run();
            LOG.info("Warmed up Ed25519 signing and checking in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("The Ed25519 warm-up failed, so the first packets will be slower: {}", e.toString());
        }
    }
}
