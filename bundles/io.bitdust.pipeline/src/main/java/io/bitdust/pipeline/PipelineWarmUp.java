package io.bitdust.pipeline;

import io.bitdust.crypto.CipherWarmUp;
import io.bitdust.crypto.Hashes;
import io.bitdust.raid.CodecWarmUp;

/**
 * Gets the pipeline's JIT-compiled fast paths ready before the first backup or restore: AES-GCM
 * ({@link CipherWarmUp}), the SIMD Reed-Solomon loops ({@link CodecWarmUp}) and SHA-256 of the fragments (the JDK's
 * intrinsic, in the slices {@link Hashes} feeds it). Without it a fresh JVM runs its first
 * few hundred megabytes several times slower. Costs about 1 s of CPU; once per JVM is enough. The backup bundle runs
 * it on a background thread when it starts (its {@code PipelineWarmUpComponent}).
 */
public final class PipelineWarmUp {
    /** Fragments hashed in the warm-up: 16 MiB in all, about 20-50 ms. */
    private static final int HASHED_FRAGMENTS = 64;
    private static final int FRAGMENT_LENGTH = 256 * 1024;

    private PipelineWarmUp() {
    }

    /**
     * Runs the warm-ups, each one only if the calling thread was not interrupted meanwhile.
     *
     * @throws io.bitdust.common.BitDustException INTERNAL when AES-GCM is not available or fails its round trip
     */
    public static void run() {
        CipherWarmUp.run();
        if (!Thread.currentThread().isInterrupted()) {
            CodecWarmUp.run();
        }
        byte[] fragment = new byte[FRAGMENT_LENGTH];
        for (int i = 0; i < HASHED_FRAGMENTS && !Thread.currentThread().isInterrupted(); i++) {
            fragment[i] ^= Hashes.newSha256().update(fragment, 0, fragment.length).digest()[0];
        }
    }
}
