package io.bitdust.backup.pipeline;

import io.bitdust.crypto.CipherWarmUp;
import io.bitdust.raid.CodecWarmUp;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the pipeline's JIT-compiled fast paths ready before the first backup or restore: AES-GCM
 * ({@link CipherWarmUp}) and the SIMD Reed-Solomon loops ({@link CodecWarmUp}). Without it a fresh JVM runs its first
 * few hundred megabytes several times slower. Costs about 1 s of CPU once per JVM; the backup bundle runs it on a
 * background thread when it starts.
 */
public final class PipelineWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private PipelineWarmUp() {
    }

    /**
     * Runs the warm-ups once per JVM (per class loader); later calls return at once.
     *
     * @return whether this call ran them
     */
    public static boolean run() {
        if (!STARTED.compareAndSet(false, true)) {
            return false;
        }
        CipherWarmUp.run();
        CodecWarmUp.run();
        return true;
    }
}
