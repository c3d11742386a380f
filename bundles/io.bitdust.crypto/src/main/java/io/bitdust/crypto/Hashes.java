package io.bitdust.crypto;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** SHA-256 through the JDK provider, fed in slices of at most {@value BlockCipher#SLICE_LENGTH} bytes. */
public final class Hashes {
    /** Length of a SHA-256 digest in bytes. */
    public static final int SHA256_LENGTH = 32;

    private Hashes() {
    }

    /**
     * @param data the bytes to hash
     * @return their SHA-256 digest
     */
    public static byte[] sha256(byte[] data) {
        return newSha256().update(data, 0, data.length).digest();
    }

    /**
     * @param in the bytes to hash, read to the end; not closed
     * @return their SHA-256 digest
     * @throws IOException when reading fails
     */
    public static byte[] sha256(InputStream in) throws IOException {
        Sha256 sha256 = newSha256();
        byte[] buffer = new byte[BlockCipher.SLICE_LENGTH];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            sha256.update(buffer, 0, n);
        }
        return sha256.digest();
    }

    /** @return a fresh incremental SHA-256 computation */
    public static Sha256 newSha256() {
        try {
            return new Sha256(MessageDigest.getInstance("SHA-256"));
        } catch (NoSuchAlgorithmException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "SHA-256 is not available", e);
        }
    }

    /** An incremental SHA-256 computation, for data that arrives in pieces of any size. Not thread-safe. */
    public static final class Sha256 {
        private final MessageDigest digest;

        private Sha256(MessageDigest digest) {
            this.digest = digest;
        }

        /**
         * @param data   holds the next bytes
         * @param offset where they start
         * @param length how many there are
         * @return this
         */
        public Sha256 update(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            for (int end = offset + length; offset < end; offset += BlockCipher.SLICE_LENGTH) {
                digest.update(data, offset, Math.min(BlockCipher.SLICE_LENGTH, end - offset));
            }
            return this;
        }

        /** @return the digest of everything given so far; the computation starts over afterwards */
        public byte[] digest() {
            return digest.digest();
        }
    }
}
