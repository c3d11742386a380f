package io.bitdust.crypto.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.crypto.CipherWarmUp;
import org.junit.Test;

public class CipherWarmUpComponentTest {
    @Test
    public void activationWarmsUpOnADaemonThreadThatEnds() throws InterruptedException {
        CipherWarmUpComponent component = new CipherWarmUpComponent();
        Thread thread = component.thread();
        assertTrue(thread.isDaemon());
        thread.join(60_000);
        assertFalse("the warm-up thread ended", thread.isAlive());
        assertFalse("the warm-up ran", CipherWarmUp.run());
    }
}
