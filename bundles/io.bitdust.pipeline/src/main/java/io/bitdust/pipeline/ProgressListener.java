package io.bitdust.pipeline;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Follows a backup or a restore. Called from the pipeline's threads, one call at a time, in block order; an
 * implementation must return quickly and must not throw.
 */
@ConsumerType
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = (bytes, blocks) -> { };

    /**
     * @param bytes  source bytes read so far (backup) or bytes of restored files written so far (restore)
     * @param blocks blocks completely written to the sink (backup) or decoded and decrypted (restore) so far
     */
    void progress(long bytes, long blocks);

    /**
     * A fragment was missing, damaged or foreign and was treated as an erasure. Does nothing by default.
     *
     * @param name   the fragment
     * @param reason why it was rejected, e.g. "missing" or "SHA-256 differs from the one in the signed
     *               manifest"
     */
    default void fragmentRejected(FragmentName name, String reason) {
    }

    /**
     * A file changed while a backup read it; the version holds it as described. Called on the backup's reading
     * thread, possibly while another thread reports progress. Does nothing by default.
     *
     * @param entry the file's name in the version, e.g. {@code docs/notes.txt}
     * @param what  what happened and what the version holds, e.g. "grew while it was read: its first 10 bytes are kept"
     */
    default void fileChanged(String entry, String what) {
    }
}
