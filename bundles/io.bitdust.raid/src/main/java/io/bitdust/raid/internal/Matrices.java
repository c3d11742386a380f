package io.bitdust.raid.internal;

import java.util.Arrays;

/**
 * The matrices of the code, as {@code int[rows][columns]} of field elements. The encoding matrix is
 * JavaReedSolomon's: the Vandermonde matrix {@code V[r][c] = r^c} with {@code 2N} rows and {@code N} columns,
 * multiplied by the inverse of its top square so that the top half is the identity (the data shards themselves)
 * and the bottom half gives the parity.
 */
public final class Matrices {
    private Matrices() {
    }

    /** @return the {@code 2N x N} systematic encoding matrix for {@code N} data shards */
    public static int[][] encoding(int dataShards) {
        int[][] vandermonde = new int[2 * dataShards][dataShards];
        for (int r = 0; r < vandermonde.length; r++) {
            for (int c = 0; c < dataShards; c++) {
                vandermonde[r][c] = Galois.power(r, c);
            }
        }
        return multiply(vandermonde, invert(rows(vandermonde, range(0, dataShards))));
    }

    /** @return {@code 0, 1, ... to - 1} starting at {@code from} */
    public static int[] range(int from, int to) {
        int[] indexes = new int[to - from];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = from + i;
        }
        return indexes;
    }

    /** @return a new matrix made of the given rows of {@code matrix}, in that order */
    public static int[][] rows(int[][] matrix, int[] indexes) {
        int[][] rows = new int[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            rows[i] = matrix[indexes[i]].clone();
        }
        return rows;
    }

    /** @return the product {@code left x right} */
    public static int[][] multiply(int[][] left, int[][] right) {
        int[][] product = new int[left.length][right[0].length];
        for (int r = 0; r < product.length; r++) {
            for (int c = 0; c < product[r].length; c++) {
                int sum = 0;
                for (int k = 0; k < right.length; k++) {
                    sum ^= Galois.multiply(left[r][k], right[k][c]);
                }
                product[r][c] = sum;
            }
        }
        return product;
    }

    /**
     * @return the inverse of a square matrix, by Gauss-Jordan elimination
     * @throws ArithmeticException when the matrix is singular (never for rows of the encoding matrix)
     */
    public static int[][] invert(int[][] square) {
        int size = square.length;
        int[][] work = new int[size][2 * size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(square[r], 0, work[r], 0, size);
            work[r][size + r] = 1;
        }
        for (int pivot = 0; pivot < size; pivot++) {
            int found = pivot;
            while (work[found][pivot] == 0) {
                if (++found == size) {
                    throw new ArithmeticException("singular matrix");
                }
            }
            int[] swap = work[pivot];
            work[pivot] = work[found];
            work[found] = swap;
            int scale = Galois.inverse(work[pivot][pivot]);
            for (int c = 0; c < 2 * size; c++) {
                work[pivot][c] = Galois.multiply(work[pivot][c], scale);
            }
            for (int r = 0; r < size; r++) {
                int factor = work[r][pivot];
                if (r != pivot && factor != 0) {
                    for (int c = 0; c < 2 * size; c++) {
                        work[r][c] ^= Galois.multiply(factor, work[pivot][c]);
                    }
                }
            }
        }
        int[][] inverse = new int[size][];
        for (int r = 0; r < size; r++) {
            inverse[r] = Arrays.copyOfRange(work[r], size, 2 * size);
        }
        return inverse;
    }
}
