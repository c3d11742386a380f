package io.bitdust.backup.internal;

import io.bitdust.pipeline.PipelineWarmUp;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link PipelineWarmUp} on a background thread when the backup bundle starts. Publishes no service. */
@Component(immediate = true, service = {})
public final class PipelineWarmUpComponent {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineWarmUpComponent.class);

    private final ExecutorService executor;
    private final Future<?> warmUp;

    /** Starts the warm-up. */
    @Activate
    public PipelineWarmUpComponent() {
        executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "bitdust-pipeline-warm-up");
            thread.setDaemon(true);
            return thread;
        });
        warmUp = executor.submit(PipelineWarmUpComponent::runWarmUp);
    }

    /** Stops the warm-up thread; a warm-up under way ends within a second. */
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
            PipelineWarmUp.run();
            LOG.info("Warmed up the backup pipeline (AES-GCM, Reed-Solomon) in {} ms",
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("The backup pipeline warm-up failed, so the first backup will be slower: {}", e.toString());
        }
    }
}
