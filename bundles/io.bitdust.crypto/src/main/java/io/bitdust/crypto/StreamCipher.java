package io.bitdust.crypto;

import io.bitdust.common.BitDustException;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * AES-256-GCM for data of any size, as a sequence of segments of {@value #SEGMENT_LENGTH} plaintext bytes (the last
 * one shorter or empty), each an AES-GCM message of its own: the STREAM construction of Hoang, Reyhanitabar,
 * Rogaway and Vizár, as in Tink's streaming AEAD. Every message has a fresh random salt from which the segment key is
 * derived (HKDF-SHA256 over the caller's key, binding the associated data), so one key may encrypt any number of
 * messages, and the caller manages no nonce. Reordered, dropped, truncated or altered segments are detected. Each
 * segment is one short call into the JDK cipher, which keeps both directions fast on JDK 17. The byte[] and stream
 * forms write and read the same format (docs/crypto-formats.md). Thread-safe; the streams are not.
 */
public final class StreamCipher {
    /** Plaintext bytes per segment, the last segment excepted. */
    public static final int SEGMENT_LENGTH = BlockCipher.SLICE_LENGTH;
    /** Length of the message header (version, salt, nonce prefix). */
    public static final int HEADER_LENGTH = Segments.HEADER_LENGTH;

    private static final int SEALED_SEGMENT_LENGTH = SEGMENT_LENGTH + BlockCipher.TAG_LENGTH;

    private StreamCipher() {
    }

    /**
     * @param plaintextLength a plaintext length in bytes
     * @return the length of its encryption
     */
    public static long ciphertextLength(long plaintextLength) {
        long segments = Math.max(1, (plaintextLength + SEGMENT_LENGTH - 1) / SEGMENT_LENGTH);
        return HEADER_LENGTH + plaintextLength + segments * BlockCipher.TAG_LENGTH;
    }

    /**
     * @param key       the 32-byte key
     * @param plaintext the data to encrypt
     * @param aad       associated data, authenticated but not encrypted; empty for none
     * @param random    the source of the message salt and nonce prefix
     * @return the encrypted message, {@link #ciphertextLength} bytes
     * @throws BitDustException INVALID_ARGUMENT when the key has the wrong length
     */
    public static byte[] encrypt(byte[] key, byte[] plaintext, byte[] aad, SecureRandom random) {
        byte[] header = Segments.newHeader(random);
        Segments segments = new Segments(key, header, aad);
        byte[] out = Arrays.copyOf(header, Math.toIntExact(ciphertextLength(plaintext.length)));
        int offset = 0;
        int written = HEADER_LENGTH;
        do {
            int length = Math.min(SEGMENT_LENGTH, plaintext.length - offset);
            written += segments.seal(plaintext, offset, length, offset + length == plaintext.length, out, written);
            offset += length;
        } while (offset < plaintext.length);
        return out;
    }

    /**
     * @param ciphertextLength the length of a message
     * @return the length of its plaintext
     * @throws BitDustException INVALID_ARGUMENT when no message has that length
     */
    public static int plaintextLength(int ciphertextLength) {
        int body = ciphertextLength - HEADER_LENGTH;
        if (body < BlockCipher.TAG_LENGTH || (body - 1) % SEALED_SEGMENT_LENGTH + 1 < BlockCipher.TAG_LENGTH) {
            throw BitDustException.invalid("encrypted data is truncated or extended: " + ciphertextLength + " bytes");
        }
        int count = (body + SEALED_SEGMENT_LENGTH - 1) / SEALED_SEGMENT_LENGTH;
        return body - count * BlockCipher.TAG_LENGTH;
    }

    /**
     * @param key        the 32-byte key
     * @param ciphertext a message written by {@link #encrypt} or {@link #encrypting}
     * @param aad        the associated data it was encrypted with
     * @return the plaintext
     * @throws BitDustException INVALID_ARGUMENT when the key or associated data are wrong, or the message was
     *     truncated or altered; nothing of the plaintext is returned then
     */
    public static byte[] decrypt(byte[] key, byte[] ciphertext, byte[] aad) {
        byte[] out = new byte[plaintextLength(ciphertext.length)];
        decrypt(key, ciphertext, 0, ciphertext.length, aad, out, 0);
        return out;
    }

    /**
     * Decrypts a message held in part of an array into part of another, so that a caller can reuse its arrays.
     *
     * @param key        the 32-byte key
     * @param ciphertext holds the message at {@code [offset, offset + length)}
     * @param offset     where the message starts
     * @param length     the length of the message
     * @param aad        the associated data it was encrypted with
     * @param out        receives the plaintext at {@code outOffset}; a different array from {@code ciphertext}
     * @param outOffset  where the plaintext goes
     * @return the length of the plaintext, {@link #plaintextLength(int) plaintextLength(length)}
     * @throws BitDustException INVALID_ARGUMENT when the key or associated data are wrong, the message was truncated
     *     or altered, or a range lies outside its array; what was written to {@code out} is zeroed again then
     */
    public static int decrypt(byte[] key, byte[] ciphertext, int offset, int length, byte[] aad, byte[] out,
            int outOffset) {
        int plaintextLength = plaintextLength(length);
        if (offset < 0 || offset > ciphertext.length - length || outOffset < 0
                || outOffset > out.length - plaintextLength) {
            throw BitDustException.invalid("the message (" + length + " bytes at " + offset + ") or its plaintext ("
                    + plaintextLength + " bytes at " + outOffset + ") lies outside its array");
        }
        if (out == ciphertext) {
            throw BitDustException.invalid("the plaintext must go to another array than the message");
        }
        Segments segments = new Segments(key, Arrays.copyOfRange(ciphertext, offset, offset + HEADER_LENGTH), aad);
        int end = offset + length;
        int position = offset + HEADER_LENGTH;
        int written = 0;
        try {
            do {
                int sealed = Math.min(SEALED_SEGMENT_LENGTH, end - position);
                written += segments.open(ciphertext, position, sealed, position + sealed == end, out,
                        outOffset + written);
                position += sealed;
            } while (position < end);
        } catch (BitDustException e) {
            Arrays.fill(out, outOffset, outOffset + written, (byte) 0);
            throw e;
        }
        return written;
    }

    /**
     * Encrypts everything written to the returned stream into {@code out}. Nothing reaches {@code out} before a whole
     * segment is buffered; {@link OutputStream#close()} writes the last segment and closes {@code out}, and without it
     * the message is incomplete and will not decrypt.
     *
     * @param out    where the encrypted message goes
     * @param key    the 32-byte key
     * @param aad    associated data, authenticated but not encrypted; empty for none
     * @param random the source of the message salt and nonce prefix
     * @return the plaintext sink
     * @throws BitDustException INVALID_ARGUMENT when the key has the wrong length
     */
    public static OutputStream encrypting(OutputStream out, byte[] key, byte[] aad, SecureRandom random) {
        byte[] header = Segments.newHeader(random);
        return new SegmentOutputStream(out, header, new Segments(key, header, aad));
    }

    /**
     * Decrypts a message read from {@code in}. Only authenticated plaintext is ever returned, one segment at a time:
     * a failure in a later segment surfaces when reading reaches it, so act on the data only after the end of the
     * stream was reached.
     *
     * @param in  the encrypted message
     * @param key the 32-byte key
     * @param aad the associated data it was encrypted with
     * @return the plaintext source; its reads throw {@link BitDustException} INVALID_ARGUMENT when the message was
     *     truncated or altered, or the key or the associated data are wrong
     * @throws BitDustException INVALID_ARGUMENT when the key has the wrong length
     */
    public static InputStream decrypting(InputStream in, byte[] key, byte[] aad) {
        if (key == null || key.length != BlockCipher.KEY_LENGTH) {
            throw BitDustException.invalid("an AES-256 key has " + BlockCipher.KEY_LENGTH + " bytes");
        }
        byte[] keyCopy = key.clone();
        byte[] aadCopy = aad.clone();
        return new SegmentInputStream(in, header -> new Segments(keyCopy, header, aadCopy));
    }
}
