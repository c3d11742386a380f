package io.bitdust.benchmarks;

import io.bitdust.crypto.BlockCipher;
import io.bitdust.crypto.CipherWarmUp;
import io.bitdust.crypto.StreamCipher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first 256 MiB a fresh JVM encrypts, then decrypts, with {@link StreamCipher} (as the backup pipeline does), with
 * and without {@link CipherWarmUp} first (a node runs it when its crypto bundle starts; its own cost is not in the
 * score). One shot per fork: every fork is a cold JVM, which is the point. Seconds per 256 MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(5)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class ColdCipherBenchmark {
    private static final int BLOCK = 4 << 20;
    private static final int BLOCKS = 64;

    @Param({"false", "true"})
    public boolean warmUp;

    private byte[] key;
    private byte[] block;
    private SecureRandom random;

    @Setup
    public void setUp() {
        random = new SecureRandom();
        key = BlockCipher.newKey(random);
        block = new byte[BLOCK];
        random.nextBytes(block);
        if (warmUp) {
            CipherWarmUp.run();
        }
    }

    @Benchmark
    public long encrypt() throws IOException {
        CountingSink sink = new CountingSink();
        try (OutputStream out = StreamCipher.encrypting(sink, key, new byte[0], random)) {
            for (int i = 0; i < BLOCKS; i++) {
                out.write(block);
            }
        }
        return sink.count();
    }

    @Benchmark
    public long decrypt() throws IOException {
        byte[] sealed = StreamCipher.encrypt(key, block, new byte[0], random);
        long read = 0;
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < BLOCKS; i++) {
            try (InputStream in = StreamCipher.decrypting(new ByteArrayInputStream(sealed), key, new byte[0])) {
                for (int n; (n = in.read(buffer)) > 0;) {
                    read += n;
                }
            }
        }
        return read;
    }
}
