package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.messaging.MessagingService;
import io.bitdust.messaging.dto.CorrespondentDTO;
import io.bitdust.messaging.dto.MessageDTO;
import io.bitdust.messaging.internal.PrivateMessage;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Private messages between real nodes ({@link MessagingExtension}): delivered and listed on both sides, kept while the
 * recipient is away and across a restart of the sender, delivered once however often it arrives; forged messages
 * refused; correspondents kept; nicknames found on several identity servers.
 */
public class MessagingIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The pause between attempts, short so that a recipient that is back gets its message soon. */
    private static final NodeSettings MESSAGING = NodeSettings.DEFAULT.with(new MessagingExtension())
            .withPresets(Map.of("services/private-messages/retry-max-delay", "2"));

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Network network;
    private Node alice;
    private Node bob;

    @Before
    public void start() {
        network = new Network(temp.getRoot().toPath().resolve("network"));
        alice = network.node("alice", MESSAGING);
        bob = network.node("bob", MESSAGING);
        network.awaitPublished();
    }

    @After
    public void stop() {
        network.close();
    }

    @Test
    public void aliceSendsToBobAndBobListsItAndCorrespondentsAreKept() {
        MessageDTO sent = messaging(alice).send(bob.idurl(), "Hi Bob!");
        awaitState(alice, sent.id, "delivered");
        List<MessageDTO> received = messaging(bob).messages(null, 0, 10);
        assertEquals(1, received.size());
        assertEquals(sent.id, received.get(0).id);
        assertEquals("received", received.get(0).state);
        assertEquals(alice.idurl().toString(), received.get(0).sender);
        assertEquals("Hi Bob!", received.get(0).body);
        assertEquals(List.of(sent.id), ids(messaging(alice).messages(bob.idurl(), 0, 10)));

        IdUrl nobody = IdUrl.of(bob.idurl().server(), "nobody");
        assertEquals(ErrorCode.NOT_FOUND, refused(() -> messaging(alice).send(nobody, "hello")).code());
        assertTrue(refused(() -> messaging(alice).send(bob.idurl(), "x".repeat(16_385))).getMessage()
                .contains("the limit of 16384"));
        assertEquals(1, messaging(alice).messages(null, 0, 10).size());

        assertEquals("bob", messaging(alice).addCorrespondent(bob.idurl(), "").nickname);
        assertEquals(List.of("bob"), nicknames(messaging(alice).correspondents()));
        assertEquals("Bobby", messaging(alice).addCorrespondent(bob.idurl(), "Bobby").nickname);
        alice.restart();
        assertEquals(List.of("Bobby"), nicknames(messaging(alice).correspondents()));
        assertEquals("Bobby", messaging(alice).removeCorrespondent(bob.idurl()).nickname);
        assertEquals(List.of(), messaging(alice).correspondents());
        assertEquals(ErrorCode.NOT_FOUND, refused(() -> messaging(alice).removeCorrespondent(bob.idurl())).code());
    }

    @Test
    public void bobAwayGetsTheMessageWhenBackExactlyOnce() {
        bob.stop();
        MessageDTO sent = messaging(alice).send(bob.idurl(), "while you were away");
        assertTrue(sent.state, List.of("queued", "sent").contains(sent.state));
        Await.until(() -> mine(alice, sent.id).attempts >= 2 && "queued".equals(mine(alice, sent.id).state),
                "alice tried twice and waits to try again");
        assertTrue(mine(alice, sent.id).error, !mine(alice, sent.id).error.isEmpty());

        bob.start();
        bob.awaitPublished();
        awaitState(alice, sent.id, "delivered");
        assertEquals(List.of(sent.id), ids(messaging(bob).messages(null, 0, 10)));
        assertEquals(0, messaging(alice).pending());
    }

    @Test
    public void aMessageQueuedWhenAliceRestartsIsStillDelivered() {
        bob.stop();
        MessageDTO sent = messaging(alice).send(bob.idurl(), "across a restart");
        alice.restart();
        assertEquals(1, messaging(alice).pending());
        alice.awaitPublished();

        bob.start();
        bob.awaitPublished();
        awaitState(alice, sent.id, "delivered");
        assertEquals(List.of(sent.id), ids(messaging(bob).messages(null, 0, 10)));
        assertEquals("across a restart", messaging(bob).messages(null, 0, 10).get(0).body);
    }

    @Test
    public void forgedMessagesAreRefusedAndNothingIsStored() throws Exception {
        Node mallory = network.node("mallory");
        mallory.awaitPublished();
        long now = System.currentTimeMillis();
        // mallory's message naming alice as its sender, with alice's key
        PrivateMessage asAlice = new PrivateMessage(alice.idurl(), alice.keys().signingPublicKey(), bob.idurl(),
                agreementKey(bob), newId(), now, "I am alice");
        assertFail("sender", ask(mallory, asAlice.seal(mallory.keys()::sign, RANDOM)));
        PrivateMessage own = new PrivateMessage(mallory.idurl(), mallory.keys().signingPublicKey(), bob.idurl(),
                agreementKey(bob), newId(), now, "a bad signature");
        byte[] other = "something else".getBytes(StandardCharsets.UTF_8);
        assertFail("signature", ask(mallory, own.seal(signed -> mallory.keys().sign(other), RANDOM)));
        PrivateMessage sealedToMallory = new PrivateMessage(mallory.idurl(), mallory.keys().signingPublicKey(),
                bob.idurl(), agreementKey(mallory), newId(), now, "not for your key");
        assertFail("not-sealed-to-me", ask(mallory, sealedToMallory.seal(mallory.keys()::sign, RANDOM)));

        assertEquals(List.of(), messaging(bob).messages(null, 0, 10));
        assertEquals(Map.of("sender", 1L, "signature", 1L, "not-sealed-to-me", 1L), messaging(bob).refusals());
    }

    @Test
    public void aReplayedMessageIsStoredOnce() throws Exception {
        PrivateMessage message = new PrivateMessage(alice.idurl(), alice.keys().signingPublicKey(), bob.idurl(),
                agreementKey(bob), newId(), System.currentTimeMillis(), "only once");
        byte[] payload = message.seal(alice.keys()::sign, RANDOM);
        Packet packet = alice.gateway().packet(Command.MESSAGE, bob.idurl(), payload);
        assertEquals("delivered", ack(ask(alice, packet)));
        // the very packet again: bob's gateway answers it as the first time (alice's drops that answer as a replay)
        alice.gateway().send(packet).toCompletableFuture().get(60, TimeUnit.SECONDS);
        // the message again in a new packet, as a sender whose answer was lost sends it
        assertEquals("duplicate", ack(ask(alice, alice.gateway().packet(Command.MESSAGE, bob.idurl(), payload))));

        assertEquals(List.of(message.id()), ids(messaging(bob).messages(null, 0, 10)));
        assertEquals(Map.of("duplicate", 1L), messaging(bob).refusals());
    }

    @Test
    public void nicknamesAreFoundOnEveryKnownIdentityServerEachNodeOnce() {
        try (Network one = new Network(temp.getRoot().toPath().resolve("one"));
                Network two = new Network(temp.getRoot().toPath().resolve("two"))) {
            one.identityServer();
            Node bobOne = one.node("bob-one");
            one.identityServer();
            Node bobcat = one.node("bobcat");
            one.node("robert");
            two.identityServer();
            Node bobTwo = two.node("bob-two");
            List<String> servers = new ArrayList<>(one.identityServers());
            servers.addAll(two.identityServers());
            servers.add(Node.HOST + ":1");
            Node searcher = one.node("searcher", NodeSettings.DEFAULT.with(new MessagingExtension(node -> servers)));
            one.awaitPublished();
            two.awaitPublished();
            assertEquals("bobcat has an IDURL on both servers of the first network", 2,
                    bobcat.identity().identity().orElseThrow().idurls().size());

            MessagingService search = messaging(searcher);
            assertEquals(List.of("bob-one " + bobOne.idurl(), "bob-two " + bobTwo.idurl(), "bobcat " + bobcat.idurl()),
                    found(search.findByNickname("bob")));
            assertEquals(List.of("bob-two " + bobTwo.idurl()), found(search.findByNickname("BOB-T")));
            assertEquals(List.of(), found(search.findByNickname("nobody-by-that-name")));
            assertEquals(ErrorCode.INVALID_ARGUMENT, refused(() -> search.findByNickname(" ")).code());
        }
    }

    private static MessagingService messaging(Node node) {
        return node.extension(MessagingService.class);
    }

    private static MessageDTO mine(Node node, String id) {
        return messaging(node).messages(null, 0, 1000).stream().filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow();
    }

    private static void awaitState(Node node, String id, String state) {
        Await.until(() -> state.equals(mine(node, id).state), node + "'s message " + id + " is " + state);
    }

    private static io.bitdust.crypto.AgreementPublicKey agreementKey(Node node) {
        return node.identity().identity().orElseThrow().agreementKey();
    }

    private Packet ask(Node from, byte[] payload) throws Exception {
        return ask(from, from.gateway().packet(Command.MESSAGE, bob.idurl(), payload));
    }

    private static Packet ask(Node from, Packet packet) throws Exception {
        return from.gateway().request(packet).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static void assertFail(String reason, Packet reply) {
        String text = new String(reply.payload(), StandardCharsets.UTF_8);
        assertEquals(text, Command.FAIL, reply.command());
        assertTrue(text, text.startsWith(reason + ": "));
    }

    private static String ack(Packet reply) {
        String text = new String(reply.payload(), StandardCharsets.UTF_8);
        assertEquals(text, Command.ACK, reply.command());
        return text;
    }

    private static String newId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static BitDustException refused(Runnable call) {
        try {
            call.run();
            fail("accepted");
            return null;
        } catch (BitDustException e) {
            return e;
        }
    }

    private static List<String> ids(List<MessageDTO> messages) {
        return messages.stream().map(m -> m.id).collect(Collectors.toList());
    }

    private static List<String> nicknames(List<CorrespondentDTO> nodes) {
        return nodes.stream().map(c -> c.nickname).collect(Collectors.toList());
    }

    private static List<String> found(List<CorrespondentDTO> nodes) {
        return nodes.stream().map(c -> c.nickname + " " + c.idurl).collect(Collectors.toList());
    }
}
