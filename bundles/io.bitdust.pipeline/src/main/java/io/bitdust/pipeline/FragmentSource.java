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
}
