package io.bitdust.pipeline;

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
    }
}
