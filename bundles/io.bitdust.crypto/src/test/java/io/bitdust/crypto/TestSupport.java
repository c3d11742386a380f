package io.bitdust.crypto;

import static org.junit.Assert.assertEquals;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;

/** Helpers shared by the tests. */
public final class TestSupport {
    private TestSupport() {
    }

    /** @return a copy of {@code bytes} with one bit of the byte at {@code position} flipped */
    public static byte[] flip(byte[] bytes, int position) {
        byte[] copy = bytes.clone();
        copy[position] ^= 0x01;
        return copy;
    }

    /** Runs {@code action} and expects a {@link BitDustException} with {@code code}, returned. */
    public static BitDustException assertFails(ErrorCode code, Runnable action) {
        try {
            action.run();
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), code, e.code());
            return e;
        }
        throw new AssertionError("expected a BitDustException " + code);
    }

    /** Runs {@code action} and expects a {@link BitDustException} INVALID_ARGUMENT, returned. */
    public static BitDustException assertInvalid(Runnable action) {
        return assertFails(ErrorCode.INVALID_ARGUMENT, action);
    }
}
