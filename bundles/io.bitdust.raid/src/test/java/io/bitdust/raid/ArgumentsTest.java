package io.bitdust.raid;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;

/** Bad arguments fail before anything is written, with a message naming the problem. */
public class ArgumentsTest {
    private final EccCodec codec = EccCodec.create(EccMap.parse("ecc/2x2"));

    @Test
    public void wrongShardCount() {
        assertInvalid("ecc/2x2 needs 4 shards, got 3", () -> codec.encodeParity(new byte[3][8], 0, 8));
        assertInvalid("ecc/2x2 needs 4 shards, got null", () -> codec.encodeParity(null, 0, 8));
        assertInvalid("ecc/2x2 needs 4 shards, got 5", () -> codec.decodeMissing(new byte[5][8], new boolean[4], 0, 8));
    }

    @Test
    public void wrongPresenceCount() {
        assertInvalid("ecc/2x2 needs 4 presence flags, got 2",
                () -> codec.decodeMissing(new byte[4][8], new boolean[2], 0, 8));
        assertInvalid("ecc/2x2 needs 4 presence flags, got null",
                () -> codec.decodeMissing(new byte[4][8], null, 0, 8));
    }

    @Test
    public void rangeOutsideTheShards() {
        assertInvalid("offset -1 and length 4 must not be negative", () -> codec.encodeParity(new byte[4][8], -1, 4));
        assertInvalid("offset 0 and length -4 must not be negative", () -> codec.encodeParity(new byte[4][8], 0, -4));
        assertInvalid("Data 0 of ecc/2x2 has 8 bytes, fewer than offset 4 + length 5",
                () -> codec.encodeParity(new byte[4][8], 4, 5));
        assertInvalid("Data 0 of ecc/2x2 has 8 bytes, fewer than offset 2147483647 + length 2147483647",
                () -> codec.encodeParity(new byte[4][8], Integer.MAX_VALUE, Integer.MAX_VALUE));
        byte[][] shards = new byte[4][8];
        shards[3] = new byte[7];
        assertInvalid("Parity 1 of ecc/2x2 has 7 bytes, fewer than offset 0 + length 8",
                () -> codec.encodeParity(shards, 0, 8));
    }

    @Test
    public void nullShard() {
        byte[][] shards = new byte[4][8];
        shards[2] = null;
        assertInvalid("Parity 0 of ecc/2x2 is null",
                () -> codec.decodeMissing(shards, new boolean[] {true, true, false, true}, 0, 8));
    }

    @Test
    public void dataOnlyDecodingNeedsTheMissingDataShardsButNotTheMissingParity() {
        byte[][] shards = new byte[4][8];
        shards[0] = null;
        assertInvalid("Data 0 of ecc/2x2 is null",
                () -> codec.decodeData(shards, new boolean[] {false, true, true, true}, 0, 8));
        byte[][] withoutParity = new byte[4][8];
        withoutParity[3] = null;
        codec.decodeData(withoutParity, new boolean[] {false, true, true, false}, 0, 8);
        assertNull(withoutParity[3]);
        assertInvalid("Parity 1 of ecc/2x2 is null",
                () -> codec.decodeMissing(withoutParity, new boolean[] {false, true, true, false}, 0, 8));
    }

    @Test
    public void simdWhereItIsMissing() {
        if (!EccCodec.Engine.SIMD.isAvailable()) {
            BitDustException error = assertThrows(BitDustException.class,
                    () -> EccCodec.create(EccMap.parse("ecc/2x2"), EccCodec.Engine.SIMD));
            assertEquals(ErrorCode.UNAVAILABLE, error.code());
        }
    }

    private static void assertInvalid(String message, ThrowingRunnable call) {
        BitDustException error = assertThrows(BitDustException.class, call);
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals(message, error.getMessage());
    }
}
