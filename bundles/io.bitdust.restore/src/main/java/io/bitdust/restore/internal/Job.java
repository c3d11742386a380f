package io.bitdust.restore.internal;

import io.bitdust.catalog.CatalogVersion;
import io.bitdust.common.IdUrl;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.restore.RestoreJob;
import io.bitdust.restore.RestoreState;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** One restore while it is queued or runs: what the snapshots are made of, and its abort. Thread-safe. */
final class Job {
    /** A call into the suppliers that an abort interrupts. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws IOException;
    }

    final String backupId;
    final CatalogVersion version;
    /** Whose data it is: my IDURL when the restore was accepted. */
    final IdUrl creator;
    final Path destination;
    final ExistingFilePolicy policy;
    /** The highest folder of the destination that did not exist when the job was accepted, or null. */
    final Path created;
    private final Instant accepted;
    private final CountDownLatch end = new CountDownLatch(1);
    /** Threads inside a call to the suppliers now: an abort interrupts them. */
    private final Set<Thread> calling = new HashSet<>();
    /** The threads an abort interrupted, whose interrupt status is cleared again when their call returns. */
    private final Set<Thread> interrupted = new HashSet<>();
    private volatile boolean abortRequested;
    private Future<?> future;
    private RestoreState state = RestoreState.QUEUED;
    private Instant started;
    private Instant ended;
    private long blocksDone;
    private long bytesWritten;
    private long rejected;
    private long entries;
    private String error;
    private List<String> badSuppliers = List.of();
    private List<String> changedFiles = List.of();

    Job(String backupId, CatalogVersion version, IdUrl creator, Path destination, ExistingFilePolicy policy,
            Path created, Instant accepted) {
        this.backupId = backupId;
        this.version = version;
        this.creator = creator;
        this.destination = destination;
        this.policy = policy;
        this.created = created;
        this.accepted = accepted;
    }

    synchronized void future(Future<?> value) {
        future = value;
    }

    /** @return whether the job was still queued and will never run: the caller ends it */
    synchronized boolean cancelQueued() {
        return state == RestoreState.QUEUED && future != null && future.cancel(false);
    }

    /** @return false when the job was aborted before it began: the caller ends it */
    synchronized boolean begin(Instant now) {
        if (abortRequested || state != RestoreState.QUEUED) {
            return false;
        }
        state = RestoreState.RUNNING;
        started = now;
        return true;
    }

    boolean abortRequested() {
        return abortRequested;
    }

    /** Marks the job aborted and interrupts whoever waits for a supplier on its behalf. */
    synchronized void requestAbort() {
        abortRequested = true;
        for (Thread thread : calling) {
            interrupted.add(thread);
            thread.interrupt();
        }
    }

    /**
     * Runs a call into the suppliers so that an abort interrupts it.
     *
     * @throws InterruptedIOException at once when the job is aborted, or when an abort interrupts the call
     */
    <T> T call(Call<T> call) throws IOException {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (abortRequested) {
                throw new InterruptedIOException("the restore of " + backupId + " is aborted");
            }
            calling.add(me);
        }
        try {
            return call.call();
        } finally {
            synchronized (this) {
                calling.remove(me);
                if (interrupted.remove(me)) {
                    // the thread is a pooled worker: the abort's interrupt must not reach its next task
                    Thread.interrupted();
                }
            }
        }
    }

    synchronized void progress(long bytes, long blocks) {
        bytesWritten = bytes;
        blocksDone = blocks;
    }

    synchronized void rejected() {
        rejected++;
    }

    synchronized void result(long blocks, long bytes, long restoredEntries, List<String> bad, List<String> changed) {
        changedFiles = List.copyOf(changed);
        blocksDone = blocks;
        bytesWritten = bytes;
        entries = restoredEntries;
        badSuppliers = List.copyOf(bad);
    }

    /** @return whether this call ended the job (only the first does) */
    synchronized boolean end(RestoreState finalState, String reason, Instant now) {
        if (state.ended()) {
            return false;
        }
        state = finalState;
        error = finalState == RestoreState.FAILED ? reason : null;
        ended = now;
        return true;
    }

    /** Lets {@link #awaitEnd} return: the job ended and is listed with the finished ones. */
    void released() {
        end.countDown();
    }

    /** @return whether the job ended within the wait */
    boolean awaitEnd(Duration wait) {
        try {
            return end.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return end.getCount() == 0;
        }
    }

    synchronized RestoreJob snapshot(Instant now) {
        long rate = 0;
        if (started != null) {
            long millis = Math.max(1, Duration.between(started, ended != null ? ended : now).toMillis());
            rate = bytesWritten * 1000 / millis;
        }
        long total = version.bytes();
        long eta;
        if (state == RestoreState.DONE) {
            eta = 0;
        } else if (state == RestoreState.RUNNING && rate > 0 && total >= bytesWritten) {
            eta = (total - bytesWritten + rate - 1) / rate;
        } else {
            eta = -1;
        }
        return new RestoreJob(backupId, version.pathId(), version.name(), creator.toString(), destination.toString(),
                state, accepted,
                started, ended, version.eccMap(), blocksDone, version.blocks(), bytesWritten, total, rate, eta, error,
                rejected, badSuppliers, entries, changedFiles);
    }
}
