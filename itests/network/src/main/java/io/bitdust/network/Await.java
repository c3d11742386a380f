package io.bitdust.network;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it: a wait that succeeds returns at once, so the limits are generous. */
public final class Await {
    /** How long {@link #until(BooleanSupplier, String)} waits at most. */
    public static final Duration LIMIT = Duration.ofSeconds(120);

    private static final long POLL_MILLIS = 25;

    private Await() {
    }

    /**
     * Polls a condition until it holds, for at most {@link #LIMIT}.
     *
     * @param condition the condition; a {@link RuntimeException} it throws counts as "not yet"
     * @param what      what is awaited, for the failure message ("bob's contact is published")
     * @throws AssertionError when the condition does not hold in time, or the thread is interrupted
     */
    public static void until(BooleanSupplier condition, String what) {
        until(LIMIT, condition, what);
    }

    /**
     * Polls a condition until it holds.
     *
     * @param limit     how long to wait at most
     * @param condition the condition; a {@link RuntimeException} it throws counts as "not yet"
     * @param what      what is awaited, for the failure message
     * @throws AssertionError when the condition does not hold in time, or the thread is interrupted
     */
    public static void until(Duration limit, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > end) {
                AssertionError failure = new AssertionError("timed out after " + limit.toSeconds() + " s waiting until "
                        + what + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
