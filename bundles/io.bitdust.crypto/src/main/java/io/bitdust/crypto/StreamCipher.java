package io.bitdust.crypto;

import io.bitdust.common.BitDustException;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

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
        byte[] out = new byte[Math.toIntExact(ciphertextLength(plaintext.length))];
        encrypt(key, aad, random, new byte[0], plaintext, 0, plaintext.length, new byte[][] {out}, 0, out.length);
        return out;
    }

    /**
     * Encrypts {@code head} followed by {@code body[bodyOffset, bodyOffset + bodyLength)} as one message, the bytes
     * {@link #encrypting} writes for that plaintext, into stripes: stripe {@code i} receives the message's bytes
     * {@code [i * stripeLength, (i + 1) * stripeLength)} at {@code stripes[i][stripeOffset, ...)}, as erasure coding
     * lays out its data shards. Each segment is sealed from the body straight into the stripe where it lies; only a
     * segment that holds bytes of the head, or whose sealed bytes run into the next stripe, goes through a buffer.
     * Stripe bytes after the message are left as they are.
     *
     * @param key          the 32-byte key
     * @param aad          associated data, authenticated but not encrypted; empty for none
     * @param random       the source of the message salt and nonce prefix
     * @param head         the first plaintext bytes (e.g. a short header of the body); may be empty
     * @param body         holds the rest of the plaintext
     * @param bodyOffset   where it starts in {@code body}
     * @param bodyLength   its length
     * @param stripes      where the message goes; arrays other than {@code body}
     * @param stripeOffset where each stripe starts in its array
     * @param stripeLength the bytes of the message each stripe holds
     * @return the length of the message, {@link #ciphertextLength} of the plaintext's
     * @throws BitDustException INVALID_ARGUMENT when the key has the wrong length, or the stripes cannot hold the
     *     message
     */
    public static int encrypt(byte[] key, byte[] aad, SecureRandom random, byte[] head, byte[] body, int bodyOffset,
            int bodyLength, byte[][] stripes, int stripeOffset, int stripeLength) {
        Objects.checkFromIndexSize(bodyOffset, bodyLength, body.length);
        long plaintextLength = head.length + (long) bodyLength;
        long messageLength = ciphertextLength(plaintextLength);
        if (messageLength > Math.min(Integer.MAX_VALUE, (long) stripes.length * stripeLength)) {
            throw BitDustException.invalid("a message of " + messageLength + " bytes does not fit in "
                    + stripes.length + " stripes of " + stripeLength + " bytes");
        }
        Striped out = new Striped(stripes, stripeOffset, stripeLength);
        byte[] header = Segments.newHeader(random);
        Segments segments = new Segments(key, header, aad);
        out.put(0, header, header.length);
        byte[] plain = null;
        byte[] sealed = null;
        long position = HEADER_LENGTH;
        long start = 0;
        do {
            int length = (int) Math.min(SEGMENT_LENGTH, plaintextLength - start);
            boolean last = start + length == plaintextLength;
            byte[] in = body;
            int inOffset;
            if (start >= head.length) {
                inOffset = bodyOffset + (int) (start - head.length);
            } else {
                plain = plain == null ? new byte[SEGMENT_LENGTH] : plain;
                int fromHead = (int) Math.min(length, head.length - start);
                System.arraycopy(head, (int) start, plain, 0, fromHead);
                System.arraycopy(body, bodyOffset, plain, fromHead, length - fromHead);
                in = plain;
                inOffset = 0;
            }
            int stripe = (int) (position / stripeLength);
            int at = (int) (position % stripeLength);
            if (at + length + BlockCipher.TAG_LENGTH <= stripeLength) {
                position += segments.seal(in, inOffset, length, last, stripes[stripe], stripeOffset + at);
            } else {
                sealed = sealed == null ? new byte[SEALED_SEGMENT_LENGTH] : sealed;
                int sealedLength = segments.seal(in, inOffset, length, last, sealed, 0);
                out.put(position, sealed, sealedLength);
                position += sealedLength;
            }
            start += length;
        } while (start < plaintextLength);
        return (int) position;
    }

    /** Message bytes laid across stripes of equal length, each at its own offset in its array. */
    private record Striped(byte[][] stripes, int[] offsets, int length) {
        /** Stripes that all start at {@code offset}. */
        Striped(byte[][] stripes, int offset, int length) {
            this(stripes, sameOffset(stripes.length, offset), length);
        }

        private static int[] sameOffset(int count, int offset) {
            int[] offsets = new int[count];
            Arrays.fill(offsets, offset);
            return offsets;
        }

        /** Copies {@code bytes[0, count)} to the message's bytes from {@code position} on, across stripes. */
        void put(long position, byte[] bytes, int count) {
            copy(position, bytes, count, true);
        }

        /** Copies the message's bytes from {@code position} on, across stripes, to {@code bytes[0, count)}. */
        void get(long position, byte[] bytes, int count) {
            copy(position, bytes, count, false);
        }

        private void copy(long position, byte[] bytes, int count, boolean put) {
            int done = 0;
            while (done < count) {
                int stripe = (int) ((position + done) / length);
                int at = offsets[stripe] + (int) ((position + done) % length);
                int n = Math.min(count - done, offsets[stripe] + length - at);
                if (put) {
                    System.arraycopy(bytes, done, stripes[stripe], at, n);
                } else {
                    System.arraycopy(stripes[stripe], at, bytes, done, n);
                }
                done += n;
            }
        }
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
        return decrypt(key, new byte[][] {ciphertext}, new int[] {offset}, length, length, aad, out, outOffset);
    }

    /**
     * Decrypts a message laid across stripes, e.g. the data shards of a block each in its own fragment's array,
     * without gathering it into one array first: each segment is opened where it lies, and only one that crosses the
     * end of a stripe is copied into a buffer.
     *
     * @param key          the 32-byte key
     * @param stripes      stripe {@code i} holds the message's bytes {@code [i * stripeLength, (i + 1) *
     *                     stripeLength)}, the last one up to the end of the message; arrays other than {@code out}
     * @param offsets      where each stripe starts in its array
     * @param stripeLength the bytes of the message each stripe holds
     * @param length       the length of the message
     * @param aad          the associated data it was encrypted with
     * @param out          receives the plaintext at {@code outOffset}
     * @param outOffset    where the plaintext goes
     * @return the length of the plaintext, {@link #plaintextLength(int) plaintextLength(length)}
     * @throws BitDustException INVALID_ARGUMENT when the key or associated data are wrong, the message was truncated
     *     or altered, the stripes cannot hold it, or a range lies outside its array; what was written to {@code out}
     *     is zeroed again then
     */
    public static int decrypt(byte[] key, byte[][] stripes, int[] offsets, int stripeLength, int length, byte[] aad,
            byte[] out, int outOffset) {
        int plaintextLength = plaintextLength(length);
        long count = stripeLength < 1 ? Long.MAX_VALUE : (length + (long) stripeLength - 1) / stripeLength;
        if (count > Math.min(stripes.length, offsets.length)) {
            throw BitDustException.invalid("a message of " + length + " bytes does not fit in " + stripes.length
                    + " stripes of " + stripeLength + " bytes");
        }
        for (int i = 0; i < count; i++) {
            int held = (int) Math.min(stripeLength, length - (long) i * stripeLength);
            if (offsets[i] < 0 || offsets[i] > stripes[i].length - held) {
                throw BitDustException.invalid("the message's bytes " + (long) i * stripeLength + " to "
                        + ((long) i * stripeLength + held) + " (at " + offsets[i] + ") lie outside their array");
            }
            if (stripes[i] == out) {
                throw BitDustException.invalid("the plaintext must go to another array than the message");
            }
        }
        if (outOffset < 0 || outOffset > out.length - plaintextLength) {
            throw BitDustException.invalid("the plaintext (" + plaintextLength + " bytes at " + outOffset
                    + ") lies outside its array");
        }
        Striped in = new Striped(stripes, offsets, stripeLength);
        byte[] header = new byte[HEADER_LENGTH];
        in.get(0, header, HEADER_LENGTH);
        Segments segments = new Segments(key, header, aad);
        byte[] gathered = null;
        int position = HEADER_LENGTH;
        int written = 0;
        try {
            do {
                int sealed = Math.min(SEALED_SEGMENT_LENGTH, length - position);
                boolean last = position + sealed == length;
                int stripe = position / stripeLength;
                int at = position % stripeLength;
                if (at + sealed <= stripeLength) {
                    written += segments.open(stripes[stripe], offsets[stripe] + at, sealed, last, out,
                            outOffset + written);
                } else {
                    gathered = gathered == null ? new byte[SEALED_SEGMENT_LENGTH] : gathered;
                    in.get(position, gathered, sealed);
                    written += segments.open(gathered, 0, sealed, last, out, outOffset + written);
                }
                position += sealed;
            } while (position < length);
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
