package io.bitdust.pipeline;

/**
 * What a restore does where a restored file, link or folder meets something that already exists in the destination.
 * Restored folders are merged into existing folders in every policy. Nothing is ever written through a symbolic link
 * that exists in the destination: a restored entry below one is a conflict.
 */
public enum ExistingFilePolicy {
    /**
     * The default: when any restored entry already exists (other than a folder meeting a folder), the restore fails
     * with CONFLICT naming it, before anything in the destination changes.
     */
    FAIL_IF_EXISTS,
    /** Existing files and links are replaced by the restored ones; an existing folder is never replaced by a file. */
    OVERWRITE,
    /** Existing entries are kept and the restored ones dropped. */
    SKIP
}
