package io.bitdust.raid.internal;

/**
 * A fixed matrix of GF(2^8) coefficients applied to shards: {@code outputs[r][i] = XOR over c of
 * matrix[r][c] * inputs[c][i]} for every {@code i} in {@code offset .. offset + length - 1}. Encoding is the
 * parity rows applied to the data shards; decoding is a matrix computed per erasure pattern applied to the
 * shards that are present. Implementations are immutable and thread-safe; callers check the arguments.
 */
public interface ShardMultiplier {
    /**
     * @param inputs  one array per matrix column, each at least {@code offset + length} long
     * @param outputs one array per matrix row, overwritten in the range, never one of the inputs
     * @param offset  first byte of the range in every array
     * @param length  number of bytes in the range
     */
    void multiply(byte[][] inputs, byte[][] outputs, int offset, int length);
}
