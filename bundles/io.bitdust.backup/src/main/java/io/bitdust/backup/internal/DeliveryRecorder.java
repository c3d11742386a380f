package io.bitdust.backup.internal;

import io.bitdust.backup.remote.SupplierFragmentSink;
import io.bitdust.catalog.Catalog;
import io.bitdust.pipeline.FragmentName;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the fragments the suppliers acknowledged in the catalog, in batches and off the gateway's threads: an Ack
 * costs a list entry, and one catalog transaction records the Acks of a batch. A batch gathers Acks for up to the
 * linger given (or until {@value #FULL_BATCH} are in): the Acks of a backup come one at a time, tens a second, and a
 * transaction for each (a locked state row, a revision, a log write forced to the disk) would cost more than the
 * records. {@link #flush} records what is told at once and waits until every delivery told so far is recorded. A
 * batch the catalog cannot record (or one lost with the node in a crash) is logged and left: those fragments stay
 * undelivered in the catalog, and the next {@code backups_update} finds them in the suppliers' listings.
 * Thread-safe.
 */
final class DeliveryRecorder implements SupplierFragmentSink.Deliveries {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecorder.class);
    /** The Acks a batch waits for at most: a batch this large is recorded without waiting for the linger. */
    static final int FULL_BATCH = 64;
    private static final int MAX_BATCH = 4096;

    private final Catalog catalog;
    private final Executor executor;
    private final long lingerNanos;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: told and not yet taken by a batch. */
    private final List<FragmentName> pending = new ArrayList<>();
    /** Guarded by {@link #lock}: whether a task runs (or is about to) on the executor. */
    private boolean draining;
    /** Guarded by {@link #lock}: how many threads wait in {@link #flush}. */
    private int flushing;

    /**
     * @param catalog  records the deliveries
     * @param executor runs the batches, one at a time; a single thread of its own keeps the gateway's free
     * @param linger   how long a batch waits for more Acks before it is recorded
     */
    DeliveryRecorder(Catalog catalog, Executor executor, Duration linger) {
        this.catalog = catalog;
        this.executor = executor;
        this.lingerNanos = linger.toNanos();
    }

    @Override
    public void delivered(FragmentName name) {
        synchronized (lock) {
            pending.add(name);
            if (draining) {
                if (pending.size() == FULL_BATCH) {
                    lock.notifyAll();
                }
                return;
            }
            draining = true;
        }
        try {
            executor.execute(() -> drain(true));
        } catch (RejectedExecutionException e) {
            LOG.debug("Deliveries recorded on the caller's thread: {}", e.toString());
            drain(false);
        }
    }

    /**
     * Waits until every delivery told so far is recorded (or its batch failed and was logged).
     *
     * @throws InterruptedIOException when interrupted while waiting
     */
    void flush() throws InterruptedIOException {
        synchronized (lock) {
            flushing++;
            lock.notifyAll();
            try {
                while (draining) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while " + pending.size()
                        + " deliveries wait to be recorded");
            } finally {
                flushing--;
            }
        }
    }

    private void drain(boolean linger) {
        while (true) {
            List<FragmentName> batch;
            synchronized (lock) {
                if (linger) {
                    linger();
                }
                if (pending.isEmpty()) {
                    draining = false;
                    lock.notifyAll();
                    return;
                }
                List<FragmentName> taken = pending.subList(0, Math.min(MAX_BATCH, pending.size()));
                batch = new ArrayList<>(taken);
                taken.clear();
            }
            try {
                List<FragmentName> unknown = catalog.markDelivered(batch);
                if (!unknown.isEmpty()) {
                    LOG.debug("{} of {} acknowledged fragments are no longer in the catalog, e.g. {}", unknown.size(),
                            batch.size(), unknown.get(0));
                }
            } catch (RuntimeException e) {
                LOG.warn("Cannot record {} deliveries in the catalog (the next update finds them at the suppliers): "
                        + "{}", batch.size(), e.toString());
            }
        }
    }

    /**
     * Waits, the lock held (and given up while waiting), until the batch is full, someone flushes, or the linger has
     * passed. An interrupt (the node stopping) ends the wait: what is pending is recorded at once.
     */
    private void linger() {
        long until = System.nanoTime() + lingerNanos;
        for (long left = lingerNanos; left > 0 && pending.size() < FULL_BATCH && flushing == 0;
                left = until - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
