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
     * @param reason why it was rejected, e.g. "missing" or "CRC-32C mismatch"
     */
    default void fragmentRejected(FragmentName name, String reason) {
    }
}
