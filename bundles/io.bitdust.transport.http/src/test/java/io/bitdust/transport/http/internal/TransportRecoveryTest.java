package io.bitdust.transport.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.identity.Identity;
import io.bitdust.idserver.internal.IdentityServer;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.spi.InboundSink;
import io.bitdust.transport.tcp.internal.TcpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Nodes that heal: a transport whose port was taken, an identity recovered on another machine. */
public class TransportRecoveryTest {
    private static final Duration PING = Duration.ofSeconds(10);
    private static final InboundSink NOWHERE = new InboundSink() {
        @Override
        public int maxLength() {
            return 1024;
        }

        @Override
        public void receive(InputStream in, int length) {
        }
    };

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private IdentityServer idServer;
    private final List<TestNode> nodes = new ArrayList<>();

    @Before
    public void startIdentityServer() throws Exception {
        idServer = new IdentityServer(temp.newFolder("idserver").toPath(), "127.0.0.1", 0, "127.0.0.1");
    }

    @After
    public void stop() {
        nodes.forEach(TestNode::close);
        idServer.close();
    }

    @Test
    public void aTransportWhosePortIsTakenComesUpOnceThePortIsFree() throws Exception {
        TestNode alice = node("alice");
        TestNode bob = node("bob");
        bob.addTcp();
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = squatter.getLocalPort();
        alice.gateway.addTransport("tcp", 0, new TcpTransport("127.0.0.1", port, "services/tcp-connections/tcp-port",
                "127.0.0.1", TestNode.LIMITS));
        TestNode.await(() -> "failed".equals(tcp(alice).state), "alice's TCP transport failed");
        String reason = tcp(alice).reason;
        assertTrue(reason, reason.contains(String.valueOf(port)));
        assertTrue(reason, reason.contains("services/tcp-connections/tcp-port"));
        assertTrue(alice.contacts().isEmpty());

        squatter.close();
        TestNode.await(() -> "active".equals(tcp(alice).state), "alice's TCP transport up on the freed port");
        String contact = "tcp://127.0.0.1:" + port;
        TestNode.await(() -> alice.contacts().contains(contact), "alice's identity lists " + contact);
        PingDTO ping = bob.gateway.ping(alice.idurl, PING);
        assertEquals(contact, ping.contact);
    }

    @Test
    public void anHttpTransportThatCannotListenNamesTheOptionAndStartsLaterOnTheSameObject() throws Exception {
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        int port = squatter.getLocalPort();
        HttpTransport http = new HttpTransport("127.0.0.1", port, "services/http-connections/http-port",
                "127.0.0.1");
        try {
            http.start(NOWHERE);
            fail("started on a taken port");
        } catch (IOException e) {
            assertEquals("cannot listen on 127.0.0.1:" + port + " (Address already in use); set "
                    + "services/http-connections/http-port to a free port", e.getMessage());
        }
        TestNode.await(() -> threads("bitdust-http-transport") == 0, "no thread left by the failed start");
        squatter.close();
        try {
            assertEquals(List.of("http://127.0.0.1:" + port + HttpTransport.PATH), http.start(NOWHERE));
        } finally {
            http.stop();
        }
    }

    @Test
    public void aRecoveredIdentityListsTheNewMachinesContactsAndPeersReachIt() throws Exception {
        TestNode alice = node("alice");
        alice.addTcp();
        Identity backedUp = alice.identity.identity().orElseThrow();
        byte[] keys = alice.keys.exportKeys("a long passphrase".toCharArray());
        List<String> oldContacts = alice.contacts();
        alice.close();

        TestNode machine = node("machine");
        TcpTransport tcp = machine.addTcp();
        String newContact = "tcp://127.0.0.1:" + tcp.port();
        machine.keys.importKeys(keys, "a long passphrase".toCharArray(), backedUp.signingKey());
        machine.identity.recover(backedUp);

        TestNode.await(() -> contactsOf(machine, backedUp).equals(List.of(newContact)),
                "the recovered identity lists the new machine's contact");
        Identity recovered = machine.identity.identity().orElseThrow();
        assertEquals(backedUp.idurl(), recovered.idurl());
        assertTrue(recovered.revision() > backedUp.revision());
        assertTrue(!oldContacts.contains(newContact));

        TestNode bob = node("bob");
        bob.addTcp();
        PingDTO ping = bob.gateway.ping(backedUp.idurl(), PING);
        assertEquals(newContact, ping.contact);
    }

    private TestNode node(String name) {
        TestNode node = new TestNode(temp.getRoot().toPath().resolve(name), name,
                "127.0.0.1:" + idServer.port());
        nodes.add(node);
        return node;
    }

    private static List<String> contactsOf(TestNode node, Identity identity) {
        return node.fetch(identity.idurl()).contacts();
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    private static TransportDTO tcp(TestNode node) {
        return node.gateway.transports().stream().filter(t -> t.protocol.equals("tcp")).findFirst().orElseThrow();
    }
}
