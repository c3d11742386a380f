package io.bitdust.crypto;

import io.bitdust.common.BitDustException;

import java.util.Arrays;

/**
 * Brings the JDK's AES-GCM up to speed before real data needs it. On JDK 17 the AES-CTR and GHASH intrinsics (AES-NI,
 * carry-less multiplication) are used only once C2 has compiled their callers, which takes thousands of calls into the
 * cipher: a fresh JVM encrypts its first ~200 MB of {@link StreamCipher} segments at 40-50 MB/s instead of about
 * 1 GB/s. {@value #MESSAGES} small messages sealed and opened through this bundle's own calls get there in about half
 * a second (docs/performance.md). A node runs this on a background thread when its backup bundle starts
 * ({@code io.bitdust.pipeline.PipelineWarmUp}), so its first backup or restore already runs at full speed.
 *
 * <p>The messages vary the way real use does: several keys, empty and odd lengths, with and without associated
 * data, and now and then one longer than a slice. C2 compiles only the branches it saw taken; code compiled from
 * 256-byte messages under one key was thrown away at the first new key, empty message or 64 KiB slice (an
 * "unstable if" deoptimization), and in a busy node C2 took minutes to compile it again, so a whole backup ran the
 * JDK's GHASH as plain Java (docs/performance.md, "third pass").
 */
public final class CipherWarmUp {
    /**
     * Messages sealed and opened: enough calls for C2 to compile the callers of the intrinsics on both sides
     * (with 5000, {@code GHASH.doFinal} and {@code CounterMode.crypt} stayed at C1 on the encrypting side).
     */
    static final int MESSAGES = 20000;
    /** Plaintext lengths, in turn: empty, shorter than an AES block, odd, block-aligned. */
    private static final int[] LENGTHS = {256, 0, 37, 1, 512, 16, 255, 1024};
    /**
     * In the last {@value #LONG_TAIL} messages, two in every {@value #LONG_EVERY} are longer than a slice (so that
     * slicing and its last partial slice are seen), once the cipher is compiled: interpreted, they would take seconds.
     */
    private static final int LONG_EVERY = 100;
    private static final int LONG_TAIL = 4000;
    private static final int LONG_LENGTH = BlockCipher.SLICE_LENGTH + 37;
    private static final int KEYS = 4;

    private CipherWarmUp() {
    }

    /**
     * Runs the warm-up: {@value #MESSAGES} messages sealed and opened, alternately by {@link BlockCipher} and by the
     * segments of {@link StreamCipher}. Once per JVM is enough.
     *
     * @return the messages that came back out of decryption, each checked by its tag: {@value #MESSAGES}
     * @throws BitDustException INTERNAL when AES-GCM is not available or fails its own round trip
     */
    public static int run() {
        byte[][] keys = new byte[KEYS][BlockCipher.KEY_LENGTH];
        Segments[] sealers = new Segments[KEYS];
        Segments[] openers = new Segments[KEYS];
        byte[] aad = new byte[24];
        for (int k = 0; k < KEYS; k++) {
            keys[k][0] = (byte) (k + 1);
            byte[] header = new byte[Segments.HEADER_LENGTH];
            header[0] = Segments.VERSION;
            sealers[k] = new Segments(keys[k], header, aad);
            openers[k] = new Segments(keys[k], header, aad);
        }
        byte[] plaintext = new byte[LONG_LENGTH];
        byte[] sealed = new byte[LONG_LENGTH + BlockCipher.TAG_LENGTH];
        byte[] open = new byte[LONG_LENGTH];
        byte[] nonce = new byte[BlockCipher.NONCE_LENGTH];
        byte[] noAad = new byte[0];
        int opened = 0;
        for (int message = 0; message < MESSAGES; message++) {
            int round = message / 2; // each path sees every key and length
            byte[] key = keys[round % KEYS];
            boolean longer = message >= MESSAGES - LONG_TAIL && message % LONG_EVERY >= LONG_EVERY - 2;
            int length = longer ? LONG_LENGTH : LENGTHS[round % LENGTHS.length];
            if (message % 2 == 0) {
                nonce[0] = (byte) round;
                nonce[1] = (byte) (round >>> 8);
                byte[] data = Arrays.copyOf(plaintext, length);
                byte[] associated = round % 3 == 0 ? aad : noAad;
                byte[] back = BlockCipher.decrypt(key, nonce, BlockCipher.encrypt(key, nonce, data, associated),
                        associated);
                opened += back.length == length ? 1 : 0;
            } else {
                int segment = Math.min(length, StreamCipher.SEGMENT_LENGTH);
                boolean last = round % 3 == 0;
                int sealedLength = sealers[round % KEYS].seal(plaintext, 0, segment, last, sealed, 0);
                opened += openers[round % KEYS].open(sealed, 0, sealedLength, last, open, 0) == segment ? 1 : 0;
            }
        }
        return opened;
    }
}
