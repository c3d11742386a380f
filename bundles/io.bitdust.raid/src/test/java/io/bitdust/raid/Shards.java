package io.bitdust.raid;

import java.util.Random;

/** Test blocks: random data shards with room around the coded range. */
final class Shards {
    private Shards() {
    }

    /** @return {@code map.totalShards()} arrays of {@code offset + length + slack} random bytes */
    static byte[][] random(EccMap map, int offset, int length, int slack, Random random) {
        byte[][] shards = new byte[map.totalShards()][offset + length + slack];
        for (byte[] shard : shards) {
            random.nextBytes(shard);
        }
        return shards;
    }

    static byte[][] copy(byte[][] shards) {
        byte[][] copy = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            copy[i] = shards[i].clone();
        }
        return copy;
    }
}
