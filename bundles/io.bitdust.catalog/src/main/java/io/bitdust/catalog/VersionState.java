package io.bitdust.catalog;

/** Where a version of an item is in its life. Only {@link #RUNNING} changes, to one of the others. */
public enum VersionState {
    /** Being backed up: fragments are being recorded and delivered. */
    RUNNING,
    /** Every block was packed; its fragments may still be on their way to suppliers. */
    COMPLETE,
    /** Stopped by an error. */
    FAILED,
    /** Stopped by the user. */
    ABORTED
}
