package io.bitdust.pipeline.internal;

import com.github.luben.zstd.Zstd;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ByteRange;
import io.bitdust.crypto.StreamCipher;
import io.bitdust.pipeline.BufferCache;
import io.bitdust.pipeline.FragmentFile;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSource;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the tar bytes of one block from any {@code N} good fragments: it fetches Data 0 .. N-1 and, for each one
 * missing, damaged, foreign or not matching its SHA-256 in the signed manifest, one more Parity fragment, decodes the
 * missing data shards, decrypts and decompresses. When the block fails authentication it fetches every fragment and
 * tries other sets of {@code N}; once one authenticates, the fragments that disagree with it served bad data.
 * Rejected fragments and the positions that served bad data are returned with the block. Runs on the workers, so
 * blocks are decoded, decrypted and decompressed in parallel. Thread-safe.
 */
public final class BlockDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(BlockDecoder.class);
    /** At most this many sets of N fragments are tried per block: C(2N, N) grows fast, a bad block fails sooner. */
    static final int MAX_SETS = 64;

    private final VersionManifest manifest;
    private final EccCodec codec;
    private final byte[] key;
    private final FragmentSource source;
    /** The largest plaintext of a block: the method and length header and a whole block stored as it is. */
    private final int maxPlaintext;
    private final int maxCiphertext;
    private final BufferPool plaintexts;
    private final BufferPool contents;

    /**
     * A decoder whose free arrays are kept only while it lives.
     *
     * @param manifest the version's manifest
     * @param codec    the Reed-Solomon codec of its map
     * @param key      the data key; not copied, the caller wipes it when done
     * @param source   where the fragments come from
     * @param buffers  how many arrays of each kind to keep for reuse: the blocks in flight, plus one
     */
    public BlockDecoder(VersionManifest manifest, EccCodec codec, byte[] key, FragmentSource source, int buffers) {
        this(manifest, codec, key, source, new BufferCache(), buffers);
    }

    /**
     * @param manifest the version's manifest
     * @param codec    the Reed-Solomon codec of its map
     * @param key      the data key; not copied, the caller wipes it when done
     * @param source   where the fragments come from
     * @param cache    where its free arrays are kept, for it and for later decoders
     * @param buffers  how many arrays of each kind to keep for reuse: the blocks in flight, plus one
     */
    public BlockDecoder(VersionManifest manifest, EccCodec codec, byte[] key, FragmentSource source, BufferCache cache,
            int buffers) {
        this.manifest = manifest;
        this.codec = codec;
        this.key = key;
        this.source = source;
        this.maxPlaintext = VersionManifest.BLOCK_HEADER_LENGTH + manifest.blockSize();
        this.maxCiphertext = Math.toIntExact(StreamCipher.ciphertextLength(maxPlaintext));
        this.plaintexts = new BufferPool(cache, maxPlaintext, buffers);
        this.contents = new BufferPool(cache, manifest.blockSize(), buffers);
    }

    /**
     * @param block the block number
     * @return its tar bytes, the fragments rejected on the way and the positions that served bad data
     * @throws BitDustException UNAVAILABLE naming the block and the missing or damaged fragments when fewer than
     *     {@code N} are good; INVALID_ARGUMENT naming the block and the sets of positions tried when no set of
     *     {@code N} good fragments authenticates (wrong key or forged fragments), or when its content is inconsistent
     *     with the manifest
     */
    public Block decode(long block) {
        int n = codec.map().dataShards();
        Fetched fetched = new Fetched(block);
        fetched.fetch(n);
        if (fetched.good < n) {
            throw BitDustException.unavailable("block " + block + " of " + manifest.backupId() + " cannot be restored: "
                    + manifest.map() + " needs " + n + " good fragments, found " + fetched.good
                    + "; missing or damaged: " + fetched.rejected.stream().map(r -> r.name().fileName() + " ("
                    + r.reason() + ")").collect(Collectors.joining(", ")));
        }
        byte[] plaintext = plaintexts.take();
        int plaintextLength = -1;
        byte[][] files = null;
        List<int[]> tried = new ArrayList<>();
        try {
            for (int[] set = fetched.firstSet(n); set != null && tried.size() < MAX_SETS; set = fetched.nextSet(set)) {
                files = new byte[2 * n][];
                plaintextLength = plaintext(block, fetched.first, fetched.files, set, files, !tried.isEmpty(),
                        plaintext);
                if (plaintextLength >= 0) {
                    break;
                }
                tried.add(set);
                if (tried.size() == 1) {
                    LOG.warn("Block {} of {} failed authentication with {}; trying other sets of {} fragments", block,
                            manifest.backupId(), names(set), n);
                    fetched.fetch(2 * n);
                }
            }
            if (plaintextLength >= 0 && !tried.isEmpty()) {
                fetched.findBad(files);
            }
        } catch (RuntimeException e) {
            plaintexts.give(plaintext);
            throw e;
        }
        if (plaintextLength < 0) {
            plaintexts.give(plaintext);
            throw BitDustException.invalid("block " + block + " of " + manifest.backupId() + " failed authentication "
                    + "with each of the " + tried.size() + " sets of " + n + " good fragments tried: "
                    + tried.stream().map(this::names).collect(Collectors.joining(", "))
                    + "; wrong data key, or forged fragments");
        }
        return unpackBlock(block, plaintext, plaintextLength, fetched.last, fetched.rejected,
                List.copyOf(fetched.bad));
    }

    private String names(int[] set) {
        int n = codec.map().dataShards();
        return Arrays.stream(set).mapToObj(i -> (i % n) + "-" + (i >= n ? "Parity" : "Data"))
                .collect(Collectors.joining(" ", "[", "]"));
    }

    /** The fragments of one block fetched so far: the good ones (checked against the signed manifest) and the rest. */
    private final class Fetched {
        private final long block;
        private final boolean last;
        /** The good fragment files where they lie (a range of the packet each came in), null where none is. */
        private final ByteRange[] files = new ByteRange[codec.map().totalShards()];
        private final List<Rejection> rejected = new ArrayList<>();
        private final SortedSet<Integer> bad = new TreeSet<>();
        private FragmentFile first;
        private int good;
        private int next;

        Fetched(long block) {
            this.block = block;
            this.last = block == manifest.blockCount() - 1;
        }

        /**
         * Fetches Data 0 .. N-1, then Parity 0 .. N-1, until {@code target} are good or none is left: as many at once
         * as are still missing, so that the N fragments of a block travel together.
         */
        void fetch(int target) {
            while (next < files.length && good < target) {
                int count = Math.min(target - good, files.length - next);
                FragmentName[] names = new FragmentName[count];
                FragmentSource.Fetch[] fetches = new FragmentSource.Fetch[count];
                for (int k = 0; k < count; k++) {
                    names[k] = name(next + k);
                    fetches[k] = source.fetch(names[k]);
                }
                for (int k = 0; k < count; k++, next++) {
                    check(names[k], fetches[k]);
                }
            }
        }

        private FragmentName name(int index) {
            int n = codec.map().dataShards();
            return new FragmentName(manifest.backupId(), block, index % n, index >= n);
        }

        /** Takes the fragment at {@link #next} when it is good, else records why not. */
        private void check(FragmentName name, FragmentSource.Fetch fetch) {
            String problem;
            boolean damaged = true;
            try {
                Optional<ByteRange> file = fetch.range();
                FragmentFile header = file.isEmpty() ? null : FragmentFile.read(file.get());
                damaged = header != null;
                problem = header == null ? "missing" : problem(name, header, first, last);
                if (problem == null && !manifest.matches(name, file.get())) {
                    problem = "SHA-256 differs from the one in the signed manifest";
                }
                if (problem == null) {
                    files[next] = file.get();
                    first = first == null ? header : first;
                    good++;
                }
            } catch (IOException e) {
                damaged = false;
                problem = "unreadable: " + e.getMessage();
            } catch (BitDustException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                rejected.add(new Rejection(name, problem));
                if (damaged) {
                    bad.add(name.position());
                }
            }
        }

        /** @return the first N good fragments, the data ones first (so that nothing needs decoding) */
        int[] firstSet(int n) {
            int[] set = new int[n];
            for (int i = 0, k = 0; k < n; i++) {
                if (files[i] != null) {
                    set[k++] = i;
                }
            }
            return set;
        }

        /** @return the next set of N good fragments after {@code set} in lexicographic order, or null */
        int[] nextSet(int[] set) {
            int[] good = new int[this.good];
            for (int i = 0, k = 0; i < files.length; i++) {
                if (files[i] != null) {
                    good[k++] = i;
                }
            }
            int[] at = new int[set.length];
            for (int j = 0; j < set.length; j++) {
                at[j] = Arrays.binarySearch(good, set[j]);
            }
            int j = set.length - 1;
            while (j >= 0 && at[j] == good.length - set.length + j) {
                j--;
            }
            if (j < 0) {
                return null;
            }
            at[j]++;
            for (int k = j + 1; k < set.length; k++) {
                at[k] = at[k - 1] + 1;
            }
            int[] result = new int[set.length];
            for (int k = 0; k < set.length; k++) {
                result[k] = good[at[k]];
            }
            return result;
        }

        /**
         * After a set authenticated, when an earlier one did not: the shards it gives are the owner's, so any good
         * fragment whose shard differs from them served bad data. Only on this rare path is the parity recomputed.
         */
        void findBad(byte[][] decoded) {
            int n = codec.map().dataShards();
            int offset = first.shardOffset();
            int length = first.shardLength();
            byte[][] shards = new byte[2 * n][];
            for (int i = 0; i < n; i++) {
                shards[i] = decoded[i];
            }
            for (int i = n; i < 2 * n; i++) {
                shards[i] = new byte[first.fileLength()];
            }
            codec.encodeParity(shards, offset, length);
            for (int i = 0; i < files.length; i++) {
                if (files[i] != null && !Arrays.equals(files[i].array(), files[i].offset() + offset,
                        files[i].offset() + offset + length, shards[i], offset, offset + length)) {
                    FragmentName name = new FragmentName(manifest.backupId(), block, i % n, i >= n);
                    rejected.add(new Rejection(name, "its shard fails authentication with the others"));
                    bad.add(name.position());
                    LOG.warn("Fragment {} served bad data: block {} of {} authenticates without it", name.fileName(),
                            block, manifest.backupId());
                }
            }
        }
    }

    private Block unpackBlock(long block, byte[] plaintext, int plaintextLength, boolean last,
            List<Rejection> rejected, List<Integer> bad) {
        int header = VersionManifest.BLOCK_HEADER_LENGTH;
        if (plaintextLength < header) {
            throw inconsistent(block, "it has " + plaintextLength + " bytes");
        }
        int method = plaintext[0] & 0xff;
        int length = ByteBuffer.wrap(plaintext).getInt(1);
        if (length < 0 || length > manifest.blockSize() || (!last && length != manifest.blockSize())) {
            throw inconsistent(block, "it holds " + (length & 0xffffffffL) + " bytes, the block size is "
                    + manifest.blockSize());
        }
        if (method == VersionManifest.BLOCK_STORED) {
            if (plaintextLength - header != length) {
                throw inconsistent(block, "stored " + (plaintextLength - header) + " bytes instead of " + length);
            }
            return new Block(plaintext, header, length, rejected, bad, () -> plaintexts.give(plaintext));
        }
        if (method != VersionManifest.BLOCK_ZSTD) {
            throw inconsistent(block, "unknown method " + method);
        }
        byte[] data = contents.take();
        long size = Zstd.decompressByteArray(data, 0, length, plaintext, header, plaintextLength - header);
        plaintexts.give(plaintext);
        if (Zstd.isError(size) || size != length) {
            throw inconsistent(block, "its zstd frame does not decompress to " + length + " bytes"
                    + (Zstd.isError(size) ? ": " + Zstd.getErrorName(size) : ""));
        }
        return new Block(data, 0, length, rejected, bad, () -> contents.give(data));
    }

    private BitDustException inconsistent(long block, String problem) {
        return BitDustException.invalid("block " + block + " of " + manifest.backupId() + " is inconsistent: "
                + problem);
    }

    private String problem(FragmentName name, FragmentFile header, FragmentFile first, boolean last) {
        if (!header.name().equals(name)) {
            return "foreign: it is " + header.name();
        }
        if (header.map() != manifest.map() || header.last() != last) {
            return "foreign: " + header;
        }
        if (first != null && header.blockLength() != first.blockLength()) {
            return "block length " + header.blockLength() + " differs from " + first.blockLength() + " in "
                    + first.name().fileName();
        }
        return null;
    }

    /**
     * Decodes and decrypts the block from the fragments of {@code set} into {@code plaintext}. The shards are
     * decrypted where they lie (the message runs across them, {@link StreamCipher#decrypt(byte[], byte[][], int[],
     * int, int, byte[], byte[], int)}); only when a data fragment is missing are the fragments of the set copied, into
     * arrays the Reed-Solomon decoder lines up.
     *
     * @param good  the good fragment files, null where there is none
     * @param set   the N positions (0 .. 2N-1) to decode from
     * @param files filled with the data shards decoded, and with copies of those used when {@code keep}, for
     *              {@link Fetched#findBad}
     * @param keep  whether to copy the data shards used into {@code files}
     * @return the plaintext's length, or -1 when the block fails authentication with this set
     */
    private int plaintext(long block, FragmentFile first, ByteRange[] good, int[] set, byte[][] files, boolean keep,
            byte[] plaintext) {
        int n = codec.map().dataShards();
        int offset = first.shardOffset();
        int shardLength = first.shardLength();
        int blockLength = first.blockLength();
        if (blockLength > maxCiphertext) {
            throw inconsistent(block, "its fragments announce " + blockLength
                    + " encrypted bytes, more than a block of " + manifest.blockSize() + " bytes can have");
        }
        boolean[] present = new boolean[2 * n];
        for (int i : set) {
            present[i] = true;
        }
        boolean dataMissing = false;
        for (int i = 0; i < n; i++) {
            dataMissing |= !present[i];
        }
        if (dataMissing || keep) {
            for (int i : set) {
                files[i] = good[i].copy();
            }
        }
        if (dataMissing) {
            for (int i = 0; i < n; i++) {
                if (!present[i]) {
                    files[i] = new byte[first.fileLength()];
                }
            }
            codec.decodeData(files, present, offset, shardLength);
        }
        // at most N: a message longer than the data shards can hold fails to decrypt
        int stripes = shardLength < 1 ? n : (int) Math.min(n, (blockLength + (long) shardLength - 1) / shardLength);
        byte[][] shards = new byte[stripes][];
        int[] offsets = new int[stripes];
        for (int i = 0; i < stripes; i++) {
            shards[i] = files[i] != null ? files[i] : good[i].array();
            offsets[i] = (files[i] != null ? 0 : good[i].offset()) + offset;
        }
        try {
            return StreamCipher.decrypt(key, shards, offsets, shardLength, blockLength,
                    manifest.blockAad(block, first.last()), plaintext, 0);
        } catch (BitDustException e) {
            return -1;
        }
    }

    /**
     * The content of a block.
     *
     * @param data     holds the block's bytes
     * @param offset   where they start in {@code data}
     * @param length   how many there are
     * @param rejected the fragments rejected while restoring it
     * @param bad      the positions (0 .. N-1) that served bad data: damaged, foreign, not matching the signed
     *                 manifest or failing authentication with the others; sorted
     * @param release  hands {@code data} back for reuse; call it once nothing reads {@code data} any more
     */
    public record Block(byte[] data, int offset, int length, List<Rejection> rejected, List<Integer> bad,
            Runnable release) {
    }

    /**
     * A fragment treated as an erasure.
     *
     * @param name   the fragment
     * @param reason why
     */
    public record Rejection(FragmentName name, String reason) {
    }
}
