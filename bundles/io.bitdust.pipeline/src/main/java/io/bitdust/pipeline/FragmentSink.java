package io.bitdust.pipeline;

import java.io.IOException;
import java.util.Arrays;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a {@link Packer} delivers the fragments of a version and, once all of them are delivered, its manifest.
 * Implementations are called from several threads, one call at a time per backup but not always from the same
 * thread; a call may block, which slows the backup down (at most a bounded number of blocks wait in memory).
 */
@ConsumerType
public interface FragmentSink {
    /**
     * @param name     the fragment's name
     * @param fragment the fragment file: header, shard and checksum (see {@link FragmentFile}); not modified later,
     *                 the sink may keep it until the call returns only
     * @throws IOException when the fragment cannot be stored; the backup fails
     */
    void put(FragmentName name, byte[] fragment) throws IOException;

    /**
     * As {@link #put(FragmentName, byte[])}, with the fragment file the first {@code length} bytes of a buffer the
     * packer uses again for a later fragment once this call returns (so that a backup does not allocate an array of
     * several MB per fragment), and its SHA-256 as the manifest records it (a sink that sends the fragment in a signed
     * packet signs it through that hash instead of hashing the fragment again). The default copies the bytes; a sink
     * that copies or writes them anyway reads them in place.
     *
     * @param name   the fragment's name
     * @param buffer holds the fragment file from its start; the sink may keep it until the call returns only
     * @param length the fragment file's length
     * @param sha256 the SHA-256 of the fragment file, or null when the caller has not computed it
     * @throws IOException when the fragment cannot be stored; the backup fails
     */
    default void put(FragmentName name, byte[] buffer, int length, byte[] sha256) throws IOException {
        put(name, Arrays.copyOf(buffer, length));
    }

    /**
     * Called last, after every fragment of the version was {@link #put}.
     *
     * @param backupId the backup ID of the version
     * @param manifest the encoded {@link VersionManifest}
     * @throws IOException when the manifest cannot be stored; the backup fails
     */
    void putManifest(String backupId, byte[] manifest) throws IOException;
}
