package io.bitdust.crypto;

import static io.bitdust.crypto.TestSupport.assertInvalid;
import static io.bitdust.crypto.TestSupport.flip;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.IntStream;

public class BlockCipherTest {
    /** Every size around the 64 KiB slice boundary, and a backup block. */
    static final int[] SIZES = {0, 1, 65_535, 65_536, 65_537, 4 * 1024 * 1024 + 7};

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = BlockCipher.newKey(random);
    private final byte[] aad = "block 42".getBytes();

    @Test
    public void nistKnownAnswer() {
        HexFormat hex = HexFormat.of();
        byte[] zeroKey = new byte[32];
        byte[] zeroNonce = new byte[12];

        byte[] sealed = BlockCipher.encrypt(zeroKey, zeroNonce, new byte[16], new byte[0]);

        assertEquals("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919", hex.formatHex(sealed));
    }

    @Test
    public void roundTripsAcrossSliceBoundaries() {
        for (int size : SIZES) {
            byte[] plaintext = new byte[size];
            random.nextBytes(plaintext);
            byte[] nonce = BlockCipher.newNonce(random);

            byte[] sealed = BlockCipher.encrypt(key, nonce, plaintext, aad);

            assertEquals(size + BlockCipher.TAG_LENGTH, sealed.length);
            assertArrayEquals("size " + size, plaintext, BlockCipher.decrypt(key, nonce, sealed, aad));
        }
    }

    @Test
    public void tamperingIsDetected() {
        for (int size : SIZES) {
            byte[] nonce = BlockCipher.newNonce(random);
            byte[] sealed = BlockCipher.encrypt(key, nonce, new byte[size], aad);

            for (int position : positions(sealed.length)) {
                assertInvalid(() -> BlockCipher.decrypt(key, nonce, flip(sealed, position), aad));
            }
            assertInvalid(() -> BlockCipher.decrypt(key, nonce, sealed, "block 43".getBytes()));
            assertInvalid(() -> BlockCipher.decrypt(key, flip(nonce, 0), sealed, aad));
            assertInvalid(() -> BlockCipher.decrypt(flip(key, 31), nonce, sealed, aad));
            assertInvalid(() -> BlockCipher.decrypt(key, nonce, Arrays.copyOf(sealed, sealed.length - 1), aad));
        }
    }

    @Test
    public void wrongLengthsAreRefused() {
        assertInvalid(() -> BlockCipher.encrypt(new byte[16], new byte[12], new byte[1], aad));
        assertInvalid(() -> BlockCipher.encrypt(key, new byte[16], new byte[1], aad));
        assertInvalid(() -> BlockCipher.decrypt(key, new byte[12], new byte[15], aad));
    }

    /** The first and last bytes, the bytes around the first slice boundary, the middle, and the tag. */
    static int[] positions(int length) {
        return IntStream.of(0, 1, 65_535, 65_536, 65_537, length / 2, length - 17, length - 16, length - 1)
                .filter(p -> p >= 0 && p < length).distinct().toArray();
    }
}
