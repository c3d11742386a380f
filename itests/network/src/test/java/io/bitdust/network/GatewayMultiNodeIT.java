package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.internal.LocalIdentity;
import io.bitdust.idserver.internal.IdentityServer;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.http.internal.HttpTransport;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.tcp.internal.TcpLimits;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Several nodes in one JVM, each with its own keys, identity and transports, and one real identity server. */
public class GatewayMultiNodeIT {
    /** Short enough that a frame announcing more bytes than it carries is given up within the socket timeout. */
    static final TcpLimits LIMITS = new TcpLimits(Duration.ofSeconds(3), Duration.ofSeconds(2), 1024 * 1024, 16);
    static final NodeSettings TCP = NodeSettings.DEFAULT.withHttp(false).withTcpLimits(LIMITS);
    static final NodeSettings HTTP = NodeSettings.DEFAULT.withTcp(false);
    static final NodeSettings BOTH = NodeSettings.DEFAULT.withTcpLimits(LIMITS);
    private static final Duration PING = Duration.ofSeconds(5);
    /** Requests in flight at once: no more than a handler may have in progress before the gateway answers "busy". */
    private static final int IN_FLIGHT = PacketHandler.DEFAULT_CONCURRENCY;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Network network;
    private IdentityServer idServer;

    @Before
    public void startIdentityServer() {
        network = new Network(temp.getRoot().toPath());
        idServer = network.identityServer();
    }

    @After
    public void stop() {
        network.close();
    }

    @Test
    public void pingsOverTcpOnly() {
        Node alice = node("alice", TCP);
        Node bob = node("bob", TCP);

        PingDTO there = alice.gateway().ping(bob.idurl(), PING);
        PingDTO back = bob.gateway().ping(alice.idurl(), PING);

        assertEquals("tcp", there.protocol);
        assertEquals(bob.contacts().get(0), there.contact);
        assertEquals("tcp", back.protocol);
        assertTrue(alice.gateway().online(bob.idurl()));
        assertTrue(bob.gateway().online(alice.idurl()));
        assertEquals("active", alice.gateway().transports().get(0).state);
    }

    @Test
    public void pingsOverHttpOnly() {
        Node alice = node("alice", HTTP);
        Node bob = node("bob", HTTP);

        PingDTO there = alice.gateway().ping(bob.idurl(), PING);

        assertEquals("http", there.protocol);
        assertTrue(there.contact, there.contact.endsWith("/bitdust"));
        assertEquals("http", bob.gateway().ping(alice.idurl(), PING).protocol);
    }

    @Test
    public void aBurstCompletesOverHttpWhenTcpIsRemovedMidWay() throws Exception {
        Node alice = node("alice", BOTH);
        Node bob = node("bob", BOTH);
        bob.handle("data", Set.of(Command.DATA), packet -> Answer.ack("stored " + packet.packetId()).now());
        assertEquals("tcp", alice.gateway().ping(bob.idurl(), PING).protocol);

        List<CompletableFuture<Packet>> replies = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Semaphore window = new Semaphore(IN_FLIGHT);
        for (int i = 0; i < 200; i++) {
            if (i == 100) {
                bob.removeTransport("tcp");
            }
            assertTrue("a window of requests in flight is answered", window.tryAcquire(60, TimeUnit.SECONDS));
            Packet request = alice.gateway().packet(Command.DATA, bob.idurl(), new byte[4096]);
            ids.add(request.packetId());
            CompletableFuture<Packet> reply = alice.gateway().request(request).toCompletableFuture();
            reply.whenComplete((answer, error) -> window.release());
            replies.add(reply);
        }

        for (int i = 0; i < replies.size(); i++) {
            Packet reply = replies.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(new String(reply.payload(), StandardCharsets.UTF_8), Command.ACK, reply.command());
            assertEquals("stored " + ids.get(i), new String(reply.payload(), StandardCharsets.UTF_8));
        }
        Await.until(() -> bob.contacts().size() == 1, "bob's identity lists only HTTP");
        assertTrue(bob.contacts().get(0).startsWith("http://"));
        assertEquals("http", alice.gateway().ping(bob.idurl(), PING).protocol);
    }

    @Test
    public void aPeerThatNeverAnswersTimesOutAndAStoppedOneRefuses() throws Exception {
        Node alice = node("alice", TCP);
        Path root = temp.getRoot().toPath();
        try (ServerSocket silent = new ServerSocket(0)) {
            FileKeyRing ghostKeys = new FileKeyRing(root.resolve("ghost-keys"), new SecureRandom());
            ghostKeys.create();
            try (LocalIdentity ghost = new LocalIdentity(root.resolve("ghost-id"), ghostKeys,
                    network::identityServers, PING, Clock.systemUTC())) {
                ghost.create("ghost");
                ghost.update(b -> b.contacts(List.of("tcp://127.0.0.1:" + silent.getLocalPort())));
                Await.until(() -> ghost.publication().get(0).current(), "the ghost's identity is published");
                IdUrl ghostUrl = ghost.identity().orElseThrow().idurl();

                BitDustException timedOut = pingFails(alice, ghostUrl, Duration.ofSeconds(1));
                assertEquals(ErrorCode.UNAVAILABLE, timedOut.code());
                assertTrue(timedOut.getMessage(), timedOut.getMessage().contains("timed out"));
                assertFalse(alice.gateway().online(ghostUrl));
            }
        }

        Node bob = node("bob", TCP);
        bob.stop();
        BitDustException refused = pingFails(alice, bob.idurl(), PING);
        assertEquals(ErrorCode.UNAVAILABLE, refused.code());
        assertTrue(refused.getMessage(), refused.getMessage().contains("refused"));

        BitDustException unknown = pingFails(alice, IdUrl.of(idServer.base(), "nobody"), PING);
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("identity of"));
    }

    @Test
    public void badInputIsDroppedAndTheNodeKeepsServing() throws Exception {
        Node alice = node("alice", HTTP);
        Node bob = node("bob", BOTH);
        Node carol = node("carol", TCP);
        int bobTcp = bob.tcp().port();
        int bobHttp = bob.http().port();
        PacketCodec codec = new PacketCodec();

        assertClosedAfter(bobTcp, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        byte[] ping = codec.encode(alice.gateway().packet(Command.IDENTITY, bob.idurl(), new byte[10]));
        assertClosedAfter(bobTcp, hello(), frame(2, ping, ping.length + 50));
        assertClosedAfter(bobTcp, hello(), frame(2, ping, ping.length - 50));
        assertClosedAfter(bobTcp, hello(), header(2, 5000));

        long dropped = bob.gateway().dropped();
        Packet elsewhere = alice.gateway().packet(Command.IDENTITY, carol.idurl(), new byte[0]);
        Packet forged = Packet.sign(Command.IDENTITY, alice.idurl(), alice.idurl(), "forged",
                System.currentTimeMillis(), bob.idurl(), new byte[0], SigningKeyPair.generate(new SecureRandom()));
        post(bobHttp, codec.encode(elsewhere), 202);
        post(bobHttp, codec.encode(forged), 202);
        post(bobHttp, new byte[] {'B', 'D', 'P', 'K', 9}, 400);
        Await.until(() -> bob.gateway().dropped() >= dropped + 3, "bob dropped the three bad packets");

        assertEquals("http", alice.gateway().ping(bob.idurl(), PING).protocol);
        assertEquals("tcp", carol.gateway().ping(bob.idurl(), PING).protocol);
        assertEquals("tcp", bob.gateway().ping(carol.idurl(), PING).protocol);
    }

    /** A started node whose transports' contacts are published. */
    private Node node(String name, NodeSettings settings) {
        Node node = network.node(name, settings);
        node.awaitPublished();
        return node;
    }

    private static BitDustException pingFails(Node from, IdUrl to, Duration timeout) {
        try {
            from.gateway().ping(to, timeout);
        } catch (BitDustException e) {
            return e;
        }
        fail("ping " + to + " succeeded");
        return null;
    }

    /** Sends raw bytes to a TCP port and expects the node to close the connection within a few seconds. */
    private static void assertClosedAfter(int port, byte[]... chunks) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            for (byte[] chunk : chunks) {
                socket.getOutputStream().write(chunk);
            }
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
            }
        }
    }

    private static byte[] hello() throws Exception {
        return frame(1, "tcp://127.0.0.1:1".getBytes(StandardCharsets.US_ASCII), -1);
    }

    /** A frame of a type and body, announcing {@code length} bytes of body, or the true length when negative. */
    private static byte[] frame(int type, byte[] body, int length) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(1 + (length < 0 ? body.length : length));
        out.writeByte(type);
        out.write(body, 0, Math.min(body.length, length < 0 ? body.length : length));
        return bytes.toByteArray();
    }

    private static byte[] header(int type, int length) throws Exception {
        return frame(type, new byte[0], length);
    }

    private static void post(int port, byte[] body, int expected) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + HttpTransport.PATH)
                .toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.getOutputStream().write(body);
        assertEquals(expected, connection.getResponseCode());
        connection.disconnect();
    }
}
