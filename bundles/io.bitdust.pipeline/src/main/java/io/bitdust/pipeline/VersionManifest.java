package io.bitdust.pipeline;

import io.bitdust.common.BitDustException;
import io.bitdust.crypto.Hashes;
import io.bitdust.raid.EccMap;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * What a restore needs besides the fragments: the format, the ECC map, the block count and the version's data key
 * sealed to the owner's X25519 key. Encoded as (numbers unsigned big-endian):
 *
 * <pre>
 * length  field
 * 4       magic "BDVM" (42 44 56 4d)
 * 1       format version: 2
 * 1       compression: 1 = zstd
 * 2       N of the ECC map ecc/NxN
 * 4       block size: bytes of the tar stream per block (the last block may be shorter)
 * 8       block count, at least 1
 * 8       source bytes: file content bytes read by the backup
 * 2       length L of the backup ID in UTF-8, then L bytes
 * 2       length K of the sealed data key, then K bytes: a SealedBox of the 32-byte key
 * 32      SHA-256 of everything before
 * </pre>
 *
 * <p>The tar stream is cut into blocks of the block size, and each block is compressed on its own, so blocks are
 * compressed and decompressed in parallel. The plaintext of block {@code b} is
 *
 * <pre>
 * length  field
 * 1       method: 0 = stored (the tar bytes as they are), 1 = one zstd frame
 * 4       R: the number of tar bytes in the block; equal to the block size except in the last block
 * rest    the R tar bytes (stored), or the zstd frame that decompresses to exactly R bytes
 * </pre>
 *
 * A block is stored when zstd does not make it smaller (random or already compressed data), which also spares the
 * restore a decompression. Block {@code b} is encrypted with {@code StreamCipher} under the data key, with the
 * associated data {@code "bitdust/backup/v2" || 0x00 || backup ID (UTF-8) || 0x00 || b (8 bytes) || last (1 byte: 1 on
 * the last block, else 0)}, so a block moved, dropped or cut off, or read under another format version, is detected.
 * A manifest of any other format version or compression is refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class VersionManifest {
    /** The format version written and read by this class: one compressed or stored frame per block. */
    public static final int VERSION = 2;
    /** Block method: the tar bytes as they are. */
    public static final int BLOCK_STORED = 0;
    /** Block method: one zstd frame. */
    public static final int BLOCK_ZSTD = 1;
    /** Bytes before the data in a block: method and tar length. */
    public static final int BLOCK_HEADER_LENGTH = 5;
    /** The one compression: zstd. */
    public static final int ZSTD = 1;

    private static final byte[] MAGIC = {'B', 'D', 'V', 'M'};
    private static final byte[] AAD_LABEL = "bitdust/backup/v2".getBytes(StandardCharsets.US_ASCII);

    private final String backupId;
    private final EccMap map;
    private final int blockSize;
    private final long blockCount;
    private final long sourceBytes;
    private final byte[] sealedKey;

    /**
     * A manifest of the format version {@link #VERSION}.
     *
     * @param backupId    the backup ID
     * @param map         the ECC map
     * @param blockSize   the block size, at least 1
     * @param blockCount  how many blocks the version has, at least 1
     * @param sourceBytes file content bytes read by the backup
     * @param sealedKey   the data key sealed to the owner's key; copied
     * @throws BitDustException INVALID_ARGUMENT naming the field out of range
     */
    public VersionManifest(String backupId, EccMap map, int blockSize, long blockCount, long sourceBytes,
            byte[] sealedKey) {
        FragmentName.checkBackupId(backupId);
        if (blockSize < 1 || blockCount < 1 || sourceBytes < 0 || sealedKey.length > 0xffff) {
            throw BitDustException.invalid("manifest of " + backupId + ": block size " + blockSize + ", block count "
                    + blockCount + ", source bytes " + sourceBytes + " or sealed key out of range");
        }
        this.backupId = backupId;
        this.map = map;
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.sourceBytes = sourceBytes;
        this.sealedKey = sealedKey.clone();
    }

    /**
     * @param bytes an encoded manifest
     * @return the manifest
     * @throws BitDustException INVALID_ARGUMENT naming what is wrong when it is damaged or not a manifest
     */
    public static VersionManifest parse(byte[] bytes) {
        int body = bytes.length - Hashes.SHA256_LENGTH;
        if (body < MAGIC.length + 2 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw BitDustException.invalid("not a version manifest");
        }
        if (!MessageDigest.isEqual(Hashes.newSha256().update(bytes, 0, body).digest(),
                Arrays.copyOfRange(bytes, body, bytes.length))) {
            throw BitDustException.invalid("version manifest is damaged: SHA-256 mismatch");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, body - MAGIC.length);
        try {
            int version = in.get() & 0xff;
            int compression = in.get() & 0xff;
            if (version != VERSION || compression != ZSTD) {
                throw BitDustException.invalid("unknown version manifest format " + version + " or compression "
                        + compression);
            }
            int n = in.getShort() & 0xffff;
            int blockSize = in.getInt();
            long blockCount = in.getLong();
            long sourceBytes = in.getLong();
            byte[] id = new byte[in.getShort() & 0xffff];
            in.get(id);
            byte[] sealedKey = new byte[in.getShort() & 0xffff];
            in.get(sealedKey);
            if (in.hasRemaining()) {
                throw BitDustException.invalid("version manifest has trailing bytes");
            }
            return new VersionManifest(FragmentFile.utf8(id, 0, id.length), EccMap.parse("ecc/" + n + "x" + n),
                    blockSize, blockCount, sourceBytes, sealedKey);
        } catch (BufferUnderflowException e) {
            throw BitDustException.invalid("version manifest is truncated");
        }
    }

    /** @return the encoded manifest */
    public byte[] toBytes() {
        byte[] id = backupId.getBytes(StandardCharsets.UTF_8);
        int body = MAGIC.length + 2 + 2 + 4 + 8 + 8 + 2 + id.length + 2 + sealedKey.length;
        ByteBuffer out = ByteBuffer.allocate(body + Hashes.SHA256_LENGTH);
        out.put(MAGIC).put((byte) VERSION).put((byte) ZSTD).putShort((short) map.dataShards()).putInt(blockSize)
                .putLong(blockCount).putLong(sourceBytes).putShort((short) id.length).put(id)
                .putShort((short) sealedKey.length).put(sealedKey);
        out.put(Hashes.newSha256().update(out.array(), 0, body).digest());
        return out.array();
    }

    /**
     * @param backupId the backup ID
     * @param block    a block number
     * @param last     whether it is the last block
     * @return the associated data the block is encrypted with
     */
    public static byte[] blockAad(String backupId, long block, boolean last) {
        byte[] id = backupId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(AAD_LABEL.length + 1 + id.length + 1 + 8 + 1).put(AAD_LABEL).put((byte) 0).put(id)
                .put((byte) 0).putLong(block).put((byte) (last ? 1 : 0)).array();
    }

    /**
     * @param block a block number
     * @param last  whether it is the last block
     * @return the associated data block {@code block} of this version is encrypted with
     */
    public byte[] blockAad(long block, boolean last) {
        return blockAad(backupId, block, last);
    }

    /** @return the backup ID */
    public String backupId() {
        return backupId;
    }

    /** @return the ECC map */
    public EccMap map() {
        return map;
    }

    /** @return the block size */
    public int blockSize() {
        return blockSize;
    }

    /** @return the number of blocks */
    public long blockCount() {
        return blockCount;
    }

    /** @return file content bytes read by the backup */
    public long sourceBytes() {
        return sourceBytes;
    }

    /** @return a copy of the sealed data key */
    public byte[] sealedKey() {
        return sealedKey.clone();
    }

    @Override
    public String toString() {
        return "VersionManifest[v" + VERSION + ", " + backupId + ", " + map + ", " + blockCount + " blocks of "
                + blockSize + " bytes, " + sourceBytes + " source bytes]";
    }
}
