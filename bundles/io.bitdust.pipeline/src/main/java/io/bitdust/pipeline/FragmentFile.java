package io.bitdust.pipeline;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ByteRange;
import io.bitdust.raid.EccMap;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header of a fragment file, and the checks that find a malformed or foreign one. A fragment file is one shard of
 * one encrypted block after a header; all numbers are unsigned big-endian:
 *
 * <pre>
 * offset      length  field
 * 0           4       magic "BDFG" (42 44 46 47)
 * 4           1       format version: 3
 * 5           1       flags: bit 0 set for a Parity fragment, bit 1 set on the fragments of the last block
 * 6           2       N of the ECC map ecc/NxN
 * 8           2       position, 0 .. N-1
 * 10          8       block number, from 0
 * 18          4       block length B: bytes of the encrypted block
 * 22          4       shard length S = ceil(B / N)
 * 26          2       length L of the backup ID in UTF-8
 * 28          L       backup ID
 * 28+L        S       the shard: Data i is bytes [i*S, (i+1)*S) of the encrypted block padded with zeros to N*S bytes,
 *                     Parity i is Reed-Solomon parity row i over the N data shards
 * </pre>
 *
 * <p>The file carries no checksum of its own: every fragment file's SHA-256 is in the owner-signed
 * {@link VersionManifest}, the one check that finds damage and alteration alike (the fragment is then an erasure),
 * with the AES-GCM tags of the block behind it; in transit the Data packet's signature covers the same hash. Format 2
 * ended with a CRC-32C of the file, which found nothing that hash does not and cost alice 2.6 % of a backup's CPU
 * (docs/performance.md, twenty-first pass). Any other format version is refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class FragmentFile {
    /** The format version written and read by this class. */
    public static final int VERSION = 3;
    /** Bytes before the backup ID. */
    public static final int FIXED_HEADER_LENGTH = 28;

    private static final byte[] MAGIC = {'B', 'D', 'F', 'G'};
    private static final int PARITY = 1;
    private static final int LAST = 2;

    private final FragmentName name;
    private final EccMap map;
    private final boolean last;
    private final int blockLength;

    /**
     * A header of the format version {@link #VERSION}.
     *
     * @param name        the fragment's name
     * @param map         the ECC map of the version
     * @param last        whether the block is the last one of the version
     * @param blockLength the length of the encrypted block, at least 1
     * @throws BitDustException INVALID_ARGUMENT when the position is outside the map or the length is not positive
     */
    public FragmentFile(FragmentName name, EccMap map, boolean last, int blockLength) {
        if (name.position() >= map.dataShards()) {
            throw BitDustException.invalid("position " + name.position() + " is outside " + map);
        }
        if (blockLength < 1) {
            throw BitDustException.invalid("block length " + blockLength + " must be positive");
        }
        this.name = name;
        this.map = map;
        this.last = last;
        this.blockLength = blockLength;
    }

    /**
     * Parses and checks a fragment file's header: magic, version, lengths, ECC map. Its content is checked against
     * the signed manifest ({@link VersionManifest#matches}).
     *
     * @param file the fragment file
     * @return its header
     * @throws BitDustException INVALID_ARGUMENT naming what is wrong: "not a fragment file", "unknown fragment format
     *     version 2", "truncated or extended", ...
     */
    public static FragmentFile read(byte[] file) {
        return read(ByteRange.of(file));
    }

    /**
     * As {@link #read(byte[])}, for a fragment file that lies in a larger array (the packet it came in).
     *
     * @param range the fragment file
     * @return its header
     * @throws BitDustException as {@link #read(byte[])}
     */
    public static FragmentFile read(ByteRange range) {
        byte[] file = range.array();
        int at = range.offset();
        if (range.length() < FIXED_HEADER_LENGTH
                || !Arrays.equals(file, at, at + MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw BitDustException.invalid("not a fragment file");
        }
        ByteBuffer in = ByteBuffer.wrap(file, at, range.length()).slice();
        int version = in.get(4) & 0xff;
        if (version != VERSION) {
            throw BitDustException.invalid("unknown fragment format version " + version);
        }
        int flags = in.get(5) & 0xff;
        int n = in.getShort(6) & 0xffff;
        int position = in.getShort(8) & 0xffff;
        long block = in.getLong(10);
        long blockLength = in.getInt(18) & 0xffffffffL;
        long shardLength = in.getInt(22) & 0xffffffffL;
        int idLength = in.getShort(26) & 0xffff;
        long shardOffset = FIXED_HEADER_LENGTH + (long) idLength;
        if (range.length() != shardOffset + shardLength) {
            throw BitDustException.invalid("truncated or extended: " + range.length() + " bytes, the header says "
                    + (shardOffset + shardLength));
        }
        if ((flags & ~(PARITY | LAST)) != 0 || n == 0 || blockLength == 0 || blockLength > Integer.MAX_VALUE
                || shardLength != (blockLength + n - 1) / n) {
            throw BitDustException.invalid("inconsistent header");
        }
        FragmentName name = new FragmentName(utf8(file, at + FIXED_HEADER_LENGTH, idLength), block, position,
                (flags & PARITY) != 0);
        return new FragmentFile(name, EccMap.parse("ecc/" + n + "x" + n), (flags & LAST) != 0, (int) blockLength);
    }

    /** @return the fragment's name */
    public FragmentName name() {
        return name;
    }

    /** @return the ECC map of the version */
    public EccMap map() {
        return map;
    }

    /** @return whether the block is the last one of the version */
    public boolean last() {
        return last;
    }

    /** @return the length of the encrypted block */
    public int blockLength() {
        return blockLength;
    }

    /** @return the shard length, {@code ceil(blockLength / N)} */
    public int shardLength() {
        return (blockLength + map.dataShards() - 1) / map.dataShards();
    }

    /** @return where the shard starts in the file */
    public int shardOffset() {
        return FIXED_HEADER_LENGTH + backupIdBytes().length;
    }

    /** @return the length of the whole file */
    public int fileLength() {
        return shardOffset() + shardLength();
    }

    /**
     * Writes the header before the shard.
     *
     * @param file holds the shard at {@link #shardOffset()}; the file is its first {@link #fileLength()} bytes (a
     *             buffer used again may be longer), what follows is left as it is
     * @throws BitDustException INVALID_ARGUMENT when the array is shorter than the file
     */
    public void seal(byte[] file) {
        seal(file, 0);
    }

    /**
     * As {@link #seal(byte[])}, for a file that starts at {@code offset} of the array (a buffer that holds a packet
     * payload around the file).
     *
     * @param file   holds the shard at {@code offset +} {@link #shardOffset()}
     * @param offset where the file starts
     * @throws BitDustException INVALID_ARGUMENT when the array is shorter than the file
     */
    public void seal(byte[] file, int offset) {
        if (offset < 0 || file.length - offset < fileLength()) {
            throw BitDustException.invalid("a fragment file of this header has " + fileLength() + " bytes, the array "
                    + file.length + " from " + offset);
        }
        byte[] id = backupIdBytes();
        int flags = (name.parity() ? PARITY : 0) | (last ? LAST : 0);
        ByteBuffer.wrap(file, offset, fileLength()).put(MAGIC).put((byte) VERSION).put((byte) flags)
                .putShort((short) map.dataShards()).putShort((short) name.position()).putLong(name.block())
                .putInt(blockLength).putInt(shardLength()).putShort((short) id.length).put(id);
    }

    private byte[] backupIdBytes() {
        return name.backupId().getBytes(StandardCharsets.UTF_8);
    }

    static String utf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw BitDustException.invalid("a backup ID is not UTF-8");
        }
    }

    @Override
    public String toString() {
        return name + " (" + map + ", block length " + blockLength + (last ? ", last)" : ")");
    }
}
