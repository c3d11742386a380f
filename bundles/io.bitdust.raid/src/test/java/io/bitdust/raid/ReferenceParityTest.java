package io.bitdust.raid;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import com.backblaze.erasure.ReedSolomon;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

/** Our parity is byte for byte the parity of Backblaze's JavaReedSolomon (from kcp-fec). */
public class ReferenceParityTest extends EngineTestBase {
    private static final int[] SIZES = {1, 7, 31, 32, 33, 64, 65, 1000, 4097};

    @Test
    public void parityIsIdenticalToTheReferenceForEveryMapAndSize() {
        Random random = new Random(42);
        for (EccMap map : EccMap.all()) {
            EccCodec codec = codec(map);
            ReedSolomon reference = ReedSolomon.create(map.dataShards(), map.parityShards());
            for (int size : SIZES) {
                byte[][] ours = Shards.random(map, 0, size, 0, random);
                byte[][] theirs = Shards.copy(ours);
                codec.encodeParity(ours, 0, size);
                reference.encodeParity(theirs, 0, size);
                for (int i = 0; i < ours.length; i++) {
                    assertArrayEquals(map + " " + map.positionName(i) + " size " + size, theirs[i], ours[i]);
                }
            }
        }
    }

    @Test
    public void onlyTheRangeIsWritten() {
        Random random = new Random(7);
        EccMap map = EccMap.parse("ecc/7x7");
        int offset = 13;
        int length = 4097;
        byte[][] ours = Shards.random(map, offset, length, 11, random);
        byte[][] theirs = Shards.copy(ours);
        codec(map).encodeParity(ours, offset, length);
        ReedSolomon.create(7, 7).encodeParity(theirs, offset, length);
        for (int i = 0; i < ours.length; i++) {
            assertArrayEquals(map.positionName(i), theirs[i], ours[i]);
        }
    }

    @Test
    public void zeroDataGivesZeroParity() {
        EccMap map = EccMap.parse("ecc/4x4");
        byte[][] shards = new byte[8][100];
        for (int i = 4; i < 8; i++) {
            Arrays.fill(shards[i], (byte) 0x5A);
        }
        codec(map).encodeParity(shards, 0, 100);
        for (int i = 4; i < 8; i++) {
            assertArrayEquals(new byte[100], shards[i]);
        }
        assertEquals(engine, codec(map).engine());
    }
}
