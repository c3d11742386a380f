package io.bitdust.backup.internal;

import io.bitdust.common.BackgroundWarmUp;
import io.bitdust.pipeline.PipelineWarmUp;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** Runs {@link PipelineWarmUp} in the background when the backup bundle starts. Publishes no service. */
@Component(immediate = true, service = {})
public final class PipelineWarmUpComponent {
    private final BackgroundWarmUp warmUp = BackgroundWarmUp.start("the backup pipeline (AES-GCM, Reed-Solomon)",
            PipelineWarmUp::run);

    /** Stops the warm-up; one under way ends within a second. */
    @Deactivate
    public void deactivate() {
        warmUp.close();
    }
}
