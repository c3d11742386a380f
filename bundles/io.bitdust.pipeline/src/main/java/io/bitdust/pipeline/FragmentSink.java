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
     * @param fragment the fragment file: header and shard (see {@link FragmentFile}); not modified later,
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
     * The room this sink wants around each fragment file in the buffers the packer gives to
     * {@link #put(FragmentName, byte[], int, int, byte[], Runnable)}: free bytes before and after the file, which the
     * sink may fill (the start and the end of a packet payload that carries the file where it lies), so that it does
     * not copy the file. Default: none.
     *
     * @param backupId the version
     * @return the bytes wanted before and after each file
     */
    default Room room(String backupId) {
        return Room.NONE;
    }

    /**
     * As {@link #put(FragmentName, byte[], int, byte[])}, with the fragment file at {@code offset} of a buffer that
     * has at least the {@link #room} around it, and that the sink may keep, and write into around the file, until it
     * runs {@code release}: the packer uses the buffer again after that. The sink runs {@code release} once, from any
     * thread, also when it fails or never sends the file. The default puts the file and runs {@code release} when that
     * returns.
     *
     * @param name    the fragment's name
     * @param buffer  holds the fragment file at {@code offset}
     * @param offset  where the file starts, {@code room(backupId).before()} or more
     * @param length  the file's length
     * @param sha256  the SHA-256 of the file, or null when the caller has not computed it
     * @param release gives the buffer back to the packer
     * @throws IOException when the fragment cannot be stored; the backup fails
     */
    default void put(FragmentName name, byte[] buffer, int offset, int length, byte[] sha256, Runnable release)
            throws IOException {
        try {
            put(name, offset == 0 ? buffer : Arrays.copyOfRange(buffer, offset, offset + length), length, sha256);
        } finally {
            release.run();
        }
    }

    /**
     * Free bytes around a fragment file in its buffer.
     *
     * @param before bytes before the file, at least 0
     * @param after  bytes after it, at least 0
     */
    record Room(int before, int after) {
        /** No room: the file starts its buffer. */
        public static final Room NONE = new Room(0, 0);

        /** @throws IllegalArgumentException for a negative number */
        public Room {
            if (before < 0 || after < 0) {
                throw new IllegalArgumentException("room " + before + " before and " + after + " after a file");
            }
        }
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
