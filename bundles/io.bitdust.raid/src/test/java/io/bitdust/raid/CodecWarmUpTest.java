package io.bitdust.raid;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The warm-up's effect is a speed (docs/performance.md); here: every stripe it codes comes back right. */
public class CodecWarmUpTest {
    @Test
    public void everyStripeIsRestoredOnTheSimdEngineAndNothingRunsWithoutIt() {
        long expected = EccCodec.Engine.fastest() == EccCodec.Engine.SIMD
                ? (long) CodecWarmUp.STRIPES * CodecWarmUp.SHARD_LENGTH : 0;
        assertEquals(expected, CodecWarmUp.run());
    }
}
