package io.bitdust.raid.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class GaloisTest {

    @Test
    public void tablesAgreeWithCarrylessMultiplicationModulo0x11D() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals(a + " * " + b, slowMultiply(a, b), Galois.multiply(a, b));
            }
        }
    }

    @Test
    public void inversesAndPowers() {
        for (int a = 1; a < 256; a++) {
            assertEquals(1, Galois.multiply(a, Galois.inverse(a)));
            int power = 1;
            for (int n = 0; n < 300; n++) {
                assertEquals(a + "^" + n, power, Galois.power(a, n));
                power = slowMultiply(power, a);
            }
        }
        assertEquals(1, Galois.power(0, 0));
        assertEquals(0, Galois.power(0, 3));
    }

    @Test
    public void theEncodingMatrixIsSystematicAndEveryRowSubsetInverts() {
        int[][] encoding = Matrices.encoding(4);
        assertArrayEquals(new int[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}},
                Matrices.rows(encoding, Matrices.range(0, 4)));
        int[][] square = Matrices.rows(encoding, new int[] {1, 4, 6, 7});
        assertArrayEquals(Matrices.rows(encoding, Matrices.range(0, 4)),
                Matrices.multiply(square, Matrices.invert(square)));
    }

    private static int slowMultiply(int a, int b) {
        int product = 0;
        for (int bit = 0; bit < 8; bit++) {
            if ((b & 1 << bit) != 0) {
                product ^= a << bit;
            }
        }
        for (int bit = 15; bit >= 8; bit--) {
            if ((product & 1 << bit) != 0) {
                product ^= 0x11D << (bit - 8);
            }
        }
        return product;
    }
}
