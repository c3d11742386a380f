package io.bitdust.backup;

/** Where a backup job is in its life: {@link #QUEUED}, then {@link #RUNNING}, then one of the others. */
public enum BackupState {
    /** Waiting in the queue for the running backups to end. */
    QUEUED,
    /** Reading, packing and sending. */
    RUNNING,
    /** Every fragment and the manifest acknowledged by the suppliers: the version is complete. */
    DONE,
    /** Stopped by an error, named in {@link BackupJob#error()}. */
    FAILED,
    /** Stopped by the user while running. */
    ABORTED,
    /** Removed from the queue by the user before it ran. */
    CANCELLED;

    /** @return whether the job has ended */
    public boolean ended() {
        return this != QUEUED && this != RUNNING;
    }
}
