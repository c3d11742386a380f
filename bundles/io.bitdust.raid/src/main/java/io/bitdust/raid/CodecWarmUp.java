package io.bitdust.raid;

import java.util.Arrays;

/**
 * Brings the SIMD engine up to speed before real data needs it. Until C2 has compiled the vector loops, every Vector
 * API call runs as plain Java that allocates its vectors, 30 times slower: a fresh JVM encodes its first 64 MiB at
 * about 130 MB/s. Small stripes through every kernel (groups of four, two and one output rows), encoding and
 * decoding, get the loops compiled for about 0.6 s of CPU, most of it the Vector API's own start-up, which the first
 * backup would pay anyway. A node runs this on a background thread when its backup bundle starts
 * ({@code io.bitdust.pipeline.PipelineWarmUp}); without the SIMD engine it does nothing.
 */
public final class CodecWarmUp {
    /** Stripes encoded and decoded. */
    static final int STRIPES = 300;
    /** Bytes per shard: a few vectors and a scalar tail. */
    static final int SHARD_LENGTH = 1000;

    private CodecWarmUp() {
    }

    /**
     * Runs the warm-up, when the SIMD engine is the fastest one here: {@value #STRIPES} stripes of ecc/7x7 (its seven
     * parity rows use every kernel) encoded, and two data and one parity shard of each restored. Once per JVM is
     * enough.
     *
     * @return the bytes of the restored shards that came back equal to the originals; 0 without the SIMD engine
     */
    public static long run() {
        if (EccCodec.Engine.fastest() != EccCodec.Engine.SIMD) {
            return 0;
        }
        EccCodec codec = EccCodec.create(EccMap.parse("ecc/7x7"), EccCodec.Engine.SIMD);
        byte[][] shards = new byte[codec.map().totalShards()][SHARD_LENGTH];
        for (int i = 0; i < codec.map().dataShards(); i++) {
            for (int b = 0; b < SHARD_LENGTH; b++) {
                shards[i][b] = (byte) (i * 31 + b);
            }
        }
        boolean[] present = new boolean[shards.length];
        Arrays.fill(present, true);
        present[0] = false;
        present[3] = false;
        present[9] = false;
        byte[] data0 = shards[0].clone();
        long equal = 0;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            codec.encodeParity(shards, 0, SHARD_LENGTH);
            shards[0] = new byte[SHARD_LENGTH];
            codec.decodeMissing(shards, present, 0, SHARD_LENGTH);
            equal += Arrays.equals(shards[0], data0) ? SHARD_LENGTH : 0;
        }
        return equal;
    }
}
