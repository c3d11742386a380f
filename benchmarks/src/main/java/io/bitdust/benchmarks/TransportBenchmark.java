package io.bitdust.benchmarks;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.internal.HttpIdentityCache;
import io.bitdust.identity.internal.LocalIdentity;
import io.bitdust.idserver.internal.IdentityServer;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.http.internal.HttpTransport;
import io.bitdust.transport.internal.PacketGateway;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.spi.Transport;
import io.bitdust.transport.tcp.internal.TcpLimits;
import io.bitdust.transport.tcp.internal.TcpTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
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
 * Two nodes in one JVM on 127.0.0.1, wired from the plain classes (keys, identities on a real identity server,
 * gateways) and joined by one transport: Data requests from alice answered with an Ack by a handler on bob.
 * {@code roundTrip}: one 100-byte request at a time, round trips per second. {@code mebibytes}: 1 MiB requests,
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

    @Param({"tcp", "http"})
    public String protocol;

    private final SecureRandom random = new SecureRandom();
    private final byte[] small = new byte[100];
    private final byte[] large = new byte[MIB];
    private Path folder;
    private IdentityServer idServer;
    private Node alice;
    private Node bob;

    @Setup
    public void setUp() throws IOException, InterruptedException {
        random.nextBytes(small);
        random.nextBytes(large);
        folder = Files.createTempDirectory("bitdust-transport-bench");
        idServer = new IdentityServer(folder.resolve("idserver"), "127.0.0.1", 0, "127.0.0.1");
        alice = new Node(folder.resolve("alice"), "alice", idServer.port(), protocol);
        bob = new Node(folder.resolve("bob"), "bob", idServer.port(), protocol);
        bob.gateway.addHandler("bench", Set.of(Command.DATA), packet -> Answer.ack("ok").now());
        alice.gateway.ping(bob.idurl, TIMEOUT);
    }

    @TearDown
    public void tearDown() throws IOException {
        alice.gateway.close();
        bob.gateway.close();
        idServer.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public Packet roundTrip() {
        return alice.gateway.request(alice.gateway.packet(Command.DATA, bob.idurl, small)).toCompletableFuture()
                .join();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public List<Packet> mebibytes() {
        List<CompletableFuture<Packet>> replies = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            replies.add(alice.gateway.request(alice.gateway.packet(Command.DATA, bob.idurl, large))
                    .toCompletableFuture());
        }
        return replies.stream().map(CompletableFuture::join).toList();
    }

    /** One node: keys, an identity published on the identity server, a gateway and one transport on port 0. */
    private static final class Node {
        final PacketGateway gateway;
        final IdUrl idurl;

        Node(Path folder, String name, int idServerPort, String protocol) throws InterruptedException {
            FileKeyRing keys = new FileKeyRing(folder.resolve("keys"), new SecureRandom());
            keys.create();
            LocalIdentity identity = new LocalIdentity(folder.resolve("identity"), keys,
                    () -> List.of("127.0.0.1:" + idServerPort), TIMEOUT, Clock.systemUTC());
            idurl = identity.create(name).idurl();
            gateway = new PacketGateway(identity, new HttpIdentityCache(folder.resolve("cache"), TIMEOUT), keys,
                    Clock.systemUTC());
            Transport transport = "tcp".equals(protocol)
                    ? new TcpTransport("127.0.0.1", 0, "127.0.0.1", TcpLimits.DEFAULT)
                    : new HttpTransport("127.0.0.1", 0, "127.0.0.1");
            gateway.addTransport(protocol, 0, transport);
            awaitPublished(folder);
        }

        /** Waits until the identity server has my identity with the transport's contact. */
        private void awaitPublished(Path folder) throws InterruptedException {
            long end = System.nanoTime() + TIMEOUT.toNanos();
            for (int probe = 0; !published(folder.resolve("probe-" + probe)); probe++) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("the contact of " + idurl + " was not published in " + TIMEOUT);
                }
                Thread.sleep(20);
            }
        }

        private boolean published(Path probeFolder) {
            try {
                return !new HttpIdentityCache(probeFolder, TIMEOUT).fetch(idurl).contacts().isEmpty();
            } catch (BitDustException e) {
                return false;
            }
        }
    }
}
