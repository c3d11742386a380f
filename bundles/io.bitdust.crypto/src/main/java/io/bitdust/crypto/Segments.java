package io.bitdust.crypto;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The segments of one {@link StreamCipher} message, sealed or opened in order: each is one AES-GCM message under the
 * message key, with the nonce prefix, the segment index and the last-segment flag as its nonce. Not thread-safe.
 */
final class Segments {
    static final byte VERSION = 1;
    static final int SALT_LENGTH = 16;
    static final int PREFIX_LENGTH = 7;
    static final int HEADER_LENGTH = 1 + SALT_LENGTH + PREFIX_LENGTH;

    private static final byte[] LABEL = "bitdust/stream/v1".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_SEGMENTS = 1L << 32;

    private final SecretKeySpec key;
    private final byte[] nonce = new byte[BlockCipher.NONCE_LENGTH];
    private final Cipher cipher;
    private long index;

    /**
     * @param masterKey the caller's 32-byte key
     * @param header    the message header: version, salt, nonce prefix
     * @param aad       the associated data, bound through the message key
     */
    Segments(byte[] masterKey, byte[] header, byte[] aad) {
        if (masterKey == null || masterKey.length != BlockCipher.KEY_LENGTH) {
            throw BitDustException.invalid("an AES-256 key has " + BlockCipher.KEY_LENGTH + " bytes");
        }
        if (header[0] != VERSION) {
            throw BitDustException.invalid("unknown encrypted stream version " + header[0]);
        }
        byte[] salt = new byte[SALT_LENGTH];
        System.arraycopy(header, 1, salt, 0, SALT_LENGTH);
        System.arraycopy(header, 1 + SALT_LENGTH, nonce, 0, PREFIX_LENGTH);
        this.key = new SecretKeySpec(Hkdf.deriveKey(masterKey, salt, LABEL, aad), "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    static byte[] newHeader(SecureRandom random) {
        byte[] header = new byte[HEADER_LENGTH];
        random.nextBytes(header);
        header[0] = VERSION;
        return header;
    }

    /** Seals the next segment: {@code length} (at most one segment) bytes in, {@code length + 16} bytes out. */
    int seal(byte[] in, int offset, int length, boolean last, byte[] out, int outOffset) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce(last));
            return cipher.doFinal(in, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    /** Opens the next segment, or fails when it was altered, moved, dropped or wrongly marked last. */
    int open(byte[] in, int offset, int length, boolean last, byte[] out, int outOffset) {
        long segment = index;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nextNonce(last));
            if (length < BlockCipher.TAG_LENGTH) {
                throw new AEADBadTagException("segment shorter than its tag");
            }
            return cipher.doFinal(in, offset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            throw BitDustException.invalid("encrypted data is damaged, truncated or was altered (segment " + segment
                    + "), or the key or associated data are wrong");
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "AES-GCM decryption failed: " + e.getMessage(), e);
        }
    }

    private GCMParameterSpec nextNonce(boolean last) {
        if (index == MAX_SEGMENTS) {
            throw BitDustException.invalid("an encrypted stream holds at most 2^32 segments");
        }
        int position = PREFIX_LENGTH;
        for (int shift = 24; shift >= 0; shift -= 8) {
            nonce[position++] = (byte) (index >>> shift);
        }
        nonce[position] = (byte) (last ? 1 : 0);
        index++;
        return new GCMParameterSpec(BlockCipher.TAG_LENGTH * 8, nonce);
    }
}
