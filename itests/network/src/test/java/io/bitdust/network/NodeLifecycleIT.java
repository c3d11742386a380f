package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.identity.Identity;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The kit's own helpers: a node stopped and started with its data kept, a node cut off and brought back. */
public class NodeLifecycleIT {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Network network;

    @Before
    public void startNetwork() {
        network = new Network(temp.getRoot().toPath());
    }

    @After
    public void stop() {
        network.close();
    }

    @Test
    public void aRestartedNodeKeepsItsIdentityHandlersAndDataAndPeersFindItsNewPorts() throws Exception {
        NodeSettings counting = NodeSettings.DEFAULT.with(NodeLifecycleIT::startCounter);
        Node alice = network.node("alice");
        Node bob = network.node("bob", counting);
        bob.handle("echo", Set.of(Command.DATA), packet -> Answer.ack("echo " + packet.packetId()).now());
        network.awaitPublished();
        Identity before = bob.identity().identity().orElseThrow();
        List<String> oldContacts = bob.contacts();
        assertEquals("tcp", alice.ping(bob).protocol);
        assertEquals("started 1", ask(alice, bob, Command.RETRIEVE));

        bob.restart();
        bob.awaitPublished();

        Identity after = bob.identity().identity().orElseThrow();
        assertEquals(before.idurl(), after.idurl());
        assertEquals(before.signingKey(), after.signingKey());
        assertTrue(after.revision() > before.revision());
        List<String> newContacts = bob.contacts();
        assertEquals(2, newContacts.size());
        assertTrue(newContacts + " share nothing with " + oldContacts, newContacts.stream()
                .noneMatch(oldContacts::contains));
        PingDTO ping = alice.ping(bob);
        assertEquals(newContacts.get(0), ping.contact);
        assertTrue(ask(alice, bob, Command.DATA).startsWith("echo "));
        assertEquals("started 2", ask(alice, bob, Command.RETRIEVE));
        assertEquals(2, bob.extension(Counter.class).starts);
    }

    @Test
    public void aNodeCutOffAnswersNothingUntilItIsBroughtBack() {
        Node alice = network.node("alice");
        Node bob = network.node("bob");
        network.awaitPublished();
        assertEquals("tcp", alice.ping(bob).protocol);

        bob.cutOff();
        assertTrue(bob.gateway().transports().isEmpty());
        Await.until(() -> bob.contacts().isEmpty(), "bob's published identity lists no contacts");
        try {
            alice.ping(bob);
            fail("bob answered while cut off");
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), ErrorCode.UNAVAILABLE, e.code());
        }
        assertTrue(bob.running());

        bob.reconnect();
        bob.awaitPublished();
        PingDTO ping = alice.ping(bob);
        assertEquals("tcp", ping.protocol);
        assertEquals(bob.contacts().get(0), ping.contact);
        assertEquals("tcp", bob.ping(alice).protocol);
    }

    @Test
    public void aStoppedNodeListensNowhereAndHasNoParts() throws Exception {
        Node alice = network.node("alice");
        alice.awaitPublished();
        List<String> contacts = alice.identity().identity().orElseThrow().contacts();
        alice.stop();

        assertFalse(alice.running());
        assertFalse(alice.published());
        for (String contact : contacts) {
            URI uri = URI.create(contact);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
                fail("a stopped node still listens at " + contact);
            } catch (ConnectException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("refused"));
            }
        }
        try {
            alice.gateway();
            fail("a stopped node has a gateway");
        } catch (IllegalStateException e) {
            assertEquals("alice is stopped", e.getMessage());
        }
    }

    /** Sends a request and returns the text of its Ack. */
    private static String ask(Node from, Node to, Command command) throws Exception {
        Packet reply = from.gateway().request(from.gateway().packet(command, to.idurl(), new byte[16]))
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(Command.ACK, reply.command());
        return new String(reply.payload(), StandardCharsets.UTF_8);
    }

    /** An extension that counts the node's starts in a file of its data folder and answers Retrieve with the count. */
    private static Counter startCounter(Node node) throws Exception {
        Path file = node.folder().resolve("starts");
        int starts = (Files.exists(file) ? Integer.parseInt(Files.readString(file)) : 0) + 1;
        Files.writeString(file, Integer.toString(starts));
        node.handle("counter", Set.of(Command.RETRIEVE), packet -> Answer.ack("started " + starts).now());
        return new Counter(starts);
    }

    private static final class Counter implements AutoCloseable {
        final int starts;

        Counter(int starts) {
            this.starts = starts;
        }

        @Override
        public void close() {
        }
    }
}
