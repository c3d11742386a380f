package io.bitdust.crypto;

import static io.bitdust.crypto.TestSupport.assertInvalid;
import static io.bitdust.crypto.TestSupport.flip;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import org.junit.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

public class StreamCipherTest {
    private static final int SEALED_SEGMENT = StreamCipher.SEGMENT_LENGTH + BlockCipher.TAG_LENGTH;

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = BlockCipher.newKey(random);
    private final byte[] aad = "backup 7 block 3".getBytes();

    @Test
    public void roundTripsAcrossSegmentBoundaries() throws IOException {
        for (int size : BlockCipherTest.SIZES) {
            byte[] plaintext = new byte[size];
            random.nextBytes(plaintext);

            byte[] sealed = StreamCipher.encrypt(key, plaintext, aad, random);
            byte[] streamed = encryptStreaming(plaintext, 1000);

            assertEquals(StreamCipher.ciphertextLength(size), sealed.length);
            assertEquals(sealed.length, streamed.length);
            assertArrayEquals("size " + size, plaintext, StreamCipher.decrypt(key, sealed, aad));
            assertArrayEquals("size " + size, plaintext, StreamCipher.decrypt(key, streamed, aad));
            assertArrayEquals("size " + size, plaintext, decryptStreaming(sealed, 777));
            assertArrayEquals("size " + size, plaintext, decryptStreaming(streamed, 100_000));
        }
    }

    @Test
    public void singleByteWritesAndReadsWork() throws IOException {
        byte[] plaintext = new byte[StreamCipher.SEGMENT_LENGTH + 3];
        random.nextBytes(plaintext);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = StreamCipher.encrypting(sink, key, aad, random)) {
            for (byte b : plaintext) {
                out.write(b);
            }
        }
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (InputStream in = StreamCipher.decrypting(new ByteArrayInputStream(sink.toByteArray()), key, aad)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                back.write(b);
            }
        }

        assertArrayEquals(plaintext, back.toByteArray());
    }

    @Test
    public void tamperingIsDetected() {
        for (int size : BlockCipherTest.SIZES) {
            byte[] sealed = StreamCipher.encrypt(key, new byte[size], aad, random);

            for (int position : BlockCipherTest.positions(sealed.length)) {
                assertInvalid(() -> StreamCipher.decrypt(key, flip(sealed, position), aad));
                assertInvalid(() -> decryptStreaming(flip(sealed, position), 4096));
            }
            assertInvalid(() -> StreamCipher.decrypt(key, sealed, "backup 7 block 4".getBytes()));
            assertInvalid(() -> StreamCipher.decrypt(flip(key, 0), sealed, aad));
            assertInvalid(() -> StreamCipher.decrypt(key, Arrays.copyOf(sealed, sealed.length - 1), aad));
            assertInvalid(() -> StreamCipher.decrypt(key, Arrays.copyOf(sealed, sealed.length + 1), aad));
        }
    }

    @Test
    public void droppedOrReorderedSegmentsAreDetected() {
        byte[] sealed = StreamCipher.encrypt(key, new byte[3 * StreamCipher.SEGMENT_LENGTH + 5], aad, random);
        int first = StreamCipher.HEADER_LENGTH;
        byte[] truncated = Arrays.copyOf(sealed, first + 2 * SEALED_SEGMENT);
        byte[] withoutFirst = new byte[sealed.length - SEALED_SEGMENT];
        System.arraycopy(sealed, 0, withoutFirst, 0, first);
        System.arraycopy(sealed, first + SEALED_SEGMENT, withoutFirst, first, withoutFirst.length - first);
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, first, swapped, first + SEALED_SEGMENT, SEALED_SEGMENT);
        System.arraycopy(sealed, first + SEALED_SEGMENT, swapped, first, SEALED_SEGMENT);

        assertInvalid(() -> StreamCipher.decrypt(key, truncated, aad));
        assertInvalid(() -> decryptStreaming(truncated, 4096));
        assertInvalid(() -> StreamCipher.decrypt(key, withoutFirst, aad));
        assertInvalid(() -> StreamCipher.decrypt(key, swapped, aad));
        assertInvalid(() -> StreamCipher.decrypt(key, Arrays.copyOf(sealed, StreamCipher.HEADER_LENGTH), aad));
        assertInvalid(() -> decryptStreaming(Arrays.copyOf(sealed, 10), 4096));
    }

    @Test
    public void aFailedStreamStaysFailed() throws IOException {
        byte[] sealed = StreamCipher.encrypt(key, new byte[2 * StreamCipher.SEGMENT_LENGTH], aad, random);
        byte[] buffer = new byte[StreamCipher.SEGMENT_LENGTH];
        try (InputStream in = StreamCipher.decrypting(new ByteArrayInputStream(flip(sealed, 100)), key, aad)) {
            assertInvalid(() -> read(in, buffer));
            assertInvalid(() -> read(in, buffer));
        }
    }

    @Test
    public void decryptsFromPartOfAnArrayIntoPartOfAnother() {
        for (int size : BlockCipherTest.SIZES) {
            byte[] plaintext = new byte[size];
            random.nextBytes(plaintext);
            byte[] sealed = StreamCipher.encrypt(key, plaintext, aad, random);
            assertEquals(size, StreamCipher.plaintextLength(sealed.length));
            byte[] held = new byte[sealed.length + 20];
            System.arraycopy(sealed, 0, held, 7, sealed.length);
            byte[] out = new byte[size + 10];
            Arrays.fill(out, (byte) 0x55);

            assertEquals(size, StreamCipher.decrypt(key, held, 7, sealed.length, aad, out, 3));

            assertArrayEquals("size " + size, plaintext, Arrays.copyOfRange(out, 3, 3 + size));
            assertEquals(0x55, out[2]);
            assertEquals(0x55, out[3 + size]);
        }
    }

    @Test
    public void aDamagedMessageLeavesNoPlaintextInTheCallersArray() {
        byte[] plaintext = new byte[3 * StreamCipher.SEGMENT_LENGTH];
        Arrays.fill(plaintext, (byte) 7);
        byte[] sealed = StreamCipher.encrypt(key, plaintext, aad, random);
        byte[] lastSegmentDamaged = flip(sealed, sealed.length - 20);
        byte[] out = new byte[plaintext.length];

        assertInvalid(() -> StreamCipher.decrypt(key, lastSegmentDamaged, 0, sealed.length, aad, out, 0));

        assertArrayEquals("the two good segments were wiped", new byte[plaintext.length], out);
    }

    @Test
    public void rangesOutsideTheArraysAreRefused() {
        byte[] sealed = StreamCipher.encrypt(key, new byte[100], aad, random);
        byte[] out = new byte[100];
        assertInvalid(() -> StreamCipher.decrypt(key, sealed, 1, sealed.length, aad, out, 0));
        assertInvalid(() -> StreamCipher.decrypt(key, sealed, -1, sealed.length, aad, out, 0));
        assertInvalid(() -> StreamCipher.decrypt(key, sealed, 0, sealed.length, aad, out, 1));
        assertInvalid(() -> StreamCipher.decrypt(key, sealed, 0, sealed.length, aad, new byte[99], 0));
        assertInvalid(() -> StreamCipher.decrypt(key, sealed, 0, sealed.length, aad, sealed, 0));
        assertInvalid(() -> StreamCipher.plaintextLength(StreamCipher.HEADER_LENGTH + 3));
        assertArrayEquals(new byte[100], out);
    }

    @Test
    public void encryptsIntoStripesTheBytesTheStreamWrites() throws Exception {
        int segment = StreamCipher.SEGMENT_LENGTH;
        for (int size : new int[] {0, 1, segment - 5, segment, segment + 1, 3 * segment + 11}) {
            for (int headLength : new int[] {0, 5, segment + 3}) {
                for (int count : new int[] {1, 3, 4}) {
                    byte[] head = new byte[headLength];
                    byte[] body = new byte[size + 9];
                    random.nextBytes(head);
                    random.nextBytes(body);
                    long length = StreamCipher.ciphertextLength(headLength + (long) size);
                    for (int stripeLength : new int[] {(int) ((length + count - 1) / count), (int) length + 100, 10}) {
                        if ((long) stripeLength * count < length) {
                            continue;
                        }
                        String what = "size " + size + ", head " + headLength + ", " + count + " stripes of "
                                + stripeLength;
                        byte[][] stripes = new byte[count][7 + stripeLength + 3];
                        for (byte[] stripe : stripes) {
                            Arrays.fill(stripe, (byte) 0x5a);
                        }
                        int written = StreamCipher.encrypt(key, aad, seeded(size), head, body, 9, size, stripes, 7,
                                stripeLength);
                        assertEquals(what, length, written);
                        ByteArrayOutputStream joined = new ByteArrayOutputStream();
                        for (byte[] stripe : stripes) {
                            joined.write(stripe, 7, stripeLength);
                        }
                        byte[] message = Arrays.copyOf(joined.toByteArray(), written);
                        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
                        try (OutputStream out = StreamCipher.encrypting(streamed, key, aad, seeded(size))) {
                            out.write(head);
                            out.write(body, 9, size);
                        }
                        assertArrayEquals(what, streamed.toByteArray(), message);
                        byte[] after = Arrays.copyOfRange(joined.toByteArray(), written, joined.size());
                        byte[] untouched = new byte[after.length];
                        Arrays.fill(untouched, (byte) 0x5a);
                        assertArrayEquals(what + ": the stripes after the message", untouched, after);
                        assertEquals(what, 0x5a, stripes[0][6]);
                        assertEquals(what, 0x5a, stripes[count - 1][7 + stripeLength]);
                    }
                }
            }
        }
        assertInvalid(() -> StreamCipher.encrypt(key, aad, random, new byte[5], new byte[100], 0, 100,
                new byte[2][100], 0, 70));
    }

    @Test
    public void decryptsFromStripesAtTheirOwnOffsetsWhatTheWholeMessageHolds() {
        int segment = StreamCipher.SEGMENT_LENGTH;
        for (int size : new int[] {0, 1, segment - 5, segment, segment + 1, 3 * segment + 11}) {
            byte[] plaintext = new byte[size];
            random.nextBytes(plaintext);
            byte[] message = StreamCipher.encrypt(key, plaintext, aad, random);
            for (int count : new int[] {1, 2, 3, 5}) {
                for (int stripeLength : new int[] {(message.length + count - 1) / count, message.length + 7, 10}) {
                    if ((long) stripeLength * count < message.length) {
                        continue;
                    }
                    String what = "size " + size + ", " + count + " stripes of " + stripeLength;
                    byte[][] stripes = new byte[count][];
                    int[] offsets = new int[count];
                    for (int i = 0; i < count; i++) {
                        offsets[i] = 3 * i + 1;
                        stripes[i] = new byte[offsets[i] + stripeLength + 2];
                        int from = Math.min(message.length, i * stripeLength);
                        int to = Math.min(message.length, from + stripeLength);
                        System.arraycopy(message, from, stripes[i], offsets[i], to - from);
                    }
                    byte[] out = new byte[size + 4];
                    assertEquals(what, size, StreamCipher.decrypt(key, stripes, offsets, stripeLength,
                            message.length, aad, out, 4));
                    assertArrayEquals(what, plaintext, Arrays.copyOfRange(out, 4, out.length));

                    int flipped = message.length / 2;
                    stripes[flipped / stripeLength][offsets[flipped / stripeLength] + flipped % stripeLength] ^= 1;
                    byte[] refused = new byte[size];
                    assertInvalid(() -> StreamCipher.decrypt(key, stripes, offsets, stripeLength, message.length,
                            aad, refused, 0));
                    assertArrayEquals(what + ": nothing of the plaintext is left", new byte[size], refused);
                }
            }
        }
        byte[] message = StreamCipher.encrypt(key, new byte[100], aad, random);
        byte[][] halves = {Arrays.copyOf(message, 70), Arrays.copyOfRange(message, 70, 140)};
        int[] offsets = {0, 0};
        assertEquals(100, StreamCipher.decrypt(key, halves, offsets, 70, message.length, aad, new byte[100], 0));
        assertInvalid(() -> StreamCipher.decrypt(key, halves, offsets, 60, message.length, aad, new byte[100], 0));
        assertInvalid(() -> StreamCipher.decrypt(key, halves, new int[] {0, 5}, 70, message.length, aad,
                new byte[100], 0));
        assertInvalid(() -> StreamCipher.decrypt(key, halves, offsets, 70, message.length, aad, halves[1], 0));
        assertInvalid(() -> StreamCipher.decrypt(key, halves, offsets, 0, message.length, aad, new byte[100], 0));
    }

    /** A source of salts that gives the same bytes for the same seed. */
    private static SecureRandom seeded(long seed) throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        return seeded;
    }

    @Test
    public void sameInputEncryptsDifferentlyEachTime() {
        assertFalse(Arrays.equals(StreamCipher.encrypt(key, new byte[10], aad, random),
                StreamCipher.encrypt(key, new byte[10], aad, random)));
    }

    private static void read(InputStream in, byte[] buffer) {
        try {
            in.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] encryptStreaming(byte[] plaintext, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = StreamCipher.encrypting(sink, key, aad, random)) {
            for (int offset = 0; offset < plaintext.length; offset += chunk) {
                out.write(plaintext, offset, Math.min(chunk, plaintext.length - offset));
            }
        }
        return sink.toByteArray();
    }

    private byte[] decryptStreaming(byte[] sealed, int chunk) {
        try (InputStream in = StreamCipher.decrypting(new ByteArrayInputStream(sealed), key, aad)) {
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            byte[] buffer = new byte[chunk];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                back.write(buffer, 0, n);
            }
            return back.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
