package io.bitdust.raid;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.util.Random;
import org.junit.After;
import org.junit.Test;

/** SIMD and scalar write the same bytes, including around vector boundaries; SIMD is chosen when present. */
public class EnginesAgreeTest {
    private static final int[] LENGTHS = {1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 1000, 70_001};

    @After
    public void clearProperty() {
        System.clearProperty("bitdust.raid.simd");
    }

    @Test
    public void simdAndScalarEncodeAndDecodeTheSameBytes() {
        assumeTrue(EccCodec.Engine.SIMD.isAvailable());
        Random random = new Random(5);
        for (EccMap map : EccMap.all()) {
            EccCodec simd = EccCodec.create(map, EccCodec.Engine.SIMD);
            EccCodec scalar = EccCodec.create(map, EccCodec.Engine.SCALAR);
            boolean[] present = new boolean[map.totalShards()];
            for (int i = 0; i < present.length; i++) {
                present[i] = i % 2 == 1;
            }
            for (int length : LENGTHS) {
                byte[][] fromSimd = Shards.random(map, 1, length, 2, random);
                byte[][] fromScalar = Shards.copy(fromSimd);
                simd.encodeParity(fromSimd, 1, length);
                scalar.encodeParity(fromScalar, 1, length);
                assertSame(map + " encode " + length, fromScalar, fromSimd);
                simd.decodeMissing(fromSimd, present, 1, length);
                scalar.decodeMissing(fromScalar, present, 1, length);
                assertSame(map + " decode " + length, fromScalar, fromSimd);
            }
        }
    }

    @Test
    public void theFastestEngineIsSimdExactlyWhenTheVectorModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(present, EccCodec.Engine.SIMD.isAvailable());
        EccCodec.Engine expected = present ? EccCodec.Engine.SIMD : EccCodec.Engine.SCALAR;
        assertEquals(expected, EccCodec.Engine.fastest());
        assertEquals(expected, EccCodec.create(EccMap.parse("ecc/2x2")).engine());
    }

    @Test
    public void thePropertyForcesScalar() {
        System.setProperty("bitdust.raid.simd", "false");
        assertEquals(EccCodec.Engine.SCALAR, EccCodec.Engine.fastest());
        assertEquals(EccCodec.Engine.SCALAR, EccCodec.create(EccMap.parse("ecc/4x4")).engine());
    }

    private static void assertSame(String message, byte[][] expected, byte[][] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(message + " shard " + i, expected[i], actual[i]);
        }
    }
}
