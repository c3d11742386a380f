package io.bitdust.pipeline;

import io.bitdust.crypto.CipherWarmUp;
import io.bitdust.raid.CodecWarmUp;

/**
 * Gets the pipeline's JIT-compiled fast paths ready before the first backup or restore: AES-GCM
 * ({@link CipherWarmUp}) and the SIMD Reed-Solomon loops ({@link CodecWarmUp}). Without it a fresh JVM runs its first
 * few hundred megabytes several times slower. Costs about 1 s of CPU; once per JVM is enough. The backup bundle runs
 * it on a background thread when it starts (its {@code PipelineWarmUpComponent}).
 */
public final class PipelineWarmUp {
    private PipelineWarmUp() {
    }

    /**
     * Runs both warm-ups, the second one only if the calling thread was not interrupted meanwhile.
     *
     * @throws io.bitdust.common.BitDustException INTERNAL when AES-GCM is not available or fails its round trip
     */
    public static void run() {
        CipherWarmUp.run();
        if (!Thread.currentThread().isInterrupted()) {
            CodecWarmUp.run();
        }
    }
}
