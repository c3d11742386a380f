package io.bitdust.pipeline;

import io.bitdust.common.ByteRange;
import java.io.IOException;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where an {@link Unpacker} gets the manifest and the fragments of a version. Implementations are called from
 * several threads at once and must be thread-safe. A source returns what it has; the unpacker checks every byte.
 */
@ConsumerType
public interface FragmentSource {
    /**
     * @param backupId the backup ID of the version
     * @return the encoded {@link VersionManifest}, or empty when the source does not have it
     * @throws IOException when it exists but cannot be read
     */
    Optional<byte[]> manifest(String backupId) throws IOException;

    /**
     * @param name the fragment's name
     * @return the fragment file, or empty when the source does not have it
     * @throws IOException when it exists but cannot be read; the fragment then counts as missing
     */
    Optional<byte[]> fragment(FragmentName name) throws IOException;

    /**
     * Starts fetching a fragment and returns the call that waits for it, so that the fragments a block needs are
     * fetched together rather than one round trip after the other. The default fetches when that call is made.
     *
     * @param name the fragment's name
     * @return the call that returns what {@link #fragment} would, from the calling thread
     */
    default Fetch fetch(FragmentName name) {
        return () -> fragment(name);
    }

    /** A fragment being fetched. */
    @FunctionalInterface
    interface Fetch {
        /**
         * @return the fragment file, or empty when the source does not have it
         * @throws IOException as {@link FragmentSource#fragment}
         */
        Optional<byte[]> get() throws IOException;

        /**
         * As {@link #get}, giving the fragment file where it lies (a range of the packet it came in), so that it is not
         * copied before the unpacker reads its shard: the unpacker calls this one. The default is the whole of
         * {@link #get}'s array.
         *
         * @return the fragment file, or empty when the source does not have it; its bytes are not to be changed
         * @throws IOException as {@link FragmentSource#fragment}
         */
        default Optional<ByteRange> range() throws IOException {
            return get().map(ByteRange::of);
        }
    }
}
