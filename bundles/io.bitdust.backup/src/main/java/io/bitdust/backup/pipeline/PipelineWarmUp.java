package io.bitdust.backup.pipeline;

import io.bitdust.crypto.CipherWarmUp;
import io.bitdust.raid.CodecWarmUp;

/**
 * Gets the pipeline's JIT-compiled fast paths ready before the first backup or restore: AES-GCM
 * ({@link CipherWarmUp}) and the SIMD Reed-Solomon loops ({@link CodecWarmUp}). Without it a fresh JVM runs its first
 * few hundred megabytes several times slower. Costs about 1 s of CPU once per JVM; the backup bundle runs it on a
 * background thread when it starts.
 */
public final class PipelineWarmUp {
    private PipelineWarmUp() {
    }

    /**
     * Runs every warm-up that has not run yet in this JVM.
     *
     * @return whether this call did any work
     */
    public static boolean run() {
        boolean cipher = CipherWarmUp.run();
        boolean codec = CodecWarmUp.run();
        return cipher || codec;
    }
}
