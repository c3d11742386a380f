package io.bitdust.raid;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assume.assumeTrue;

import org.junit.Test;

/** The warm-up's effect is a speed (docs/performance.md); here: it computes right and runs once. */
public class CodecWarmUpTest {
    @Test
    public void everyStripeIsRestoredAndASecondRunDoesNothing() {
        assumeTrue(EccCodec.Engine.SIMD.isAvailable());
        assertEquals(20L * CodecWarmUp.SHARD_LENGTH, CodecWarmUp.exercise(20));
        CodecWarmUp.run();
        assertFalse(CodecWarmUp.run());
    }
}
