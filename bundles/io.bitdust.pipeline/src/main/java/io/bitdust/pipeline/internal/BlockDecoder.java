package io.bitdust.pipeline.internal;

import com.github.luben.zstd.Zstd;
import io.bitdust.common.BitDustException;
import io.bitdust.crypto.StreamCipher;
import io.bitdust.pipeline.FragmentFile;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSource;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Restores the tar bytes of one block from any {@code N} good fragments: it fetches Data 0 .. N-1 and, for each one
 * missing, damaged or foreign, one more Parity fragment, decodes the missing data shards, decrypts and decompresses.
 * Rejected fragments are returned with the block. Runs on the workers, so blocks are decoded,
 * decrypted and decompressed in parallel. Thread-safe.
 */
public final class BlockDecoder {
    private final VersionManifest manifest;
    private final EccCodec codec;
    private final byte[] key;
    private final FragmentSource source;
    /** The largest plaintext of a block: the method and length header and a whole block stored as it is. */
    private final int maxPlaintext;
    private final int maxCiphertext;
    private final BufferPool ciphertexts;
    private final BufferPool plaintexts;
    private final BufferPool contents;

    /**
     * @param manifest the version's manifest
     * @param codec    the Reed-Solomon codec of its map
     * @param key      the data key; not copied, the caller wipes it when done
     * @param source   where the fragments come from
     * @param buffers  how many arrays of each kind to keep for reuse: the blocks in flight, plus one
     */
    public BlockDecoder(VersionManifest manifest, EccCodec codec, byte[] key, FragmentSource source, int buffers) {
        this.manifest = manifest;
        this.codec = codec;
        this.key = key;
        this.source = source;
        this.maxPlaintext = VersionManifest.BLOCK_HEADER_LENGTH + manifest.blockSize();
        this.maxCiphertext = Math.toIntExact(StreamCipher.ciphertextLength(maxPlaintext));
        this.ciphertexts = new BufferPool(maxCiphertext, buffers);
        this.plaintexts = new BufferPool(maxPlaintext, buffers);
        this.contents = new BufferPool(manifest.blockSize(), buffers);
    }

    /**
     * @param block the block number
     * @return its tar bytes and the fragments rejected on the way
     * @throws BitDustException UNAVAILABLE naming the block and the missing or damaged fragments when fewer than
     *     {@code N} are good; INVALID_ARGUMENT when the block fails authentication (wrong key or forged fragments) or
     *     its content is inconsistent with the manifest
     */
    public Block decode(long block) {
        int n = codec.map().dataShards();
        byte[][] files = new byte[2 * n][];
        boolean[] present = new boolean[2 * n];
        List<Rejection> rejected = new ArrayList<>();
        FragmentFile first = null;
        int good = 0;
        boolean last = block == manifest.blockCount() - 1;
        for (int i = 0; i < files.length && good < n; i++) {
            FragmentName name = new FragmentName(manifest.backupId(), block, i % n, i >= n);
            String problem;
            try {
                Optional<byte[]> file = source.fragment(name);
                FragmentFile header = file.isEmpty() ? null : FragmentFile.read(file.get());
                problem = header == null ? "missing" : problem(name, header, first, last);
                if (problem == null) {
                    files[i] = file.get();
                    present[i] = true;
                    first = first == null ? header : first;
                    good++;
                }
            } catch (IOException e) {
                problem = "unreadable: " + e.getMessage();
            } catch (BitDustException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                rejected.add(new Rejection(name, problem));
            }
        }
        if (good < n) {
            throw BitDustException.unavailable("block " + block + " of " + manifest.backupId() + " cannot be restored: "
                    + manifest.map() + " needs " + n + " good fragments, found " + good + "; missing or damaged: "
                    + rejected.stream().map(r -> r.name().fileName() + " (" + r.reason() + ")")
                    .collect(Collectors.joining(", ")));
        }
        byte[] plaintext = plaintexts.take();
        int plaintextLength = plaintext(block, first, files, present, plaintext);
        return unpackBlock(block, plaintext, plaintextLength, last, rejected);
    }

    private Block unpackBlock(long block, byte[] plaintext, int plaintextLength, boolean last,
            List<Rejection> rejected) {
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
            return new Block(plaintext, header, length, rejected, () -> plaintexts.give(plaintext));
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
        return new Block(data, 0, length, rejected, () -> contents.give(data));
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

    /** Decodes, joins and decrypts the block into {@code plaintext}; returns the plaintext's length. */
    private int plaintext(long block, FragmentFile first, byte[][] files, boolean[] present, byte[] plaintext) {
        int n = codec.map().dataShards();
        int offset = first.shardOffset();
        int shardLength = first.shardLength();
        int blockLength = first.blockLength();
        if (blockLength > maxCiphertext) {
            throw inconsistent(block, "its fragments announce " + blockLength
                    + " encrypted bytes, more than a block of " + manifest.blockSize() + " bytes can have");
        }
        boolean dataMissing = false;
        for (int i = 0; i < n; i++) {
            if (!present[i]) {
                files[i] = new byte[first.fileLength()];
                dataMissing = true;
            }
        }
        if (dataMissing) {
            codec.decodeData(files, present, offset, shardLength);
        }
        byte[] ciphertext = ciphertexts.take();
        try {
            for (int i = 0; i < n && i * shardLength < blockLength; i++) {
                System.arraycopy(files[i], offset, ciphertext, i * shardLength,
                        Math.min(shardLength, blockLength - i * shardLength));
            }
            return StreamCipher.decrypt(key, ciphertext, 0, blockLength, manifest.blockAad(block, first.last()),
                    plaintext, 0);
        } catch (BitDustException e) {
            throw BitDustException.invalid("block " + block + " of " + manifest.backupId() + " failed authentication: "
                    + "wrong data key, or forged fragments");
        } finally {
            ciphertexts.give(ciphertext);
        }
    }

    /**
     * The content of a block.
     *
     * @param data     holds the block's bytes
     * @param offset   where they start in {@code data}
     * @param length   how many there are
     * @param rejected the fragments rejected while restoring it
     * @param release  hands {@code data} back for reuse; call it once nothing reads {@code data} any more
     */
    public record Block(byte[] data, int offset, int length, List<Rejection> rejected, Runnable release) {
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
