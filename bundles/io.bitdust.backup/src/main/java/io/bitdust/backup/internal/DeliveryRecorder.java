package io.bitdust.backup.internal;

import io.bitdust.backup.remote.SupplierFragmentSink;
import io.bitdust.catalog.Catalog;
import io.bitdust.catalog.FragmentRef;
import io.bitdust.pipeline.FragmentName;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the fragments the suppliers acknowledged in the catalog, in batches and off the gateway's threads: an Ack
 * costs a list entry, and one catalog transaction records every Ack that came in while the previous one ran.
 * {@link #flush} waits until every delivery told so far is recorded. A batch the catalog cannot record is logged and
 * left: those fragments stay undelivered in the catalog, and the next {@code backups_update} finds them in the
 * suppliers' listings. Thread-safe.
 */
final class DeliveryRecorder implements SupplierFragmentSink.Deliveries {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecorder.class);
    private static final int MAX_BATCH = 4096;

    private final Catalog catalog;
    private final Executor executor;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: told and not yet taken by a batch. */
    private final List<FragmentRef> pending = new ArrayList<>();
    /** Guarded by {@link #lock}: whether a task runs (or is about to) on the executor. */
    private boolean draining;

    /**
     * @param catalog  records the deliveries
     * @param executor runs the batches, one at a time; a single thread of its own keeps the gateway's free
     */
    DeliveryRecorder(Catalog catalog, Executor executor) {
        this.catalog = catalog;
        this.executor = executor;
    }

    @Override
    public void delivered(FragmentName name) {
        synchronized (lock) {
            pending.add(Backups.ref(name));
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.debug("Deliveries recorded on the caller's thread: {}", e.toString());
            drain();
        }
    }

    /**
     * Waits until every delivery told so far is recorded (or its batch failed and was logged).
     *
     * @throws InterruptedIOException when interrupted while waiting
     */
    void flush() throws InterruptedIOException {
        synchronized (lock) {
            while (draining) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while " + pending.size()
                            + " deliveries wait to be recorded");
                }
            }
        }
    }

    private void drain() {
        while (true) {
            List<FragmentRef> batch;
            synchronized (lock) {
                if (pending.isEmpty()) {
                    draining = false;
                    lock.notifyAll();
                    return;
                }
                List<FragmentRef> taken = pending.subList(0, Math.min(MAX_BATCH, pending.size()));
                batch = new ArrayList<>(taken);
                taken.clear();
            }
            try {
                List<FragmentRef> unknown = catalog.markDelivered(batch);
                if (!unknown.isEmpty()) {
                    LOG.debug("{} of {} acknowledged fragments are no longer in the catalog, e.g. {}", unknown.size(),
                            batch.size(), unknown.get(0).name());
                }
            } catch (RuntimeException e) {
                LOG.warn("Cannot record {} deliveries in the catalog (the next update finds them at the suppliers): "
                        + "{}", batch.size(), e.toString());
            }
        }
    }
}
