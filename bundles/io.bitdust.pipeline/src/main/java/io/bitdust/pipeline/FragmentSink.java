package io.bitdust.pipeline;

import java.io.IOException;
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
     * Called last, after every fragment of the version was {@link #put}.
     *
     * @param backupId the backup ID of the version
     * @param manifest the encoded {@link VersionManifest}
     * @throws IOException when the manifest cannot be stored; the backup fails
     */
    void putManifest(String backupId, byte[] manifest) throws IOException;
}
