package io.bitdust.backup.internal;

import io.bitdust.backup.pipeline.PipelineWarmUp;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link PipelineWarmUp} on a background thread when the backup bundle starts. Publishes no service. */
@Component(immediate = true, service = {})
public final class PipelineWarmUpComponent {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineWarmUpComponent.class);

    private final Thread thread;

    /** Starts the warm-up thread. */
    @Activate
    public PipelineWarmUpComponent() {
        thread = new Thread(PipelineWarmUpComponent::warmUp, "bitdust-pipeline-warm-up");
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
            if (PipelineWarmUp.run()) {
                LOG.debug("backup pipeline warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
            }
        } catch (RuntimeException e) {
            LOG.warn("backup pipeline warm-up failed; the first backup will be slower: {}", e.getMessage());
        }
    }
}
