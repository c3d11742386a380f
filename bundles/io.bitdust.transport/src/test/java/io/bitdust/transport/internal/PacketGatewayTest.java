package io.bitdust.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.internal.HttpIdentityCache;
import io.bitdust.identity.internal.LocalIdentity;
import io.bitdust.idserver.internal.IdentityServer;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.PacketException;
import io.bitdust.transport.spi.Frame;
import io.bitdust.transport.spi.InboundSink;
import io.bitdust.transport.spi.Transport;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The gateway between two nodes with real keys, identities and a real identity server, over in-JVM transports:
 * handlers (slow, failing, late, busy, ranked), the per-peer queue, and transports that start badly.
 */
public class PacketGatewayTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration PING = Duration.ofSeconds(20);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private IdentityServer idServer;
    private Loopback network;
    private final List<Node> nodes = new ArrayList<>();

    @Before
    public void start() throws Exception {
        idServer = new IdentityServer(temp.newFolder("idserver").toPath(), "127.0.0.1", 0, "127.0.0.1");
        network = new Loopback();
    }

    @After
    public void stop() {
        nodes.forEach(Node::close);
        network.close();
        idServer.close();
    }

    @Test
    public void slowHandlersDelayNeitherPingsNorSends() throws Exception {
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(12);
        // A handler written badly: it blocks the thread it is called on, as a slow disk would.
        bob.gateway.addHandler("slow", 0, 32, Set.of(Command.DATA), packet -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.ack("stored").now();
        });
        List<CompletableFuture<Packet>> stored = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            stored.add(alice.gateway.request(alice.gateway.packet(Command.DATA, bob.idurl, new byte[100]))
                    .toCompletableFuture());
        }
        await(() -> entered.getCount() <= 4, "the handler pool is busy with blocked handlers");

        assertEquals("loop", alice.gateway.ping(bob.idurl, PING).protocol);
        assertEquals("loop", bob.gateway.ping(alice.idurl, PING).protocol);
        bob.gateway.send(bob.gateway.packet(Command.MESSAGE, alice.idurl, new byte[10])).toCompletableFuture()
                .get(PING.toSeconds(), TimeUnit.SECONDS);
        assertTrue("the handlers still block", stored.stream().noneMatch(CompletableFuture::isDone));

        release.countDown();
        for (CompletableFuture<Packet> reply : stored) {
            assertEquals(Command.ACK, reply.get(WAIT.toSeconds(), TimeUnit.SECONDS).command());
        }
    }

    @Test
    public void aHandlerThatThrowsOrFailsIsAnsweredFailWithItsReason() throws Exception {
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT);
        bob.gateway.addHandler("throws", Set.of(Command.DATA), packet -> {
            throw new IllegalStateException("disk full");
        });
        bob.gateway.addHandler("fails", Set.of(Command.RETRIEVE),
                packet -> CompletableFuture.failedFuture(new BitDustException(
                        io.bitdust.common.ErrorCode.NOT_FOUND, "no such fragment")));
        assertAnswer(Command.FAIL, "disk full", alice, bob, Command.DATA);
        assertAnswer(Command.FAIL, "no such fragment", alice, bob, Command.RETRIEVE);
        assertAnswer(Command.FAIL, "no handler for LIST_FILES", alice, bob, Command.LIST_FILES);
    }

    @Test
    public void aHandlerThatTakesTooLongIsAnsweredFailAndNoLongerHoldsItsPlace() throws Exception {
        PacketGateway.Timeouts quick = new PacketGateway.Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300),
                Duration.ofSeconds(10), 256 * 1024);
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = node("bob", quick);
        List<CompletableFuture<Answer>> given = new ArrayList<>();
        bob.gateway.addHandler("never", 0, 1, Set.of(Command.DATA), packet -> {
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            given.add(answer);
            return answer;
        });
        assertAnswer(Command.FAIL, "DATA was not served within 300 ms", alice, bob, Command.DATA);
        assertAnswer(Command.FAIL, "DATA was not served within 300 ms", alice, bob, Command.DATA);
        assertEquals("the second request reached the handler: the first freed its place", 2, given.size());
        assertTrue("the late request's stage was cancelled", given.get(0).isCancelled());
    }

    @Test
    public void beyondItsBoundRequestsWaitTheirTurnAndBeyondTheQueueTheHandlerIsBusy() throws Exception {
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CompletableFuture<Void> open = new CompletableFuture<>();
        bob.gateway.addHandler("bounded", 0, 2, Set.of(Command.DATA), packet -> open.thenApply(any -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            running.decrementAndGet();
            return Answer.ack("done");
        }));
        // From three senders: one sender's own queue to a peer holds 256 packets at most.
        List<Node> senders = List.of(alice, node("carol", PacketGateway.Timeouts.DEFAULT),
                node("erin", PacketGateway.Timeouts.DEFAULT));
        List<CompletableFuture<Packet>> replies = new ArrayList<>();
        for (int i = 0; i < 2 + 256 + 1; i++) {
            replies.add(request(senders.get(i % 3), bob, Command.DATA));
        }
        await(() -> replies.stream().anyMatch(CompletableFuture::isDone), "the one request beyond the queue refused");
        List<Packet> refused = new ArrayList<>();
        for (CompletableFuture<Packet> reply : replies) {
            if (reply.isDone()) {
                refused.add(reply.get());
            }
        }
        assertEquals(1, refused.size());
        assertEquals(Command.FAIL, refused.get(0).command());
        assertTrue(new String(refused.get(0).payload(), StandardCharsets.UTF_8).contains(
                "DATA is busy: 2 requests are in progress and 256 wait"));
        open.complete(null);
        for (CompletableFuture<Packet> reply : replies) {
            Packet answer = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(answer.command() == Command.ACK || answer == refused.get(0));
        }
        assertTrue("at most 2 at once: " + most.get(), most.get() <= 2);
        assertAnswer(Command.ACK, "done", alice, bob, Command.DATA);
    }

    @Test
    public void theHandlerOfHighestRankingServesAndTheFirstAddedAmongEquals() throws Exception {
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT);
        bob.gateway.addHandler("first", 1, 4, Set.of(Command.DATA), answering("first"));
        bob.gateway.addHandler("second", 1, 4, Set.of(Command.DATA), answering("second"));
        bob.gateway.addHandler("high", 7, 4, Set.of(Command.DATA), answering("high"));
        assertAnswer(Command.ACK, "high", alice, bob, Command.DATA);
        bob.gateway.removeHandler("high");
        assertAnswer(Command.ACK, "first", alice, bob, Command.DATA);
        bob.gateway.removeHandler("first");
        assertAnswer(Command.ACK, "second", alice, bob, Command.DATA);
    }

    @Test
    public void aHandlerThatDeclinesAPacketLeavesItToTheNextAndNoneAcceptingIsAFail() throws Exception {
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT);
        bob.gateway.addHandler("picky", 7, 4, Set.of(Command.CANCEL_SERVICE), new PacketHandler() {
            @Override
            public CompletionStage<Answer> handle(Packet packet) {
                return Answer.ack("picky").now();
            }

            @Override
            public boolean accepts(Packet packet) {
                return packet.payload()[0] == 1;
            }
        });
        assertEquals(Command.FAIL, request(alice, bob, Command.CANCEL_SERVICE).get(WAIT.toSeconds(), TimeUnit.SECONDS)
                .command());
        bob.gateway.addHandler("any", 1, 4, Set.of(Command.CANCEL_SERVICE), answering("any"));
        assertAnswer(Command.ACK, "any", alice, bob, Command.CANCEL_SERVICE);
        Packet picked = alice.gateway.request(alice.gateway.packet(Command.CANCEL_SERVICE, bob.idurl, new byte[] {1}))
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("picky", new String(picked.payload(), StandardCharsets.UTF_8));
    }

    @Test
    public void transportsOfHigherRankingComeFirstInMyContacts() {
        Node carol = bare("carol", PacketGateway.Timeouts.DEFAULT);
        carol.gateway.addTransport("low", 0, 1, network.flaky("low", "carol", 0, 0));
        carol.gateway.addTransport("high", 0, 9, network.flaky("high", "carol", 0, 0));
        carol.gateway.addTransport("mid", 0, 5, network.flaky("mid", "carol", 0, 0));
        await(() -> carol.contacts().size() == 3, "three contacts published");
        assertEquals(List.of("high://carol", "mid://carol", "low://carol"), carol.contacts());
        assertEquals(List.of("high", "mid", "low"), carol.gateway.transports().stream().map(t -> t.protocol)
                .toList());
    }

    @Test
    public void packetsToMyselfGoToMyContactsAsTheyAreNowAndNotAsTheCacheSawThem() {
        Node carol = bare("carol", PacketGateway.Timeouts.DEFAULT);
        carol.gateway.addTransport("low", 0, 1, network.flaky("low", "carol", 0, 0));
        await(() -> carol.contacts().equals(List.of("low://carol")), "the low contact published");
        assertEquals("low", carol.gateway.ping(carol.idurl, PING).protocol);

        carol.gateway.addTransport("high", 0, 9, network.flaky("high", "carol", 0, 0));
        await(() -> carol.contacts().equals(List.of("high://carol", "low://carol")), "both contacts published");
        assertEquals("high", carol.gateway.ping(carol.idurl, PING).protocol);
    }

    @Test
    public void aFullQueueToAPeerRefusesMorePackets() throws Exception {
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = bare("bob", PacketGateway.Timeouts.DEFAULT);
        bob.gateway.addTransport("void", 0, network.blackHole("bob"));
        alice.gateway.addTransport("void", 0, network.blackHole("alice"));
        await(() -> bob.contacts().equals(List.of("void://bob")), "bob reachable only through the black hole");
        for (int i = 0; i < 256; i++) {
            alice.gateway.send(alice.gateway.packet(Command.MESSAGE, bob.idurl, new byte[1]));
        }
        try {
            alice.gateway.send(alice.gateway.packet(Command.MESSAGE, bob.idurl, new byte[1])).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            fail("the 257th packet was taken");
        } catch (ExecutionException e) {
            assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("is full (256 packets)"));
        }
    }

    @Test
    public void aTransportThatFailsToStartIsStartedAgainAndOneThatStartsLateIsUsed() {
        PacketGateway.Timeouts quick = new PacketGateway.Timeouts(Duration.ofMillis(300), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 256 * 1024);
        Node dave = bare("dave", quick);
        dave.gateway.addTransport("flaky", 0, 5, network.flaky("flaky", "dave", 2, 0));
        await(() -> "failed".equals(transport(dave, "flaky").state), "the flaky transport failed");
        assertTrue(transport(dave, "flaky").reason, transport(dave, "flaky").reason.contains("cannot listen on dave"));
        await(() -> "active".equals(transport(dave, "flaky").state), "the flaky transport started on the third try");

        dave.gateway.addTransport("slow", 0, 1, network.flaky("slow", "dave", 0, 1500));
        await(() -> "failed".equals(transport(dave, "slow").state), "the slow start shown as failed");
        assertTrue(transport(dave, "slow").reason, transport(dave, "slow").reason.contains("still trying"));
        await(() -> "active".equals(transport(dave, "slow").state), "the slow transport active once started");
        await(() -> dave.contacts().equals(List.of("flaky://dave", "slow://dave")), "both contacts published");
    }

    @Test
    public void aReplayedPacketHasNoSecondEffectAndGetsTheFirstAnswerAgain() throws Exception {
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT);
        AtomicInteger served = new AtomicInteger();
        bob.gateway.addHandler("delete", Set.of(Command.DELETE_FILE),
                packet -> Answer.ack("deleted " + served.incrementAndGet()).now());
        assertAnswer(Command.ACK, "deleted 1", alice, bob, Command.DELETE_FILE);
        // The loopback counts a delivery once the receiver's sink returns, which may be after the request completed.
        await(() -> network.delivered("loop://alice") == 1, "the one answer so far counted");
        int repliesBefore = 1;

        Packet captured = alice.gateway.packet(Command.DELETE_FILE, bob.idurl, "0/0/1".getBytes());
        byte[] wire = new PacketCodec().encode(captured);
        for (int i = 0; i < 3; i++) {
            bob.gateway.receive(new ByteArrayInputStream(wire), wire.length);
        }
        await(() -> network.delivered("loop://alice") == repliesBefore + 3, "three answers to the three copies");
        assertEquals("the handler served the packet once", 2, served.get());
        assertEquals(0, bob.gateway.dropped());
    }

    @Test
    public void aFloodFromUnknownCreatorsDoesNotDelayPingsBetweenKnownNodes() throws Exception {
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT);
        alice.gateway.ping(bob.idurl, PING);
        try (ServerSocket silent = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            SigningKeyPair evil = SigningKeyPair.generate(new SecureRandom());
            PacketCodec codec = new PacketCodec();
            for (int i = 0; i < 200; i++) {
                IdUrl stranger = IdUrl.parse("http://127.0.0.1:" + silent.getLocalPort() + "/evil" + i + ".json");
                byte[] wire = codec.encode(Packet.sign(Command.DATA, stranger, stranger, "flood" + i,
                        System.currentTimeMillis(), bob.idurl, new byte[10], evil));
                bob.gateway.receive(new ByteArrayInputStream(wire), wire.length);
            }
            assertEquals("loop", alice.gateway.ping(bob.idurl, PING).protocol);
            assertEquals("loop", bob.gateway.ping(alice.idurl, PING).protocol);
            assertTrue("most strangers are dropped at once: " + bob.gateway.dropped(), bob.gateway.dropped() >= 150);
        }
    }

    @Test
    public void receivedPacketsStayWithinTheInboundBudget() throws Exception {
        Node alice = node("alice", PacketGateway.Timeouts.DEFAULT);
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT, new PacketGateway.Limits(64 * 1024, 20, 1000, null));
        CountDownLatch release = new CountDownLatch(1);
        bob.gateway.addHandler("store", Set.of(Command.DATA), packet -> CompletableFuture.supplyAsync(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.ack("stored");
        }));
        CompletableFuture<Packet> first = alice.gateway.request(alice.gateway.packet(Command.DATA, bob.idurl,
                new byte[40 * 1024])).toCompletableFuture();
        await(() -> bob.gateway.dropped() == 0 && network.delivered("loop://bob") >= 1, "the first packet taken");
        try {
            alice.gateway.request(alice.gateway.packet(Command.DATA, bob.idurl, new byte[40 * 1024]))
                    .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            fail("a second packet fitted into a budget the first one holds");
        } catch (ExecutionException e) {
            assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("inbound budget"));
        }
        release.countDown();
        assertEquals(Command.ACK, first.get(WAIT.toSeconds(), TimeUnit.SECONDS).command());
        assertAnswer(Command.ACK, "stored", alice, bob, Command.DATA);
    }

    @Test
    public void myPacketsHaveRandom128BitIdsAndIncreasingDates() {
        Node carol = bare("carol", PacketGateway.Timeouts.DEFAULT);
        Packet previous = carol.gateway.packet(Command.MESSAGE, carol.idurl, new byte[0]);
        for (int i = 0; i < 1000; i++) {
            Packet next = carol.gateway.packet(Command.MESSAGE, carol.idurl, new byte[0]);
            assertTrue(next.date() > previous.date());
            assertTrue(next.packetId(), next.packetId().matches("[0-9a-f]{32}"));
            assertTrue(!next.packetId().equals(previous.packetId()));
            previous = next;
        }
    }

    @Test
    public void everyFrameCarriesTheTransferTimeOfItsLengthAtTheMinimumSpeed() throws Exception {
        PacketGateway.Timeouts base = new PacketGateway.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(3), 100 * 1024);
        Node alice = node("alice", base);
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT);
        List<Frame> bobSent = new CopyOnWriteArrayList<>();
        List<Frame> aliceSent = new CopyOnWriteArrayList<>();
        bob.gateway.addTransport("rec", 0, 100, recording(bobSent));
        alice.gateway.addTransport("rec", 0, 100, recording(aliceSent));
        await(() -> alice.contacts().get(0).equals("rec://node"), "alice's recording contact first");

        bob.gateway.send(bob.gateway.packet(Command.DATA, alice.idurl, new byte[200 * 1024]));
        await(() -> !bobSent.isEmpty(), "bob's frame recorded");
        Frame first = bobSent.get(0);
        assertEquals(Duration.ofSeconds(10).plusMillis(first.length() * 1000L / (256 * 1024)), first.timeout());

        alice.gateway.minTransferSpeed(50 * 1024);
        alice.gateway.send(alice.gateway.packet(Command.DATA, alice.idurl, new byte[200 * 1024]));
        await(() -> !aliceSent.isEmpty(), "alice's frame recorded");
        Frame second = aliceSent.get(0);
        assertEquals(Duration.ofSeconds(3).plusMillis(second.length() * 1000L / (50 * 1024)), second.timeout());
    }

    /** @return a transport of scheme {@code rec} that records the frames it is given, and delivers none */
    private static Transport recording(List<Frame> frames) {
        return new Transport() {
            @Override
            public String protocol() {
                return "rec";
            }

            @Override
            public List<String> start(InboundSink sink) {
                return List.of("rec://node");
            }

            @Override
            public CompletionStage<Void> send(String contact, Frame frame) {
                frames.add(frame);
                return CompletableFuture.failedFuture(new java.io.IOException("recorded only"));
            }

            @Override
            public void stop() {
            }
        };
    }

    @Test
    public void aLargePayloadIsReadOnlyFromACreatorThisNodeKnows() throws Exception {
        Node bob = node("bob", PacketGateway.Timeouts.DEFAULT);
        Node carol = node("carol", PacketGateway.Timeouts.DEFAULT);
        bob.gateway.addHandler("store", Set.of(Command.DATA), packet -> Answer.ack("stored").now());
        byte[] large = new PacketCodec().encode(carol.gateway.packet(Command.DATA, bob.idurl,
                new byte[PacketGateway.STRANGER_PAYLOAD + 1]));
        CountingStream in = new CountingStream(large);
        PacketException refused = org.junit.Assert.assertThrows(PacketException.class,
                () -> bob.gateway.receive(in, large.length));
        assertEquals(PacketException.Reason.TOO_LONG, refused.reason());
        assertTrue(refused.getMessage(), refused.getMessage().contains("does not know yet"));
        assertTrue("the payload was left unread: " + in.read, in.read < 1024);
        assertEquals(1, bob.gateway.dropped());

        assertEquals("loop", carol.gateway.ping(bob.idurl, PING).protocol);
        assertAnswer(Command.ACK, "stored", carol, bob, Command.DATA);
        Packet reply = carol.gateway.request(carol.gateway.packet(Command.DATA, bob.idurl,
                new byte[PacketGateway.STRANGER_PAYLOAD + 1])).toCompletableFuture().get(WAIT.toSeconds(),
                TimeUnit.SECONDS);
        assertEquals("known now: its large packets are read", Command.ACK, reply.command());
    }

    /** Counts the bytes read from it. */
    private static final class CountingStream extends ByteArrayInputStream {
        int read;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read() {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public synchronized int read(byte[] bytes, int offset, int length) {
            int n = super.read(bytes, offset, length);
            read += Math.max(0, n);
            return n;
        }
    }

    private static PacketHandler answering(String text) {
        return packet -> Answer.ack(text).now();
    }

    private static CompletableFuture<Packet> request(Node from, Node to, Command command) {
        return from.gateway.request(from.gateway.packet(command, to.idurl, new byte[10])).toCompletableFuture();
    }

    private static void assertAnswer(Command command, String text, Node from, Node to, Command asked)
            throws Exception {
        Packet reply = request(from, to, asked).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String payload = new String(reply.payload(), StandardCharsets.UTF_8);
        assertEquals(payload, command, reply.command());
        assertTrue(payload, payload.contains(text));
    }

    private static TransportDTO transport(Node node, String protocol) {
        return node.gateway.transports().stream().filter(t -> t.protocol.equals(protocol)).findFirst()
                .orElseThrow();
    }

    /** @return a node with a loopback transport, its contact published */
    private Node node(String name, PacketGateway.Timeouts timeouts) {
        return node(name, timeouts, PacketGateway.Limits.DEFAULT);
    }

    private Node node(String name, PacketGateway.Timeouts timeouts, PacketGateway.Limits limits) {
        Node node = bare(name, timeouts, limits);
        node.gateway.addTransport("loop", 0, network.transport(name));
        await(() -> node.contacts().equals(List.of("loop://" + name)), name + "'s contact published");
        return node;
    }

    private Node bare(String name, PacketGateway.Timeouts timeouts) {
        return bare(name, timeouts, PacketGateway.Limits.DEFAULT);
    }

    private Node bare(String name, PacketGateway.Timeouts timeouts, PacketGateway.Limits limits) {
        Node node = new Node(temp.getRoot().toPath().resolve(name), name, "127.0.0.1:" + idServer.port(), timeouts,
                limits);
        nodes.add(node);
        return node;
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final class Node implements AutoCloseable {
        final LocalIdentity identity;
        final PacketGateway gateway;
        final IdUrl idurl;
        private final Path folder;
        private int probes;

        Node(Path folder, String name, String server, PacketGateway.Timeouts timeouts, PacketGateway.Limits limits) {
            this.folder = folder;
            FileKeyRing keys = new FileKeyRing(folder.resolve("keys"), new SecureRandom());
            keys.create();
            identity = new LocalIdentity(folder.resolve("identity"), keys, () -> List.of(server),
                    Duration.ofSeconds(5), Clock.systemUTC());
            idurl = identity.create(name).idurl();
            gateway = new PacketGateway(identity, new HttpIdentityCache(folder.resolve("cache"), Duration.ofSeconds(5)),
                    keys, Clock.systemUTC(), timeouts, limits);
        }

        /** @return my contacts as the identity server has them; none while it has no copy yet */
        synchronized List<String> contacts() {
            try {
                return new HttpIdentityCache(folder.resolve("probe-" + ++probes), Duration.ofSeconds(5)).fetch(idurl)
                        .contacts();
            } catch (BitDustException e) {
                return List.of();
            }
        }

        @Override
        public void close() {
            gateway.close();
            identity.close();
        }
    }
}
