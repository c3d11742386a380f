package io.bitdust.raid.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assume.assumeTrue;

import java.util.Arrays;
import org.junit.Test;

/**
 * The SIMD multiplier checks every range itself before its loops run, because the distribution switches the
 * Vector API's own checks off (bin/setenv): a range past an array's end fails before any byte is written.
 */
public class SimdMultiplierTest {
    private static final int[][] MATRIX = {{2, 3}, {4, 5}};

    @Test
    public void aRangePastAnInputOrOutputFailsBeforeWriting() {
        assumeTrue(Multipliers.simdAvailable());
        ShardMultiplier simd = Multipliers.simd(MATRIX);
        byte[][] inputs = {filled(256, 7), filled(255, 9)};
        byte[][] outputs = {new byte[256], new byte[256]};
        assertThrows(IndexOutOfBoundsException.class, () -> simd.multiply(inputs, outputs, 0, 256));
        assertArrayEquals(new byte[256], outputs[0]);

        byte[][] goodInputs = {filled(256, 7), filled(256, 9)};
        byte[][] shortOutput = {new byte[256], new byte[100]};
        assertThrows(IndexOutOfBoundsException.class, () -> simd.multiply(goodInputs, shortOutput, 0, 256));
        assertArrayEquals(new byte[256], shortOutput[0]);
        assertThrows(IndexOutOfBoundsException.class, () -> simd.multiply(goodInputs, outputs, -16, 32));
        assertThrows(IndexOutOfBoundsException.class, () -> simd.multiply(goodInputs, outputs, 240, 32));
        assertArrayEquals(new byte[256], outputs[0]);
    }

    @Test
    public void aMatrixOfAnotherShapeIsRefused() {
        assumeTrue(Multipliers.simdAvailable());
        ShardMultiplier simd = Multipliers.simd(MATRIX);
        byte[][] three = {new byte[64], new byte[64], new byte[64]};
        byte[][] two = {new byte[64], new byte[64]};
        assertThrows(IllegalArgumentException.class, () -> simd.multiply(three, two, 0, 64));
        assertThrows(IllegalArgumentException.class, () -> simd.multiply(two, three, 0, 64));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
