package io.bitdust.backup.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.pipeline.PipelineWarmUp;
import org.junit.Test;

public class PipelineWarmUpComponentTest {
    @Test
    public void activationWarmsUpOnADaemonThreadThatEnds() throws InterruptedException {
        PipelineWarmUpComponent component = new PipelineWarmUpComponent();
        Thread thread = component.thread();
        assertTrue(thread.isDaemon());
        thread.join(60_000);
        assertFalse("the warm-up thread ended", thread.isAlive());
        assertFalse("everything is warm: nothing left to run", PipelineWarmUp.run());
    }
}
