package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.identity.Identity;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.tcp.internal.TcpTransport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Nodes that heal: a transport whose port was taken, an identity recovered on another machine. */
public class TransportRecoveryIT {
    private static final Duration PING = Duration.ofSeconds(10);
    private static final NodeSettings NONE = NodeSettings.DEFAULT.withTcp(false).withHttp(false);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Network network;

    @Before
    public void startIdentityServer() {
        network = new Network(temp.getRoot().toPath());
        network.identityServer();
    }

    @After
    public void stop() {
        network.close();
    }

    @Test
    public void aTransportWhosePortIsTakenComesUpOnceThePortIsFree() throws Exception {
        Node alice = network.node("alice", NONE);
        Node bob = node("bob", GatewayMultiNodeIT.TCP);
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = squatter.getLocalPort();
        alice.addTransport(new TcpTransport("127.0.0.1", port, "services/tcp-connections/tcp-port", "127.0.0.1",
                GatewayMultiNodeIT.LIMITS));
        Await.until(() -> "failed".equals(tcp(alice).state), "alice's TCP transport failed");
        String reason = tcp(alice).reason;
        assertTrue(reason, reason.contains(String.valueOf(port)));
        assertTrue(reason, reason.contains("services/tcp-connections/tcp-port"));
        assertTrue(alice.contacts().isEmpty());

        squatter.close();
        Await.until(() -> "active".equals(tcp(alice).state), "alice's TCP transport up on the freed port");
        String contact = "tcp://127.0.0.1:" + port;
        Await.until(() -> alice.contacts().contains(contact), "alice's identity lists " + contact);
        PingDTO ping = bob.gateway().ping(alice.idurl(), PING);
        assertEquals(contact, ping.contact);
    }

    @Test
    public void aRecoveredIdentityListsTheNewMachinesContactsAndPeersReachIt() {
        Node alice = node("alice", GatewayMultiNodeIT.TCP);
        Identity backedUp = alice.identity().identity().orElseThrow();
        byte[] keys = alice.keys().exportKeys("a long passphrase".toCharArray());
        List<String> oldContacts = alice.contacts();
        alice.stop();

        Node machine = node("machine", GatewayMultiNodeIT.TCP);
        String newContact = "tcp://127.0.0.1:" + machine.tcp().port();
        machine.keys().importKeys(keys, "a long passphrase".toCharArray(), backedUp.signingKey());
        machine.identity().recover(backedUp);

        Await.until(() -> network.published(backedUp.idurl()).contacts().equals(List.of(newContact)),
                "the recovered identity lists the new machine's contact");
        Identity recovered = machine.identity().identity().orElseThrow();
        assertEquals(backedUp.idurl(), recovered.idurl());
        assertTrue(recovered.revision() > backedUp.revision());
        assertFalse(oldContacts.contains(newContact));

        Node bob = node("bob", GatewayMultiNodeIT.TCP);
        PingDTO ping = bob.gateway().ping(backedUp.idurl(), PING);
        assertEquals(newContact, ping.contact);
    }

    private Node node(String name, NodeSettings settings) {
        Node node = network.node(name, settings);
        node.awaitPublished();
        return node;
    }

    private static TransportDTO tcp(Node node) {
        return node.gateway().transports().stream().filter(t -> t.protocol.equals("tcp")).findFirst().orElseThrow();
    }
}
