package io.bitdust.transport.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class SignatureWarmUpComponentTest {
    private static final String THREAD = "bitdust-signature-warm-up";

    @Test
    public void activationWarmsUpInTheBackgroundAndDeactivationEndsTheThread() throws Exception {
        SignatureWarmUpComponent component = new SignatureWarmUpComponent();
        assertNull("the warm-up completed", component.warmUp().get(60, TimeUnit.SECONDS));
        component.deactivate();
        for (int i = 0; i < 100 && warmUpThreadAlive(); i++) {
            Thread.sleep(50);
        }
        assertFalse("the warm-up thread ended", warmUpThreadAlive());
    }

    private static boolean warmUpThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(THREAD) && thread.isAlive());
    }
}
