package io.bitdust.raid.internal;

/**
 * The portable multiplier: one 256-byte product table per coefficient, output-major over chunks small enough that
 * the chunk of every input stays in the CPU cache while each output row reads it again.
 */
final class ScalarMultiplier implements ShardMultiplier {
    private static final int CACHED_INPUT_BYTES = 32 * 1024;

    /** products[r][c] is the product row of matrix[r][c], see {@link Galois#products(int)}. */
    private final byte[][][] products;
    private final int chunk;

    ScalarMultiplier(int[][] matrix) {
        products = new byte[matrix.length][][];
        for (int r = 0; r < matrix.length; r++) {
            products[r] = new byte[matrix[r].length][];
            for (int c = 0; c < matrix[r].length; c++) {
                products[r][c] = Galois.products(matrix[r][c]);
            }
        }
        chunk = Math.max(256, CACHED_INPUT_BYTES / matrix[0].length);
    }

    @Override
    public void multiply(byte[][] inputs, byte[][] outputs, int offset, int length) {
        int end = offset + length;
        for (int start = offset; start < end; start += chunk) {
            int stop = start + Math.min(chunk, end - start);
            for (int r = 0; r < outputs.length; r++) {
                multiplyRow(products[r], inputs, outputs[r], start, stop);
            }
        }
    }

    private static void multiplyRow(byte[][] row, byte[][] inputs, byte[] output, int start, int stop) {
        byte[] table = row[0];
        byte[] input = inputs[0];
        for (int i = start; i < stop; i++) {
            output[i] = table[input[i] & 0xFF];
        }
        int c = 1;
        for (; c + 1 < row.length; c += 2) {
            byte[] table0 = row[c];
            byte[] table1 = row[c + 1];
            byte[] input0 = inputs[c];
            byte[] input1 = inputs[c + 1];
            for (int i = start; i < stop; i++) {
                output[i] ^= table0[input0[i] & 0xFF] ^ table1[input1[i] & 0xFF];
            }
        }
        if (c < row.length) {
            table = row[c];
            input = inputs[c];
            for (int i = start; i < stop; i++) {
                output[i] ^= table[input[i] & 0xFF];
            }
        }
    }
}
