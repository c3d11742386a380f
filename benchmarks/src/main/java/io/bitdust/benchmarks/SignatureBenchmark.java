package io.bitdust.benchmarks;

import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
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

/** Ed25519 signatures per second (Bouncy Castle's lightweight API, as the node uses it), one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SignatureBenchmark {
    /** The signed message: 49 bytes is what a packet signature covers (label + SHA-256). */
    @Param({"49", "1024"})
    public int messageBytes;

    private SigningKeyPair keys;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        keys = SigningKeyPair.generate(random);
        message = new byte[messageBytes];
        random.nextBytes(message);
        signature = Signatures.sign(keys, message);
    }

    @Benchmark
    public byte[] sign() {
        return Signatures.sign(keys, message);
    }

    @Benchmark
    public boolean verify() {
        return Signatures.verify(keys.publicKey(), message, signature);
    }
}
