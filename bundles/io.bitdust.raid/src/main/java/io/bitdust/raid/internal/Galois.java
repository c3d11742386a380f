package io.bitdust.raid.internal;

/**
 * Arithmetic in GF(2^8) built on the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) with generator 2, the field of
 * JavaReedSolomon, so that our parity bytes are theirs. Addition is XOR.
 */
final class Galois {
    private static final int POLYNOMIAL = 0x11D;
    private static final int ORDER = 255;

    /** LOG[a] for a != 0. */
    private static final int[] LOG = new int[256];
    /** EXP[i] = 2^i, doubled in length so that EXP[LOG[a] + LOG[b]] needs no modulo. */
    private static final int[] EXP = new int[2 * ORDER];
    /** PRODUCTS[a][b] = a * b: one 256-byte lookup row per coefficient for the scalar loops. */
    private static final byte[][] PRODUCTS = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < ORDER; i++) {
            EXP[i] = x;
            EXP[i + ORDER] = x;
            LOG[x] = i;
            x <<= 1;
            if (x > 0xFF) {
                x ^= POLYNOMIAL;
            }
        }
        for (int a = 1; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                PRODUCTS[a][b] = (byte) EXP[LOG[a] + LOG[b]];
            }
        }
    }

    private Galois() {
    }

    static int multiply(int a, int b) {
        return PRODUCTS[a][b] & 0xFF;
    }

    static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return EXP[ORDER - LOG[a]];
    }

    /** @return a^n, with 0^0 = 1 as in a Vandermonde matrix */
    static int power(int a, int n) {
        if (n == 0) {
            return 1;
        }
        return a == 0 ? 0 : EXP[LOG[a] * n % ORDER];
    }

    /** @return the shared 256-entry row of products {@code coefficient * b}; never modify it */
    static byte[] products(int coefficient) {
        return PRODUCTS[coefficient];
    }
}
