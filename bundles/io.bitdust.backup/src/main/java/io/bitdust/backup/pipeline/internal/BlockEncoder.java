package io.bitdust.backup.pipeline.internal;

import io.bitdust.backup.pipeline.FragmentFile;
import io.bitdust.backup.pipeline.FragmentName;
import io.bitdust.backup.pipeline.VersionManifest;
import io.bitdust.crypto.StreamCipher;
import io.bitdust.raid.EccCodec;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Encrypts one block and cuts it into the {@code 2N} fragment files of its ECC map. The shards are coded in place
 * inside the fragment files, so each byte is copied once. Thread-safe.
 */
public final class BlockEncoder {
    private final EccCodec codec;
    private final String backupId;
    private final byte[] key;
    private final SecureRandom random;

    /**
     * @param codec    the Reed-Solomon codec of the version's map
     * @param backupId the backup ID
     * @param key      the version's data key; not copied, the caller wipes it when done
     * @param random   the source of the cipher's salts
     */
    public BlockEncoder(EccCodec codec, String backupId, byte[] key, SecureRandom random) {
        this.codec = codec;
        this.backupId = backupId;
        this.key = key;
        this.random = random;
    }

    /**
     * @param block  the block number
     * @param data   the block's plaintext
     * @param length bytes used in {@code data}
     * @param last   whether it is the last block
     * @return the fragments: Data 0 .. N-1, then Parity 0 .. N-1
     */
    public Fragment[] encode(long block, byte[] data, int length, boolean last) {
        byte[] plaintext = length == data.length ? data : Arrays.copyOf(data, length);
        byte[] ciphertext = StreamCipher.encrypt(key, plaintext, VersionManifest.blockAad(backupId, block, last),
                random);
        int n = codec.map().dataShards();
        FragmentFile[] headers = new FragmentFile[2 * n];
        byte[][] files = new byte[2 * n][];
        for (int i = 0; i < files.length; i++) {
            headers[i] = new FragmentFile(new FragmentName(backupId, block, i % n, i >= n), codec.map(), last,
                    ciphertext.length);
            files[i] = new byte[headers[i].fileLength()];
        }
        int offset = headers[0].shardOffset();
        int shardLength = headers[0].shardLength();
        for (int i = 0; i < n; i++) {
            int from = i * shardLength;
            if (from < ciphertext.length) {
                System.arraycopy(ciphertext, from, files[i], offset, Math.min(shardLength, ciphertext.length - from));
            }
        }
        codec.encodeParity(files, offset, shardLength);
        Fragment[] fragments = new Fragment[files.length];
        for (int i = 0; i < files.length; i++) {
            headers[i].seal(files[i]);
            fragments[i] = new Fragment(headers[i].name(), files[i]);
        }
        return fragments;
    }

    /**
     * One fragment file and its name.
     *
     * @param name the name
     * @param file the file
     */
    public record Fragment(FragmentName name, byte[] file) {
    }
}
