package io.bitdust.raid.internal;

import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API multiplier. A product {@code k * x} is {@code low_k[x & 15] ^ high_k[x >>> 4]} with two 16-entry
 * tables per coefficient, and a 16-entry table lookup is one byte shuffle ({@code rearrange}). Work goes by chunks
 * that fit the L1 cache, by groups of four output rows (then two, then one), input by input: each input vector is
 * split into nibbles once for the group, and the group's tables stay in registers for the whole chunk. Only loaded
 * when the module {@code jdk.incubator.vector} is present (see {@link Multipliers}).
 *
 * <p>The loops call no helper method that takes or returns a vector: on JDK 17, C2 then boxed the vectors (an
 * allocation per vector, three times slower), even where it reported the helpers inlined.
 *
 * <p>Every array range is checked once on entry, so the loops never rely on the Vector API's own checks. Those make
 * the codec about 30 % slower (3.2 instead of 4.6 GB/s for ecc/4x4 here): each {@code rearrange} first tests its
 * shuffle for negative indexes (a compare, a mask and a test on the shuffle port). The distribution therefore starts
 * the JVM with {@code -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0} ({@code bin/setenv}). The unit tests run
 * both ways: with the checks on, so an indexing mistake here throws, and as the distribution runs.
 */
final class SimdMultiplier implements ShardMultiplier {
    /**
     * 128 bits: the 16-entry lookup is then one {@code pshufb}. Without AVX-512 VBMI, JDK 17 compiles a 256-bit byte
     * {@code rearrange} to two lane swaps, two shuffles and a blend (1.35x slower here, on a Cascade Lake), and
     * cannot compile a 512-bit one at all.
     */
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_128;
    private static final int LANES = SPECIES.length();
    /** Four output chunks and one input chunk stay in a 32 KiB L1 data cache. */
    private static final int CHUNK = 4096;

    private final int rows;
    private final int columns;
    /** The low-nibble table of matrix[r][c], repeated to fill a vector, at ((r * columns) + c) * LANES. */
    private final byte[] low;
    /** The high-nibble tables, laid out as {@link #low}. */
    private final byte[] high;
    /** Codes the bytes after the last whole vector. */
    private final ScalarMultiplier tail;

    SimdMultiplier(int[][] matrix) {
        rows = matrix.length;
        columns = matrix[0].length;
        low = new byte[rows * columns * LANES];
        high = new byte[low.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int at = (r * columns + c) * LANES;
                for (int lane = 0; lane < LANES; lane++) {
                    low[at + lane] = (byte) Galois.multiply(matrix[r][c], lane & 0x0F);
                    high[at + lane] = (byte) Galois.multiply(matrix[r][c], (lane & 0x0F) << 4);
                }
            }
        }
        tail = new ScalarMultiplier(matrix);
    }

    @Override
    public void multiply(byte[][] inputs, byte[][] outputs, int offset, int length) {
        if (inputs.length != columns || outputs.length != rows) {
            throw new IllegalArgumentException(inputs.length + " inputs and " + outputs.length + " outputs for a "
                    + rows + "x" + columns + " matrix");
        }
        checkRange(inputs, offset, length);
        checkRange(outputs, offset, length);
        int vectorEnd = offset + SPECIES.loopBound(length);
        int rowStride = columns * LANES;
        for (int start = offset; start < vectorEnd; start += CHUNK) {
            int stop = start + Math.min(CHUNK, vectorEnd - start);
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                for (int c = 0; c < columns; c++) {
                    multiplyFour(low, high, r * rowStride + c * LANES, rowStride, c == 0, inputs[c], outputs[r],
                            outputs[r + 1], outputs[r + 2], outputs[r + 3], start, stop);
                }
            }
            for (; r + 2 <= rows; r += 2) {
                for (int c = 0; c < columns; c++) {
                    multiplyTwo(low, high, r * rowStride + c * LANES, rowStride, c == 0, inputs[c], outputs[r],
                            outputs[r + 1], start, stop);
                }
            }
            for (; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    multiplyOne(low, high, r * rowStride + c * LANES, c == 0, inputs[c], outputs[r], start, stop);
                }
            }
        }
        if (vectorEnd < offset + length) {
            tail.multiply(inputs, outputs, vectorEnd, offset + length - vectorEnd);
        }
    }

    private static void checkRange(byte[][] arrays, int offset, int length) {
        for (byte[] array : arrays) {
            Objects.checkFromIndexSize(offset, length, array.length);
        }
    }

    /**
     * Adds the products of {@code input} to four outputs whose tables are {@code stride} apart from {@code table};
     * the first input overwrites instead.
     */
    private static void multiplyFour(byte[] low, byte[] high, int table, int stride, boolean first, byte[] input,
            byte[] output0, byte[] output1, byte[] output2, byte[] output3, int start, int stop) {
        ByteVector low0 = ByteVector.fromArray(SPECIES, low, table);
        ByteVector high0 = ByteVector.fromArray(SPECIES, high, table);
        ByteVector low1 = ByteVector.fromArray(SPECIES, low, table + stride);
        ByteVector high1 = ByteVector.fromArray(SPECIES, high, table + stride);
        ByteVector low2 = ByteVector.fromArray(SPECIES, low, table + 2 * stride);
        ByteVector high2 = ByteVector.fromArray(SPECIES, high, table + 2 * stride);
        ByteVector low3 = ByteVector.fromArray(SPECIES, low, table + 3 * stride);
        ByteVector high3 = ByteVector.fromArray(SPECIES, high, table + 3 * stride);
        for (int i = start; i < stop; i += LANES) {
            ByteVector x = ByteVector.fromArray(SPECIES, input, i);
            VectorShuffle<Byte> lo = x.and((byte) 0x0F).toShuffle();
            VectorShuffle<Byte> hi = x.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes()
                    .and((byte) 0x0F).toShuffle();
            ByteVector sum0 = low0.rearrange(lo).lanewise(XOR, high0.rearrange(hi));
            ByteVector sum1 = low1.rearrange(lo).lanewise(XOR, high1.rearrange(hi));
            ByteVector sum2 = low2.rearrange(lo).lanewise(XOR, high2.rearrange(hi));
            ByteVector sum3 = low3.rearrange(lo).lanewise(XOR, high3.rearrange(hi));
            if (!first) {
                sum0 = sum0.lanewise(XOR, ByteVector.fromArray(SPECIES, output0, i));
                sum1 = sum1.lanewise(XOR, ByteVector.fromArray(SPECIES, output1, i));
                sum2 = sum2.lanewise(XOR, ByteVector.fromArray(SPECIES, output2, i));
                sum3 = sum3.lanewise(XOR, ByteVector.fromArray(SPECIES, output3, i));
            }
            sum0.intoArray(output0, i);
            sum1.intoArray(output1, i);
            sum2.intoArray(output2, i);
            sum3.intoArray(output3, i);
        }
    }

    /** As {@link #multiplyFour} for two outputs. */
    private static void multiplyTwo(byte[] low, byte[] high, int table, int stride, boolean first, byte[] input,
            byte[] output0, byte[] output1, int start, int stop) {
        ByteVector low0 = ByteVector.fromArray(SPECIES, low, table);
        ByteVector high0 = ByteVector.fromArray(SPECIES, high, table);
        ByteVector low1 = ByteVector.fromArray(SPECIES, low, table + stride);
        ByteVector high1 = ByteVector.fromArray(SPECIES, high, table + stride);
        for (int i = start; i < stop; i += LANES) {
            ByteVector x = ByteVector.fromArray(SPECIES, input, i);
            VectorShuffle<Byte> lo = x.and((byte) 0x0F).toShuffle();
            VectorShuffle<Byte> hi = x.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes()
                    .and((byte) 0x0F).toShuffle();
            ByteVector sum0 = low0.rearrange(lo).lanewise(XOR, high0.rearrange(hi));
            ByteVector sum1 = low1.rearrange(lo).lanewise(XOR, high1.rearrange(hi));
            if (!first) {
                sum0 = sum0.lanewise(XOR, ByteVector.fromArray(SPECIES, output0, i));
                sum1 = sum1.lanewise(XOR, ByteVector.fromArray(SPECIES, output1, i));
            }
            sum0.intoArray(output0, i);
            sum1.intoArray(output1, i);
        }
    }

    /** As {@link #multiplyFour} for one output. */
    private static void multiplyOne(byte[] low, byte[] high, int table, boolean first, byte[] input, byte[] output,
            int start, int stop) {
        ByteVector lowTable = ByteVector.fromArray(SPECIES, low, table);
        ByteVector highTable = ByteVector.fromArray(SPECIES, high, table);
        for (int i = start; i < stop; i += LANES) {
            ByteVector x = ByteVector.fromArray(SPECIES, input, i);
            VectorShuffle<Byte> lo = x.and((byte) 0x0F).toShuffle();
            VectorShuffle<Byte> hi = x.reinterpretAsShorts().lanewise(LSHR, 4).reinterpretAsBytes()
                    .and((byte) 0x0F).toShuffle();
            ByteVector sum = lowTable.rearrange(lo).lanewise(XOR, highTable.rearrange(hi));
            if (!first) {
                sum = sum.lanewise(XOR, ByteVector.fromArray(SPECIES, output, i));
            }
            sum.intoArray(output, i);
        }
    }
}
