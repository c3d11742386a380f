package io.bitdust.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JIT warm-up run on a daemon thread of its own when a bundle starts, so that the node's first backup or packets do
 * not pay for the compiler (the pipeline's ciphers and codes, Ed25519). Logs how long it took, or why it failed (a
 * failed warm-up only makes the first jobs slower). Close it when the bundle stops: the thread is interrupted, and the
 * warm-ups check for that between steps.
 */
public final class BackgroundWarmUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWarmUp.class);

    private final ExecutorService thread;
    private final CompletableFuture<Long> done;

    private BackgroundWarmUp(String what, Runnable warmUp) {
        thread = Executors.newSingleThreadExecutor(task -> {
            Thread daemon = new Thread(task, "bitdust-warm-up");
            daemon.setDaemon(true);
            return daemon;
        });
        done = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            warmUp.run();
            return (System.nanoTime() - start) / 1_000_000;
        }, thread);
        thread.shutdown(); // the thread ends with the warm-up instead of idling until the bundle stops
        done.whenComplete((millis, failure) -> {
            if (failure == null) {
                LOG.info("Warmed up {} in {} ms", what, millis);
            } else {
                LOG.warn("The warm-up of {} failed, so the first jobs will be slower: {}", what, failure.toString());
            }
        });
    }

    /**
     * @param what   what is warmed up, for the log (e.g. "Ed25519 signing and checking")
     * @param warmUp the warm-up; it should stop early when its thread is interrupted
     * @return the warm-up, started
     */
    public static BackgroundWarmUp start(String what, Runnable warmUp) {
        return new BackgroundWarmUp(what, warmUp);
    }

    /** @return completes with the warm-up's duration in milliseconds, or with its failure */
    public CompletableFuture<Long> done() {
        return done.copy();
    }

    /** Interrupts the warm-up thread and lets it end. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
