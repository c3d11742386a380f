package io.bitdust.pipeline.internal;

import com.github.luben.zstd.Zstd;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.StreamCipher;
import io.bitdust.pipeline.FragmentFile;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSink;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccCodec;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Compresses one block of the tar stream (a zstd frame, or the bytes as they are when zstd does not make them
 * smaller, behind the method and length header of {@link VersionManifest}), encrypts it and cuts it into
 * the {@code 2N} fragment files of its ECC map. The cipher writes straight into the data shards of the fragment
 * files and the parity is coded in place, so the block is neither copied whole nor held encrypted in another array.
 * Each fragment file is hashed once (SHA-256) for the version's signed manifest. Runs on the workers, so
 * compression, encryption, coding and hashes of different blocks run in parallel.
 * Thread-safe.
 */
public final class BlockEncoder {
    /** Blocks this long or longer are probed before zstd runs over them whole ({@link #worthCompressing}). */
    static final int PROBE_FROM = 1 << 20;
    /** Fragment buffers are a whole number of these long. */
    private static final int FILE_BUFFER_GRAIN = 64 * 1024;
    static final int PROBE_SPANS = 128;
    static final int PROBE_SPAN = 2048;
    /** A probe must shrink by 1/50 of its length (2 %) for its block to be compressed. */
    static final int PROBE_GAIN = 50;

    private final EccCodec codec;
    private final String backupId;
    private final byte[] key;
    private final SecureRandom random;
    private final int compressionLevel;
    private final BufferPool blocks;
    private final BufferPool scratch;
    private final BufferPool files;
    private final FragmentSink.Room room;

    /**
     * As {@link #BlockEncoder(EccCodec, String, byte[], SecureRandom, int, BufferPool, int, FragmentSink.Room)}, with
     * each fragment file at the start of its buffer.
     */
    public BlockEncoder(EccCodec codec, String backupId, byte[] key, SecureRandom random, int compressionLevel,
            BufferPool blocks, int blocksInFlight) {
        this(codec, backupId, key, random, compressionLevel, blocks, blocksInFlight, FragmentSink.Room.NONE);
    }

    /**
     * @param codec            the Reed-Solomon codec of the version's map
     * @param backupId         the backup ID
     * @param key              the version's data key; not copied, the caller wipes it when done
     * @param random           the source of the cipher's salts
     * @param compressionLevel the zstd level of each block
     * @param blocks           where the blocks given to {@link #encode} go back once compressed, or null; the
     *                         encoder's own buffers (compressed blocks, fragment files) are kept in its cache too
     * @param blocksInFlight   how many blocks' fragments may be in use at once: twice as many sets of fragment buffers
     *                         are kept for {@link #reuse} (a sink may keep a buffer until its fragment is stored)
     * @param room             the room the sink wants around each fragment file in its buffer
     */
    public BlockEncoder(EccCodec codec, String backupId, byte[] key, SecureRandom random, int compressionLevel,
            BufferPool blocks, int blocksInFlight, FragmentSink.Room room) {
        this.codec = codec;
        this.backupId = backupId;
        this.key = key;
        this.random = random;
        this.compressionLevel = compressionLevel;
        this.blocks = blocks;
        this.scratch = blocks == null ? null : blocks.sibling(Math.toIntExact(Zstd.compressBound(blocks.size())), 4);
        this.room = room;
        // rounded up, so that versions whose backup IDs differ in length share the arrays of a shared cache
        this.files = blocks == null ? null : blocks.sibling(roundUp(room.before() + maxFileLength(codec, backupId,
                blocks.size()) + room.after(), FILE_BUFFER_GRAIN), 4 * codec.map().dataShards()
                * Math.max(1, blocksInFlight));
    }

    /**
     * Gives a fragment's buffer back, to hold a fragment of a later block: call it once nothing reads the fragment
     * any more (its sink released it).
     *
     * @param fragment a fragment {@link #encode} returned
     */
    public void reuse(Fragment fragment) {
        if (files != null) {
            files.give(fragment.file());
        }
    }

    private static int roundUp(int length, int grain) {
        return Math.toIntExact((length + (long) grain - 1) / grain * grain);
    }

    /** @return the length of a fragment file of a block of {@code blockSize} bytes stored as they are: the longest */
    private static int maxFileLength(EccCodec codec, String backupId, int blockSize) {
        int ciphertext = Math.toIntExact(StreamCipher.ciphertextLength(VersionManifest.BLOCK_HEADER_LENGTH
                + (long) blockSize));
        return new FragmentFile(new FragmentName(backupId, 0, 0, false), codec.map(), false, ciphertext)
                .fileLength();
    }

    /**
     * @param block  the block number
     * @param data   the block's tar bytes
     * @param length bytes used in {@code data}
     * @param last   whether it is the last block
     * @return the fragments: Data 0 .. N-1, then Parity 0 .. N-1
     */
    public Fragment[] encode(long block, byte[] data, int length, boolean last) {
        int bound = Math.toIntExact(Zstd.compressBound(length));
        byte[] out = scratch != null && bound <= scratch.size() ? scratch.take() : new byte[bound];
        int compressed = compressInto(data, length, compressionLevel, out);
        byte[] head = ByteBuffer.allocate(VersionManifest.BLOCK_HEADER_LENGTH)
                .put((byte) (compressed < 0 ? VersionManifest.BLOCK_STORED : VersionManifest.BLOCK_ZSTD))
                .putInt(length).array();
        byte[] body = compressed < 0 ? data : out;
        int bodyLength = compressed < 0 ? length : compressed;
        int ciphertextLength = Math.toIntExact(StreamCipher.ciphertextLength(head.length + (long) bodyLength));
        int n = codec.map().dataShards();
        FragmentFile[] headers = new FragmentFile[2 * n];
        byte[][] files = new byte[2 * n][];
        int base = room.before();
        for (int i = 0; i < files.length; i++) {
            headers[i] = new FragmentFile(new FragmentName(backupId, block, i % n, i >= n), codec.map(), last,
                    ciphertextLength);
            int bufferLength = base + headers[i].fileLength() + room.after();
            files[i] = this.files != null && bufferLength <= this.files.size() ? this.files.take()
                    : new byte[bufferLength];
        }
        int offset = base + headers[0].shardOffset();
        int shardLength = headers[0].shardLength();
        int written = StreamCipher.encrypt(key, VersionManifest.blockAad(backupId, block, last), random, head, body, 0,
                bodyLength, Arrays.copyOf(files, n), offset, shardLength);
        if (written != ciphertextLength) {
            throw new BitDustException(ErrorCode.INTERNAL, "block " + block + " encrypted to " + written
                    + " bytes, expected " + ciphertextLength);
        }
        padShards(files, n, offset, shardLength, written);
        if (scratch != null) {
            scratch.give(out);
        }
        if (blocks != null) {
            blocks.give(data);
        }
        codec.encodeParity(files, offset, shardLength);
        Fragment[] fragments = new Fragment[files.length];
        for (int i = 0; i < files.length; i++) {
            headers[i].seal(files[i], base);
            int fileLength = headers[i].fileLength();
            fragments[i] = new Fragment(headers[i].name(), files[i], base, fileLength,
                    Hashes.newSha256().update(files[i], base, fileLength).digest());
        }
        return fragments;
    }

    /**
     * Compresses a block into {@code out} when that makes it smaller. A block of at least {@link #PROBE_FROM} bytes
     * is probed first ({@link #worthCompressing}): random or already compressed data (photos, video, archives) is
     * stored without running zstd over all of it.
     *
     * @param data   the block's tar bytes
     * @param length bytes used in {@code data}
     * @param level  the zstd level
     * @param out    at least {@code Zstd.compressBound(length)} bytes
     * @return the length of the zstd frame at the start of {@code out}, or -1 when the block is to be stored
     */
    static int compressInto(byte[] data, int length, int level, byte[] out) {
        if (length >= PROBE_FROM && !worthCompressing(data, length, level, out)) {
            return -1;
        }
        long compressed = zstd(out, data, 0, length, level);
        return compressed < length ? (int) compressed : -1;
    }

    /**
     * Whether zstd would make a block noticeably smaller, judged from {@link #PROBE_SPANS} spans of
     * {@link #PROBE_SPAN} bytes spread evenly over it (the first at its start, the last at its end), compressed
     * together at the block's level: worth it when they shrink by at least 1/{@value #PROBE_GAIN} of their length.
     * The probe is at most 1/4 of a block probed, and zstd runs over it at several GB/s when it does not shrink. A
     * block whose compressible part lies between the spans is stored although zstd would have shrunk it a little:
     * the spans start less than 1/127 of the block apart, so such a part is small.
     *
     * @param out room for zstd's output, at least {@code Zstd.compressBound} of the probe
     */
    static boolean worthCompressing(byte[] data, int length, int level, byte[] out) {
        byte[] probe = new byte[PROBE_SPANS * PROBE_SPAN];
        for (int i = 0; i < PROBE_SPANS; i++) {
            int from = Math.toIntExact((long) i * (length - PROBE_SPAN) / (PROBE_SPANS - 1));
            System.arraycopy(data, from, probe, i * PROBE_SPAN, PROBE_SPAN);
        }
        return zstd(out, probe, 0, probe.length, level) <= probe.length - probe.length / PROBE_GAIN;
    }

    /** @return the length of the zstd frame of {@code data[from, from + length)} written at the start of out */
    private static long zstd(byte[] out, byte[] data, int from, int length, int level) {
        long compressed = Zstd.compressByteArray(out, 0, out.length, data, from, length, level);
        if (Zstd.isError(compressed)) {
            throw new BitDustException(ErrorCode.INTERNAL, "zstd failed: " + Zstd.getErrorName(compressed));
        }
        return compressed;
    }

    /**
     * The plaintext of a block, as one array: a zstd frame when it is smaller than the data, else the data.
     *
     * @param data   the block's tar bytes
     * @param length bytes used in {@code data}
     * @param level  the zstd level
     * @return method, length and the frame or the data
     */
    static byte[] compress(byte[] data, int length, int level) {
        byte[] out = new byte[Math.toIntExact(Zstd.compressBound(length))];
        int compressed = compressInto(data, length, level, out);
        int header = VersionManifest.BLOCK_HEADER_LENGTH;
        byte[] plaintext = new byte[header + (compressed < 0 ? length : compressed)];
        System.arraycopy(compressed < 0 ? data : out, 0, plaintext, header, plaintext.length - header);
        plaintext[0] = (byte) (compressed < 0 ? VersionManifest.BLOCK_STORED : VersionManifest.BLOCK_ZSTD);
        ByteBuffer.wrap(plaintext).putInt(1, length);
        return plaintext;
    }

    /**
     * Zeroes what is left of the data shards after the ciphertext (shard i holds its bytes [i*S, (i+1)*S)): a buffer
     * used again holds older bytes.
     */
    private static void padShards(byte[][] files, int dataShards, int offset, int shardLength, long written) {
        for (long at = written; at < (long) dataShards * shardLength; at += shardLength - at % shardLength) {
            int from = offset + (int) (at % shardLength);
            Arrays.fill(files[(int) (at / shardLength)], from, offset + shardLength, (byte) 0);
        }
    }

    /**
     * One fragment file, its name and the SHA-256 of the file, for the signed manifest.
     *
     * @param name   the name
     * @param file   holds the file from {@code offset}: a buffer, with the sink's room around the file
     * @param offset where the file starts in {@code file}
     * @param length the file's length
     * @param sha256 the SHA-256 of the whole file
     */
    public record Fragment(FragmentName name, byte[] file, int offset, int length, byte[] sha256) {
        /** @return a copy of the file, of its exact length */
        public byte[] bytes() {
            return Arrays.copyOfRange(file, offset, offset + length);
        }
    }
}
