package io.bitdust.benchmarks;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
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
 * Packet encode and decode throughput for Data packets: payload bytes per second (the {@code payloadBytes} counter),
 * and signing (SHA-256 of the packet, then Ed25519) or verifying it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PacketBenchmark {
    @Param({"1024", "1048576"})
    public int payload;

    private final PacketCodec codec = new PacketCodec();
    private SigningKeyPair keys;
    private Packet packet;
    private byte[] encoded;
    private byte[] data;

    /** Payload bytes processed, reported per second by JMH. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long payloadBytes;

        @Setup(Level.Iteration)
        public void reset() {
            payloadBytes = 0;
        }
    }

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        keys = SigningKeyPair.generate(random);
        data = new byte[payload];
        random.nextBytes(data);
        packet = sign();
        encoded = codec.encode(packet);
    }

    private Packet sign() {
        IdUrl alice = IdUrl.parse("http://127.0.0.1:8084/alice.json");
        IdUrl bob = IdUrl.parse("http://127.0.0.1:8084/bob.json");
        return Packet.sign(Command.DATA, alice, alice, "0/0/1/F20261127120000AM/0-0-Data", 1_795_000_000_000L, bob,
                data, keys);
    }

    @Benchmark
    public Packet signPacket(Bytes bytes) {
        bytes.payloadBytes += payload;
        return sign();
    }

    @Benchmark
    public byte[] encode(Bytes bytes) {
        bytes.payloadBytes += payload;
        return codec.encode(packet);
    }

    @Benchmark
    public Packet decode(Bytes bytes) throws IOException {
        bytes.payloadBytes += payload;
        return codec.read(new ByteArrayInputStream(encoded));
    }

    @Benchmark
    public boolean decodeAndVerify(Bytes bytes) {
        bytes.payloadBytes += payload;
        return codec.decode(encoded).verify(keys.publicKey());
    }
}
