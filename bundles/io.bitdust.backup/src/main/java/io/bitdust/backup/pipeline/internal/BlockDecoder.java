package io.bitdust.backup.pipeline.internal;

import com.github.luben.zstd.Zstd;
import io.bitdust.backup.pipeline.FragmentFile;
import io.bitdust.backup.pipeline.FragmentName;
import io.bitdust.backup.pipeline.FragmentSource;
import io.bitdust.backup.pipeline.VersionManifest;
import io.bitdust.common.BitDustException;
import io.bitdust.crypto.StreamCipher;
import io.bitdust.raid.EccCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Restores the tar bytes of one block from any {@code N} good fragments: it fetches Data 0 .. N-1 and, for each one
 * missing, damaged or foreign, one more Parity fragment, decodes the missing data shards, decrypts and (format version
 * 2) decompresses. Rejected fragments are returned with the block. Runs on the workers, so blocks are decoded,
 * decrypted and decompressed in parallel. Thread-safe.
 */
public final class BlockDecoder {
    private final VersionManifest manifest;
    private final EccCodec codec;
    private final byte[] key;
    private final FragmentSource source;

    /**
     * @param manifest the version's manifest
     * @param codec    the Reed-Solomon codec of its map
     * @param key      the data key; not copied, the caller wipes it when done
     * @param source   where the fragments come from
     */
    public BlockDecoder(VersionManifest manifest, EccCodec codec, byte[] key, FragmentSource source) {
        this.manifest = manifest;
        this.codec = codec;
        this.key = key;
        this.source = source;
    }

    /**
     * @param block the block number
     * @return its tar bytes (format version 1: its slice of the zstd stream) and the fragments rejected on the way
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
        byte[] plaintext = plaintext(block, first, files, present);
        if (manifest.version() == VersionManifest.VERSION_ZSTD_STREAM) {
            return new Block(plaintext, 0, plaintext.length, rejected);
        }
        return unpackBlock(block, plaintext, last, rejected);
    }

    private Block unpackBlock(long block, byte[] plaintext, boolean last, List<Rejection> rejected) {
        int header = VersionManifest.BLOCK_HEADER_LENGTH;
        if (plaintext.length < header) {
            throw inconsistent(block, "it has " + plaintext.length + " bytes");
        }
        int method = plaintext[0] & 0xff;
        int length = ByteBuffer.wrap(plaintext).getInt(1);
        if (length < 0 || length > manifest.blockSize() || (!last && length != manifest.blockSize())) {
            throw inconsistent(block, "it holds " + (length & 0xffffffffL) + " bytes, the block size is "
                    + manifest.blockSize());
        }
        if (method == VersionManifest.BLOCK_STORED) {
            if (plaintext.length - header != length) {
                throw inconsistent(block, "stored " + (plaintext.length - header) + " bytes instead of " + length);
            }
            return new Block(plaintext, header, length, rejected);
        }
        if (method != VersionManifest.BLOCK_ZSTD) {
            throw inconsistent(block, "unknown method " + method);
        }
        byte[] data = new byte[length];
        long size = Zstd.decompressByteArray(data, 0, length, plaintext, header, plaintext.length - header);
        if (Zstd.isError(size) || size != length) {
            throw inconsistent(block, "its zstd frame does not decompress to " + length + " bytes"
                    + (Zstd.isError(size) ? ": " + Zstd.getErrorName(size) : ""));
        }
        return new Block(data, 0, length, rejected);
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

    private byte[] plaintext(long block, FragmentFile first, byte[][] files, boolean[] present) {
        int n = codec.map().dataShards();
        int offset = first.shardOffset();
        int shardLength = first.shardLength();
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
        byte[] ciphertext = new byte[first.blockLength()];
        for (int i = 0; i < n && i * shardLength < ciphertext.length; i++) {
            System.arraycopy(files[i], offset, ciphertext, i * shardLength,
                    Math.min(shardLength, ciphertext.length - i * shardLength));
        }
        try {
            return StreamCipher.decrypt(key, ciphertext, manifest.blockAad(block, first.last()));
        } catch (BitDustException e) {
            throw BitDustException.invalid("block " + block + " of " + manifest.backupId() + " failed authentication: "
                    + "wrong data key, or forged fragments");
        }
    }

    /**
     * The content of a block.
     *
     * @param data     holds the block's bytes
     * @param offset   where they start in {@code data}
     * @param length   how many there are
     * @param rejected the fragments rejected while restoring it
     */
    public record Block(byte[] data, int offset, int length, List<Rejection> rejected) {
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
