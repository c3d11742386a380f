package io.bitdust.pipeline;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ByteRange;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.raid.EccMap;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * What a restore needs besides the fragments, signed by the owner: the format, the ECC map, the block count, the
 * version's data key sealed to the owner's X25519 key and the SHA-256 of every fragment. Encoded as (numbers unsigned
 * big-endian):
 *
 * <pre>
 * length  field
 * 4       magic "BDVM" (42 44 56 4d)
 * 1       format version: 3
 * 1       compression: 1 = zstd
 * 2       N of the ECC map ecc/NxN
 * 4       block size: bytes of the tar stream per block (the last block may be shorter)
 * 8       block count C, at least 1
 * 8       source bytes: file content bytes read by the backup
 * 2       length L of the backup ID in UTF-8, then L bytes
 * 2       length K of the sealed data key, then K bytes: a SealedBox of the 32-byte key
 * 32      the owner's Ed25519 public key
 * C*2N*32 the SHA-256 of each whole fragment file: block 0 Data 0 .. N-1, Parity 0 .. N-1, then block 1, ...
 * 64      Ed25519 signature by the owner's key of "bitdust/manifest/v1\n" || every byte before
 * </pre>
 *
 * <p>The signature makes the manifest, and through the hashes every fragment, the owner's: someone who knows only
 * the owner's public X25519 key can seal a data key to it, but cannot sign. {@link #parse} refuses a manifest that
 * is not signed by the expected owner, and a manifest of any other format version (format 2 was unsigned) or
 * compression.
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
 * A block is stored when zstd does not make it smaller (random or already compressed data), or when a probe of it
 * does not shrink enough to be worth compressing it (the encoder's choice; a reader only follows the method byte),
 * which also spares the restore a decompression. Block {@code b} is encrypted with {@code StreamCipher} under the data
 * key, with the associated data {@code "bitdust/backup/v2" || 0x00 || backup ID (UTF-8) || 0x00 || b (8 bytes) || last
 * (1 byte: 1 on the last block, else 0)}, so a block moved, dropped or cut off is detected.
 *
 * <p>Immutable and thread-safe.
 */
public final class VersionManifest {
    /** The format version written and read by this class: signed, with the SHA-256 of every fragment. */
    public static final int VERSION = 3;
    /** Block method: the tar bytes as they are. */
    public static final int BLOCK_STORED = 0;
    /** Block method: one zstd frame. */
    public static final int BLOCK_ZSTD = 1;
    /** Bytes before the data in a block: method and tar length. */
    public static final int BLOCK_HEADER_LENGTH = 5;
    /** The one compression: zstd. */
    public static final int ZSTD = 1;
    /** What the owner's signature covers before the manifest's bytes: {@code "bitdust/manifest/v1\n"}. */
    public static final String SIGNING_LABEL = "bitdust/manifest/v1\n";

    private static final byte[] MAGIC = {'B', 'D', 'V', 'M'};
    private static final byte[] LABEL = SIGNING_LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD_LABEL = "bitdust/backup/v2".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH = Hashes.SHA256_LENGTH;

    private final String backupId;
    private final EccMap map;
    private final int blockSize;
    private final long blockCount;
    private final long sourceBytes;
    private final byte[] sealedKey;
    private final SigningPublicKey owner;
    private final byte[] fragmentHashes;
    private final byte[] encoded;

    private VersionManifest(String backupId, EccMap map, int blockSize, long blockCount, long sourceBytes,
            byte[] sealedKey, SigningPublicKey owner, byte[] fragmentHashes, byte[] encoded) {
        this.backupId = backupId;
        this.map = map;
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.sourceBytes = sourceBytes;
        this.sealedKey = sealedKey;
        this.owner = owner;
        this.fragmentHashes = fragmentHashes;
        this.encoded = encoded;
    }

    /**
     * Makes and signs a manifest of the format version {@link #VERSION}: one Ed25519 signature.
     *
     * @param backupId       the backup ID
     * @param map            the ECC map
     * @param blockSize      the block size, at least 1
     * @param blockCount     how many blocks the version has, at least 1
     * @param sourceBytes    file content bytes read by the backup
     * @param sealedKey      the data key sealed to the owner's key; copied
     * @param fragmentHashes the SHA-256 of every fragment file, in the order of the encoding; copied
     * @param owner          the owner's signing key, which signs the manifest
     * @return the signed manifest
     * @throws BitDustException INVALID_ARGUMENT naming the field out of range; INTERNAL when the signature made does
     *     not verify with the owner's public key
     */
    public static VersionManifest sign(String backupId, EccMap map, int blockSize, long blockCount, long sourceBytes,
            byte[] sealedKey, byte[] fragmentHashes, ManifestSigner owner) {
        FragmentName.checkBackupId(backupId);
        if (blockSize < 1 || blockCount < 1 || sourceBytes < 0 || sealedKey.length > 0xffff) {
            throw BitDustException.invalid("manifest of " + backupId + ": block size " + blockSize + ", block count "
                    + blockCount + ", source bytes " + sourceBytes + " or sealed key out of range");
        }
        long hashesLength = blockCount * map.totalShards() * HASH;
        if (fragmentHashes.length != hashesLength) {
            throw BitDustException.invalid("manifest of " + backupId + ": " + fragmentHashes.length
                    + " bytes of fragment hashes, " + blockCount + " blocks of " + map + " need " + hashesLength);
        }
        byte[] id = backupId.getBytes(StandardCharsets.UTF_8);
        SigningPublicKey key = owner.publicKey();
        int body = MAGIC.length + 2 + 2 + 4 + 8 + 8 + 2 + id.length + 2 + sealedKey.length + SigningPublicKey.LENGTH
                + fragmentHashes.length;
        ByteBuffer out = ByteBuffer.allocate(body + Signatures.LENGTH);
        out.put(MAGIC).put((byte) VERSION).put((byte) ZSTD).putShort((short) map.dataShards()).putInt(blockSize)
                .putLong(blockCount).putLong(sourceBytes).putShort((short) id.length).put(id)
                .putShort((short) sealedKey.length).put(sealedKey).put(key.bytes()).put(fragmentHashes);
        byte[] signed = signedBytes(out.array(), body);
        byte[] signature = owner.sign(signed);
        if (!Signatures.verify(key, signed, signature)) {
            throw new BitDustException(ErrorCode.INTERNAL, "the signature of the manifest of " + backupId
                    + " does not verify with the signer's public key " + key);
        }
        out.put(signature);
        return new VersionManifest(backupId, map, blockSize, blockCount, sourceBytes, sealedKey.clone(), key,
                fragmentHashes.clone(), out.array());
    }

    /**
     * Parses a manifest and checks that {@code owner} signed it. Nothing unsigned or signed by someone else passes.
     *
     * @param bytes an encoded manifest
     * @param owner the key the manifest must be signed with: the owner of the backups, normally my own
     * @return the manifest
     * @throws BitDustException INVALID_ARGUMENT naming what is wrong: not a manifest, "unsigned version manifest
     *     (format 2)", an unknown format, truncated, "signed by another owner", "bad signature"
     */
    public static VersionManifest parse(byte[] bytes, SigningPublicKey owner) {
        if (bytes.length < MAGIC.length + 2 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw BitDustException.invalid("not a version manifest");
        }
        int version = bytes[MAGIC.length] & 0xff;
        int compression = bytes[MAGIC.length + 1] & 0xff;
        if (version == 2) {
            throw BitDustException.invalid("unsigned version manifest (format 2) refused: the owner signs format "
                    + VERSION);
        }
        if (version != VERSION || compression != ZSTD) {
            throw BitDustException.invalid("unknown version manifest format " + version + " or compression "
                    + compression);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length + 2, bytes.length - MAGIC.length - 2);
        try {
            int n = in.getShort() & 0xffff;
            EccMap map = EccMap.parse("ecc/" + n + "x" + n);
            int blockSize = in.getInt();
            long blockCount = in.getLong();
            long sourceBytes = in.getLong();
            byte[] id = new byte[in.getShort() & 0xffff];
            in.get(id);
            byte[] sealedKey = new byte[in.getShort() & 0xffff];
            in.get(sealedKey);
            byte[] signer = new byte[SigningPublicKey.LENGTH];
            in.get(signer);
            long hashesLength = blockCount < 1 || blockCount > Integer.MAX_VALUE ? -1
                    : blockCount * map.totalShards() * HASH;
            if (hashesLength < 0 || in.remaining() != hashesLength + Signatures.LENGTH) {
                throw BitDustException.invalid("version manifest is truncated or extended: " + bytes.length
                        + " bytes for " + blockCount + " blocks of " + map);
            }
            byte[] fragmentHashes = new byte[(int) hashesLength];
            in.get(fragmentHashes);
            int body = in.position();
            byte[] signature = new byte[Signatures.LENGTH];
            in.get(signature);
            if (!Arrays.equals(signer, owner.bytes())) {
                throw BitDustException.invalid("version manifest is signed by another owner: "
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(signer) + ", expected " + owner);
            }
            if (!Signatures.verify(owner, signedBytes(bytes, body), signature)) {
                throw BitDustException.invalid("version manifest has a bad signature: altered, or not made by "
                        + owner);
            }
            String backupId = FragmentFile.utf8(id, 0, id.length);
            FragmentName.checkBackupId(backupId);
            if (blockSize < 1 || sourceBytes < 0) {
                throw BitDustException.invalid("version manifest of " + backupId + " has block size " + blockSize
                        + " and source bytes " + sourceBytes);
            }
            return new VersionManifest(backupId, map, blockSize, blockCount, sourceBytes, sealedKey, owner,
                    fragmentHashes, bytes.clone());
        } catch (BufferUnderflowException e) {
            throw BitDustException.invalid("version manifest is truncated");
        }
    }

    private static byte[] signedBytes(byte[] manifest, int body) {
        byte[] signed = new byte[LABEL.length + body];
        System.arraycopy(LABEL, 0, signed, 0, LABEL.length);
        System.arraycopy(manifest, 0, signed, LABEL.length, body);
        return signed;
    }

    /** @return the encoded, signed manifest */
    public byte[] toBytes() {
        return encoded.clone();
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

    /** @return the owner's signing key, which signed this manifest */
    public SigningPublicKey owner() {
        return owner;
    }

    /**
     * @param name a fragment of this version
     * @return a copy of the SHA-256 of its whole file, as signed by the owner
     * @throws BitDustException INVALID_ARGUMENT when the fragment is not one of this version
     */
    public byte[] fragmentHash(FragmentName name) {
        int at = hashOffset(name);
        return Arrays.copyOfRange(fragmentHashes, at, at + HASH);
    }

    /**
     * @param name a fragment of this version
     * @param file what was received as its file
     * @return whether the SHA-256 of {@code file} is the one the owner signed for {@code name}: one pass over it
     * @throws BitDustException INVALID_ARGUMENT when the fragment is not one of this version
     */
    public boolean matches(FragmentName name, byte[] file) {
        return matches(name, ByteRange.of(file));
    }

    /**
     * As {@link #matches(FragmentName, byte[])}, for a fragment file that lies in a larger array. When the range
     * carries its SHA-256 (computed from those bytes when the signature of the packet they came in was checked,
     * docs/protocol.md §2.4), that one is compared and the file is not hashed again.
     *
     * @param name the fragment's name
     * @param file the fragment file
     * @return whether its SHA-256 is the one the owner signed for it
     * @throws BitDustException INVALID_ARGUMENT when the name is not a fragment of this version
     */
    public boolean matches(FragmentName name, ByteRange file) {
        int at = hashOffset(name);
        byte[] hash = file.sha256()
                .orElseGet(() -> Hashes.newSha256().update(file.array(), file.offset(), file.length()).digest());
        return MessageDigest.isEqual(hash, Arrays.copyOfRange(fragmentHashes, at, at + HASH));
    }

    private int hashOffset(FragmentName name) {
        if (!name.backupId().equals(backupId) || name.block() < 0 || name.block() >= blockCount
                || name.position() >= map.dataShards()) {
            throw BitDustException.invalid(name + " is not a fragment of " + this);
        }
        int n = map.dataShards();
        return Math.toIntExact(((name.block() * 2 * n) + (name.parity() ? n : 0) + name.position()) * HASH);
    }

    @Override
    public String toString() {
        return "VersionManifest[v" + VERSION + ", " + backupId + ", " + map + ", " + blockCount + " blocks of "
                + blockSize + " bytes, " + sourceBytes + " source bytes, owner " + owner + "]";
    }
}
