package io.bitdust.crypto;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-shot AES-256-GCM (NIST SP 800-38D, 96-bit nonce, 128-bit tag) through the JDK provider, fed in slices of at
 * most {@value #SLICE_LENGTH} bytes. The output is the ciphertext followed by the tag; the nonce is the caller's to
 * store. Never use a nonce twice with one key: random nonces from {@link #newNonce} are safe for up to 2^32 messages
 * per key. Decrypting one large message is slow on JDK 17 (its GCM decryption buffers the whole message and runs it
 * in one call); for data above {@value #SLICE_LENGTH} bytes prefer {@link StreamCipher}. Thread-safe.
 */
public final class BlockCipher {
    /** Key length in bytes. */
    public static final int KEY_LENGTH = 32;
    /** Nonce length in bytes. */
    public static final int NONCE_LENGTH = 12;
    /** Tag length in bytes: the ciphertext is this much longer than the plaintext. */
    public static final int TAG_LENGTH = 16;
    /** The largest piece handed to the JDK cipher in one call. */
    public static final int SLICE_LENGTH = 64 * 1024;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private BlockCipher() {
    }

    /**
     * @param random the source of the key
     * @return a fresh random key
     */
    public static byte[] newKey(SecureRandom random) {
        byte[] key = new byte[KEY_LENGTH];
        random.nextBytes(key);
        return key;
    }

    /**
     * @param random the source of the nonce
     * @return a fresh random nonce
     */
    public static byte[] newNonce(SecureRandom random) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    /**
     * @param key       the 32-byte key
     * @param nonce     the 12-byte nonce, never used before with this key
     * @param plaintext the data to encrypt
     * @param aad       associated data, authenticated but not encrypted; empty for none
     * @return the ciphertext and tag, {@link #TAG_LENGTH} bytes longer than the plaintext
     * @throws BitDustException INVALID_ARGUMENT when the key or nonce has the wrong length
     */
    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad);
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        try {
            int written = 0;
            for (int offset = 0; offset < plaintext.length; offset += SLICE_LENGTH) {
                int length = Math.min(SLICE_LENGTH, plaintext.length - offset);
                written += cipher.update(plaintext, offset, length, out, written);
            }
            cipher.doFinal(out, written);
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "AES-GCM encryption failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * @param key        the 32-byte key
     * @param nonce      the 12-byte nonce the data was encrypted with
     * @param ciphertext the ciphertext and tag
     * @param aad        the associated data it was encrypted with
     * @return the plaintext
     * @throws BitDustException INVALID_ARGUMENT when the key or the nonce is wrong, or the ciphertext or the associated
     *     data were altered; nothing of the plaintext is returned then
     */
    public static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad) {
        if (ciphertext.length < TAG_LENGTH) {
            throw BitDustException.invalid("AES-GCM ciphertext is shorter than its tag: " + ciphertext.length
                    + " bytes");
        }
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, aad);
        byte[] out = new byte[ciphertext.length - TAG_LENGTH];
        try {
            int written = 0;
            int last = ciphertext.length - Math.min(SLICE_LENGTH, ciphertext.length);
            for (int offset = 0; offset < last; offset += SLICE_LENGTH) {
                written += cipher.update(ciphertext, offset, Math.min(SLICE_LENGTH, last - offset), out, written);
            }
            cipher.doFinal(ciphertext, last, ciphertext.length - last, out, written);
        } catch (AEADBadTagException e) {
            throw BitDustException.invalid("AES-GCM authentication failed: wrong key or nonce, or altered data");
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "AES-GCM decryption failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) {
        if (key == null || key.length != KEY_LENGTH) {
            throw BitDustException.invalid("an AES-256 key has " + KEY_LENGTH + " bytes");
        }
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw BitDustException.invalid("an AES-GCM nonce has " + NONCE_LENGTH + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            for (int offset = 0; offset < aad.length; offset += SLICE_LENGTH) {
                cipher.updateAAD(aad, offset, Math.min(SLICE_LENGTH, aad.length - offset));
            }
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "AES-GCM is not available: " + e.getMessage(), e);
        }
    }
}
