package io.bitdust.benchmarks;

import io.bitdust.network.Network;
import io.bitdust.network.Node;
import io.bitdust.network.NodeSettings;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.http.internal.HttpTransport;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.tcp.internal.TcpTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two nodes in one JVM on 127.0.0.1, wired by the network test kit ({@link Network}: keys, identities on a real
 * identity server, gateways) and joined by one transport: Data requests from alice answered with an Ack by a handler on
 * bob. {@code roundTrip}: one 100-byte request at a time, round trips per second. {@code mebibytes}: 1 MiB requests,
 * {@value #IN_FLIGHT} in flight, MiB per second (one op = one acknowledged MiB). Signing and checking every packet
 * is part of the cost, as in a real node.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TransportBenchmark {
    private static final int IN_FLIGHT = 4;
    private static final int MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Param({TcpTransport.PROTOCOL, HttpTransport.PROTOCOL})
    public String protocol;

    private final SecureRandom random = new SecureRandom();
    private final byte[] small = new byte[100];
    private final byte[] large = new byte[MIB];
    private Path folder;
    private Network network;
    private Node alice;
    private Node bob;

    @Setup
    public void setUp() throws IOException {
        random.nextBytes(small);
        random.nextBytes(large);
        folder = Files.createTempDirectory("bitdust-transport-bench");
        network = new Network(folder);
        NodeSettings one = NodeSettings.DEFAULT.withTcp(TcpTransport.PROTOCOL.equals(protocol))
                .withHttp(HttpTransport.PROTOCOL.equals(protocol));
        alice = network.node("alice", one);
        bob = network.node("bob", one);
        bob.handle("bench", Set.of(Command.DATA), packet -> Answer.ack("ok").now());
        network.awaitPublished();
        alice.gateway().ping(bob.idurl(), TIMEOUT);
    }

    @TearDown
    public void tearDown() throws IOException {
        network.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public Packet roundTrip() {
        return alice.gateway().request(alice.gateway().packet(Command.DATA, bob.idurl(), small)).toCompletableFuture()
                .join();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public List<Packet> mebibytes() {
        List<CompletableFuture<Packet>> replies = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            replies.add(alice.gateway().request(alice.gateway().packet(Command.DATA, bob.idurl(), large))
                    .toCompletableFuture());
        }
        return replies.stream().map(CompletableFuture::join).toList();
    }
}
