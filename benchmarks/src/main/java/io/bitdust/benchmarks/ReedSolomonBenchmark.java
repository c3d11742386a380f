package io.bitdust.benchmarks;

import com.backblaze.erasure.ReedSolomon;
import io.bitdust.raid.EccCodec;
import io.bitdust.raid.EccMap;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reed-Solomon encode and decode of one stripe ({@code stripeMiB} of data cut into {@code N} data shards) for every
 * ECC map, on our scalar and SIMD engines and on Backblaze's JavaReedSolomon (kcp-fec). The primary score is
 * stripes per second; the secondary {@code dataBytes} score is bytes of data per second.
 *
 * <p>Decoding restores {@code N} erased shards: Data i and Parity i for the first {@code N/2} positions (lost
 * suppliers), plus Data {@code N/2} when {@code N} is odd; {@code decodeData} restores only the erased data shards,
 * as a restore does.
 *
 * <p>The forked JVM gets the distribution's options (bin/setenv). To see what the Vector API's own index checks cost,
 * run with {@code -jvmArgs --add-modules=jdk.incubator.vector}, which replaces them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector",
    "-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ReedSolomonBenchmark {
    private static final int MIB = 1 << 20;

    @Param({"ecc/2x2", "ecc/4x4", "ecc/7x7", "ecc/13x13", "ecc/18x18", "ecc/26x26", "ecc/64x64"})
    public String ecc;

    @Param({"1", "4", "16"})
    public int stripeMiB;

    @Param({"scalar", "simd", "reference"})
    public String implementation;

    private Coder coder;
    private byte[][] shards;
    private boolean[] present;
    private int shardBytes;
    private long stripeBytes;

    /** Bytes of data coded, reported by JMH as a rate (per second) beside the stripes per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class DataBytes {
        public long dataBytes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        EccMap map = EccMap.parse(ecc);
        int n = map.dataShards();
        shardBytes = (stripeMiB * MIB + n - 1) / n;
        stripeBytes = (long) shardBytes * n;
        shards = new byte[map.totalShards()][shardBytes];
        Random random = new Random(1);
        for (int i = 0; i < n; i++) {
            random.nextBytes(shards[i]);
        }
        present = new boolean[map.totalShards()];
        for (int i = 0; i < present.length; i++) {
            int position = i % n;
            present[i] = !(position < n / 2 || i == n / 2 && n % 2 == 1);
        }
        coder = coder(map);
        coder.encode(shards, shardBytes);
    }

    @Benchmark
    public byte[][] encode(DataBytes counter) {
        coder.encode(shards, shardBytes);
        counter.dataBytes += stripeBytes;
        return shards;
    }

    @Benchmark
    public byte[][] decode(DataBytes counter) {
        coder.decode(shards, present, shardBytes);
        counter.dataBytes += stripeBytes;
        return shards;
    }

    /** What a restore runs: only the erased data shards; the reference has no such call and restores them all. */
    @Benchmark
    public byte[][] decodeData(DataBytes counter) {
        coder.decodeData(shards, present, shardBytes);
        counter.dataBytes += stripeBytes;
        return shards;
    }

    private Coder coder(EccMap map) {
        switch (implementation) {
            case "scalar":
                return codec(EccCodec.create(map, EccCodec.Engine.SCALAR));
            case "simd":
                return codec(EccCodec.create(map, EccCodec.Engine.SIMD));
            case "reference":
                ReedSolomon reference = ReedSolomon.create(map.dataShards(), map.parityShards());
                return new Coder() {
                    @Override
                    public void encode(byte[][] shards, int length) {
                        reference.encodeParity(shards, 0, length);
                    }

                    @Override
                    public void decode(byte[][] shards, boolean[] present, int length) {
                        reference.decodeMissing(shards, present, 0, length);
                    }
                };
            default:
                throw new IllegalArgumentException("unknown implementation '" + implementation
                        + "', expected scalar, simd or reference");
        }
    }

    private static Coder codec(EccCodec codec) {
        return new Coder() {
            @Override
            public void encode(byte[][] shards, int length) {
                codec.encodeParity(shards, 0, length);
            }

            @Override
            public void decode(byte[][] shards, boolean[] present, int length) {
                codec.decodeMissing(shards, present, 0, length);
            }

            @Override
            public void decodeData(byte[][] shards, boolean[] present, int length) {
                codec.decodeData(shards, present, 0, length);
            }
        };
    }

    /** One implementation under test. */
    private interface Coder {
        void encode(byte[][] shards, int length);

        void decode(byte[][] shards, boolean[] present, int length);

        default void decodeData(byte[][] shards, boolean[] present, int length) {
            decode(shards, present, length);
        }
    }
}
