package io.bitdust.restore;

/** Where a restore job is in its life. {@link #QUEUED} and {@link #RUNNING} change; the others are final. */
public enum RestoreState {
    /** Accepted, waiting for one of the restores that may run at once to end. */
    QUEUED,
    /** Reading the version from the suppliers and unpacking it. */
    RUNNING,
    /** Every block restored and the entries moved into the destination. */
    DONE,
    /** Stopped by an error ({@link RestoreJob#error()}); the destination is left as it was. */
    FAILED,
    /** Stopped by {@link RestoreService#abort}; the destination is left as it was. */
    ABORTED;

    /** @return whether the job has ended */
    public boolean ended() {
        return this == DONE || this == FAILED || this == ABORTED;
    }
}
