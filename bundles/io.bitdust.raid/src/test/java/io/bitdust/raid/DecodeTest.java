package io.bitdust.raid;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.Test;

/**
 * Any N of the 2N shards restore the others (or only the data ones), byte for byte; N + 1 erasures fail naming the
 * positions.
 */
public class DecodeTest extends EngineTestBase {
    private static final int OFFSET = 3;
    private static final int LENGTH = 1031;
    private static final int SLACK = 5;
    private static final int SAMPLED_PATTERNS = 24;

    @Test
    public void everyErasurePatternOfTheSmallMapsIsRestored() {
        Random random = new Random(2);
        for (String name : List.of("ecc/2x2", "ecc/4x4")) {
            EccMap map = EccMap.parse(name);
            EccCodec codec = codec(map);
            byte[][] block = encodedBlock(codec, random);
            for (int mask = 0; mask < 1 << map.totalShards(); mask++) {
                BitSet missing = BitSet.valueOf(new long[] {mask});
                if (missing.cardinality() <= map.parityShards()) {
                    assertRestores(codec, block, missing);
                } else {
                    assertFailsNaming(codec, block, missing);
                }
            }
        }
    }

    @Test
    public void sampledErasurePatternsOfTheLargeMapsAreRestored() {
        Random random = new Random(3);
        for (EccMap map : EccMap.all()) {
            if (map.dataShards() <= 4) {
                continue;
            }
            EccCodec codec = codec(map);
            byte[][] block = encodedBlock(codec, random);
            for (int pattern = 0; pattern < SAMPLED_PATTERNS; pattern++) {
                int erasures = pattern % 2 == 0 ? map.parityShards() : 1 + random.nextInt(map.parityShards());
                assertRestores(codec, block, randomErasures(map, erasures, random));
            }
            assertFailsNaming(codec, block, randomErasures(map, map.parityShards() + 1, random));
        }
    }

    @Test
    public void theErrorNamesTheMissingPositions() {
        EccMap map = EccMap.parse("ecc/2x2");
        byte[][] shards = new byte[4][10];
        BitDustException error = assertThrows(BitDustException.class,
                () -> codec(map).decodeMissing(shards, new boolean[] {false, false, true, false}, 0, 10));
        assertEquals(ErrorCode.UNAVAILABLE, error.code());
        assertEquals("ecc/2x2 needs 2 of its 4 shards, 3 are missing: Data 0, Data 1, Parity 1", error.getMessage());
    }

    @Test
    public void oneCodecServesManyThreads() throws Exception {
        EccCodec codec = codec(EccMap.parse("ecc/13x13"));
        byte[][] block = encodedBlock(codec, new Random(6));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int task = 0; task < 16; task++) {
                long seed = task;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int round = 0; round < 20; round++) {
                        assertRestores(codec, block, randomErasures(codec.map(), 1 + random.nextInt(13), random));
                    }
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void nothingMissingChangesNothing() {
        EccMap map = EccMap.parse("ecc/4x4");
        byte[][] shards = Shards.random(map, 0, 100, 0, new Random(4));
        byte[][] before = Shards.copy(shards);
        boolean[] present = new boolean[8];
        Arrays.fill(present, true);
        codec(map).decodeMissing(shards, present, 0, 100);
        codec(map).decodeData(shards, present, 0, 100);
        for (int i = 0; i < shards.length; i++) {
            assertArrayEquals(before[i], shards[i]);
        }
    }

    private static byte[][] encodedBlock(EccCodec codec, Random random) {
        byte[][] block = Shards.random(codec.map(), OFFSET, LENGTH, SLACK, random);
        codec.encodeParity(block, OFFSET, LENGTH);
        return block;
    }

    private static BitSet randomErasures(EccMap map, int count, Random random) {
        List<Integer> positions = new ArrayList<>();
        IntStream.range(0, map.totalShards()).forEach(positions::add);
        Collections.shuffle(positions, random);
        BitSet missing = new BitSet();
        positions.subList(0, count).forEach(missing::set);
        return missing;
    }

    private static void assertRestores(EccCodec codec, byte[][] block, BitSet missing) {
        byte[][] damaged = Shards.copy(block);
        boolean[] present = presence(codec.map(), missing);
        missing.stream().forEach(i -> Arrays.fill(damaged[i], OFFSET, OFFSET + LENGTH, (byte) (31 * i + 7)));
        codec.decodeMissing(damaged, present, OFFSET, LENGTH);
        for (int i = 0; i < block.length; i++) {
            assertArrayEquals(codec + " missing " + missing + ", " + codec.map().positionName(i), block[i],
                    damaged[i]);
        }

        byte[][] dataOnly = Shards.copy(block);
        int n = codec.map().dataShards();
        missing.stream().forEach(i -> {
            if (i < n) {
                Arrays.fill(dataOnly[i], OFFSET, OFFSET + LENGTH, (byte) (31 * i + 7));
            } else {
                dataOnly[i] = null;
            }
        });
        codec.decodeData(dataOnly, present, OFFSET, LENGTH);
        for (int i = 0; i < block.length; i++) {
            String what = codec + " data only, missing " + missing + ", " + codec.map().positionName(i);
            if (i >= n && missing.get(i)) {
                assertNull(what + " stays null", dataOnly[i]);
            } else {
                assertArrayEquals(what, block[i], dataOnly[i]);
            }
        }
    }

    private static void assertFailsNaming(EccCodec codec, byte[][] block, BitSet missing) {
        byte[][] damaged = Shards.copy(block);
        BitDustException error = assertThrows(BitDustException.class,
                () -> codec.decodeMissing(damaged, presence(codec.map(), missing), OFFSET, LENGTH));
        assertEquals(ErrorCode.UNAVAILABLE, error.code());
        missing.stream().forEach(i -> assertTrue(error.getMessage(),
                error.getMessage().matches(".*\\b" + codec.map().positionName(i) + "\\b.*")));
        BitDustException dataError = assertThrows(BitDustException.class,
                () -> codec.decodeData(damaged, presence(codec.map(), missing), OFFSET, LENGTH));
        assertEquals(error.getMessage(), dataError.getMessage());
        for (int i = 0; i < block.length; i++) {
            assertArrayEquals("a failed decode must not write", block[i], damaged[i]);
        }
    }

    private static boolean[] presence(EccMap map, BitSet missing) {
        boolean[] present = new boolean[map.totalShards()];
        for (int i = 0; i < present.length; i++) {
            present[i] = !missing.get(i);
        }
        return present;
    }
}
