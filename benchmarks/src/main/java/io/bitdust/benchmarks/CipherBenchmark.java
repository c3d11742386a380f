package io.bitdust.benchmarks;

import io.bitdust.crypto.BlockCipher;
import io.bitdust.crypto.CipherWarmUp;
import io.bitdust.crypto.StreamCipher;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * AES-256-GCM throughput, warm: the JDK cipher alone on one 64 KiB message per call (the budget's "64 KiB slices"),
 * and {@link StreamCipher} on a 4 MiB block as the backup pipeline uses it (byte arrays both ways, and the encrypting
 * stream). The secondary {@code bytes} score is plaintext bytes per second. Run with {@code -t 2} for both cores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class CipherBenchmark {
    private static final int SLICE = 64 * 1024;
    private static final int BLOCK = 4 << 20;

    private final SecureRandom random = new SecureRandom();
    private final byte[] nonce = new byte[BlockCipher.NONCE_LENGTH];
    private Cipher cipher;
    private SecretKeySpec keySpec;
    private byte[] key;
    private byte[] block;
    private byte[] sealedBlock;
    private byte[] sliceOut;
    private long counter;

    /** Plaintext bytes, reported by JMH as a rate beside the calls per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;
    }

    @Setup
    public void setUp() throws GeneralSecurityException {
        CipherWarmUp.run(); // as a node does when it starts: without it the first seconds run the JDK's Java GHASH
        key = BlockCipher.newKey(random);
        keySpec = new SecretKeySpec(key, "AES");
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        block = new byte[BLOCK];
        random.nextBytes(block);
        sealedBlock = StreamCipher.encrypt(key, block, new byte[0], random);
        sliceOut = new byte[SLICE + BlockCipher.TAG_LENGTH];
        random.nextBytes(nonce);
    }

    @Benchmark
    public int jdkSlice(Bytes counted) throws GeneralSecurityException {
        counter++;
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (counter >>> (8 * i));
        }
        cipher.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(128, nonce));
        counted.bytes += SLICE;
        return cipher.doFinal(block, 0, SLICE, sliceOut, 0);
    }

    @Benchmark
    public byte[] streamEncrypt(Bytes counted) {
        counted.bytes += BLOCK;
        return StreamCipher.encrypt(key, block, new byte[0], random);
    }

    @Benchmark
    public byte[] streamDecrypt(Bytes counted) {
        counted.bytes += BLOCK;
        return StreamCipher.decrypt(key, sealedBlock, new byte[0]);
    }

    @Benchmark
    public long streamEncrypting(Bytes counted) throws IOException {
        CountingSink sink = new CountingSink();
        try (OutputStream out = StreamCipher.encrypting(sink, key, new byte[0], random)) {
            out.write(block);
        }
        counted.bytes += BLOCK;
        return sink.count();
    }
}
