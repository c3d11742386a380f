package io.bitdust.common;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;

public class BackgroundWarmUpTest {
    private static final String THREAD = "bitdust-warm-up";

    @Test
    public void aWarmUpRunsOnItsOwnThreadAndClosingEndsIt() throws Exception {
        AtomicBoolean onItsThread = new AtomicBoolean();
        try (BackgroundWarmUp warmUp = BackgroundWarmUp.start("a test", () -> onItsThread.set(
                Thread.currentThread().getName().equals(THREAD) && Thread.currentThread().isDaemon()))) {
            assertTrue("took a duration", warmUp.done().get(60, TimeUnit.SECONDS) >= 0);
        }
        assertTrue(onItsThread.get());
        awaitNoWarmUpThread();
    }

    @Test
    public void closingInterruptsAWarmUpUnderWay() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        BackgroundWarmUp warmUp = BackgroundWarmUp.start("a long test", () -> {
            started.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            interrupted.set(true);
        });
        assertTrue(started.await(60, TimeUnit.SECONDS));
        warmUp.close();
        warmUp.done().get(60, TimeUnit.SECONDS);
        assertTrue(interrupted.get());
        awaitNoWarmUpThread();
    }

    @Test
    public void aFailedWarmUpCompletesWithItsFailure() throws Exception {
        try (BackgroundWarmUp warmUp = BackgroundWarmUp.start("a failing test", () -> {
            throw new IllegalStateException("no cipher here");
        })) {
            warmUp.done().get(60, TimeUnit.SECONDS);
            throw new AssertionError("completed without its failure");
        } catch (ExecutionException e) {
            assertTrue(e.getCause().toString(), e.getCause() instanceof IllegalStateException);
        }
    }

    private static void awaitNoWarmUpThread() throws InterruptedException {
        for (int i = 0; i < 1200 && warmUpThreadAlive(); i++) {
            Thread.sleep(50);
        }
        assertFalse("the warm-up thread ended", warmUpThreadAlive());
    }

    private static boolean warmUpThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(THREAD) && thread.isAlive());
    }
}
