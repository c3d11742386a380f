package io.bitdust.messaging.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.config.ConfigService;
import io.bitdust.config.internal.Options;
import io.bitdust.crypto.SealedBox;
import io.bitdust.derby.Database;
import io.bitdust.messaging.dto.CorrespondentDTO;
import io.bitdust.messaging.dto.MessageDTO;
import io.bitdust.messaging.internal.Fakes.Cache;
import io.bitdust.messaging.internal.Fakes.Mine;
import io.bitdust.messaging.internal.Fakes.Mode;
import io.bitdust.messaging.internal.Fakes.MovingClock;
import io.bitdust.messaging.internal.Fakes.Peer;
import io.bitdust.messaging.internal.Fakes.Wire;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MessengerTest {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final Peer alicePeer = new Peer("alice");
    private final Peer bobPeer = new Peer("bob");
    private final Peer mallory = new Peer("mallory");
    private final Peer carol = new Peer("carol");
    private final MovingClock clock = new MovingClock();
    private final Wire aliceWire = new Wire(alicePeer, clock);
    private final Wire bobWire = new Wire(bobPeer, clock);
    private final Cache aliceCache = new Cache().with(alicePeer, bobPeer, carol);
    private final List<AutoCloseable> open = new ArrayList<>();
    private ConfigService aliceConfig;
    private Messenger alice;
    private Messenger bob;

    @Before
    public void start() throws Exception {
        alice = alice();
        bob = messenger(bobPeer, bobWire, new Cache().with(alicePeer, mallory, carol), temp.newFolder("bob").toPath(),
                new Options(temp.getRoot().toPath().resolve("bob.properties"), null, Map.of()));
        aliceWire.connect(bobPeer, bob.handler());
        bobWire.connect(alicePeer, alice.handler());
    }

    @After
    public void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Messenger alice() {
        aliceConfig = new Options(temp.getRoot().toPath().resolve("alice.properties"), null, Map.of());
        return messenger(alicePeer, aliceWire, aliceCache, temp.getRoot().toPath().resolve("alice"), aliceConfig);
    }

    private Messenger messenger(Peer peer, Wire wire, Cache cache, Path folder, ConfigService config) {
        Database database = Database.embedded(folder, Messenger.SCHEMA);
        open.add(database);
        Messenger messenger = new Messenger(database, wire, new Mine(peer), cache, peer, config, List::of,
                Fakes.RANDOM, clock);
        open.add(messenger);
        return messenger;
    }

    @Test
    public void aMessageIsDeliveredAndBothSidesListItPagedAndByCorrespondent() {
        MessageDTO sent = alice.send(bobPeer.idurl, "Hi Bob!");
        assertEquals("delivered", sent.state);
        assertEquals("", sent.error);
        assertEquals(1, sent.attempts);
        assertEquals("out", sent.direction);
        assertTrue(sent.id.matches("[0-9a-f]{32}"));

        List<MessageDTO> received = bob.messages(null, 0, 10);
        assertEquals(1, received.size());
        MessageDTO in = received.get(0);
        assertEquals(sent.id, in.id);
        assertEquals("in", in.direction);
        assertEquals("received", in.state);
        assertEquals(alicePeer.idurl.toString(), in.sender);
        assertEquals(bobPeer.idurl.toString(), in.recipient);
        assertEquals("Hi Bob!", in.body);
        assertEquals(sent.date, in.date);

        alice.send(bobPeer.idurl, "two");
        alice.send(bobPeer.idurl, "three");
        assertEquals(List.of("three", "two"), bodies(alice.messages(bobPeer.idurl, 0, 2)));
        assertEquals(List.of("Hi Bob!"), bodies(alice.messages(bobPeer.idurl, 2, 2)));
        assertEquals(List.of(), alice.messages(carol.idurl, 0, 10));
        assertEquals(List.of("three", "two", "Hi Bob!"), bodies(bob.messages(alicePeer.idurl, 0, 10)));
        assertEquals(0, alice.pending());
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> alice.messages(null, 0, 0)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> alice.messages(null, -1, 10)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> alice.messages(null, 0, 1001)));
    }

    @Test
    public void aRecipientAwayGetsTheMessageWhenBackExactlyOnce() {
        aliceWire.mode = Mode.OFFLINE;
        MessageDTO sent = alice.send(bobPeer.idurl, "are you there?");
        assertEquals("queued", sent.state);
        assertTrue(sent.error, sent.error.contains("no contact"));
        assertEquals(1, sent.attempts);
        assertEquals(1, alice.pending());

        clock.advance(Duration.ofSeconds(4));
        assertEquals("not due before 5 s", 0, alice.pump());
        clock.advance(Duration.ofSeconds(1));
        await(() -> mine(sent.id).attempts == 2 && "queued".equals(mine(sent.id).state), "a second attempt");
        clock.advance(Duration.ofSeconds(9));
        assertEquals("the next pause is 10 s", 0, alice.pump());

        aliceWire.mode = Mode.ONLINE;
        clock.advance(Duration.ofSeconds(1));
        await(() -> "delivered".equals(mine(sent.id).state), "delivered once bob is back");
        assertEquals(3, mine(sent.id).attempts);
        assertEquals(List.of("are you there?"), bodies(bob.messages(null, 0, 10)));
        assertEquals(0, alice.pending());
    }

    @Test
    public void aMessageWhoseAnswerWasLostIsSentAgainAndKeptOnce() {
        aliceWire.mode = Mode.LOSE_ANSWER;
        MessageDTO sent = alice.send(bobPeer.idurl, "once");
        assertEquals("queued", sent.state);
        assertEquals(1, bob.messages(null, 0, 10).size());

        aliceWire.mode = Mode.ONLINE;
        clock.advance(Duration.ofSeconds(5));
        await(() -> "delivered".equals(mine(sent.id).state), "delivered at the second attempt");
        assertEquals(List.of("once"), bodies(bob.messages(null, 0, 10)));
        assertEquals(Long.valueOf(1), bob.refusals().get("duplicate"));
        assertEquals(2, aliceWire.sent.size());
    }

    @Test
    public void retriesAreBoundedInCountAndAge() {
        aliceConfig.set(MessagingOptions.RETRY_ATTEMPTS.key(), "2");
        aliceWire.mode = Mode.OFFLINE;
        MessageDTO first = alice.send(bobPeer.idurl, "first");
        clock.advance(Duration.ofSeconds(5));
        await(() -> "failed".equals(mine(first.id).state), "failed after 2 attempts");
        assertTrue(mine(first.id).error, mine(first.id).error.startsWith("gave up after 2 attempts over 5 s: "));

        aliceConfig.set(MessagingOptions.RETRY_ATTEMPTS.key(), "50");
        aliceConfig.set(MessagingOptions.RETRY_HOURS.key(), "1");
        MessageDTO second = alice.send(bobPeer.idurl, "second");
        assertEquals("queued", second.state);
        clock.advance(Duration.ofHours(1));
        await(() -> "failed".equals(mine(second.id).state), "failed after an hour");
        assertTrue(mine(second.id).error, mine(second.id).error.startsWith("gave up after 2 attempts over 3600 s"));
        assertEquals(0, alice.pending());
        assertEquals(List.of(), bob.messages(null, 0, 10));
    }

    @Test
    public void aMessageInFlightWhenTheSenderStopsIsSentAgainAfterItsRestart() throws Exception {
        aliceWire.mode = Mode.HANG;
        MessageDTO sent = alice.send(bobPeer.idurl, "across a restart");
        assertEquals("sent", sent.state);
        alice.close();
        open.get(0).close();

        aliceWire.mode = Mode.ONLINE;
        alice = alice();
        bobWire.connect(alicePeer, alice.handler());
        await(() -> "delivered".equals(mine(sent.id).state), "delivered after the restart");
        assertEquals(List.of("across a restart"), bodies(bob.messages(null, 0, 10)));
    }

    @Test
    public void aMessageTheRecipientRefusesFailsWithItsReason() {
        Peer otherBob = new Peer("bob");
        aliceCache.with(otherBob);
        MessageDTO sent = alice.send(bobPeer.idurl, "sealed to the wrong key");
        assertEquals("failed", sent.state);
        assertTrue(sent.error, sent.error.startsWith("refused by the recipient: not-sealed-to-me: "));
        assertEquals(List.of(), bob.messages(null, 0, 10));
        assertEquals(Map.of("not-sealed-to-me", 1L), bob.refusals());
    }

    @Test
    public void everyRefusalOfTheReceiverChangesNothingAndIsCounted() {
        long now = clock.millis();
        PrivateMessage honest = message(mallory, mallory, bobPeer, bobPeer, "hello");
        // forged sender: mallory's message naming alice as its sender
        PrivateMessage forged = new PrivateMessage(alicePeer.idurl, alicePeer.signing.publicKey(), bobPeer.idurl,
                bobPeer.agreementPublicKey(), honest.id(), now, "I am alice");
        refused("sender", packet(mallory, forged.seal(mallory::sign, Fakes.RANDOM)));
        refused("sender", packet(mallory, forged.seal(alicePeer::sign, Fakes.RANDOM)));
        // mallory's message carrying alice's key
        PrivateMessage otherKey = new PrivateMessage(mallory.idurl, alicePeer.signing.publicKey(), bobPeer.idurl,
                bobPeer.agreementPublicKey(), honest.id(), now, "my key");
        refused("sender-key", packet(mallory, otherKey.seal(alicePeer::sign, Fakes.RANDOM)));
        refused("signature", packet(mallory, honest.seal(alicePeer::sign, Fakes.RANDOM)));
        refused("owner", mallory.packet(Command.MESSAGE, alicePeer.idurl, bobPeer.idurl, now,
                honest.seal(mallory::sign, Fakes.RANDOM)));
        refused("not-sealed-to-me", packet(mallory, message(mallory, mallory, carol, carol, "x")
                .seal(mallory::sign, Fakes.RANDOM)));
        PrivateMessage toCarol = new PrivateMessage(mallory.idurl, mallory.signing.publicKey(), carol.idurl,
                bobPeer.agreementPublicKey(), honest.id(), now, "for carol");
        refused("not-for-me", packet(mallory, toCarol.seal(mallory::sign, Fakes.RANDOM)));
        byte[] sealedToBobNamingCarolsKey = Payload.builder().bytes("sealed", SealedBox.seal(
                bobPeer.agreementPublicKey(), message(mallory, mallory, bobPeer, carol, "x").plaintext(mallory::sign),
                Fakes.RANDOM)).build().toBytes();
        refused("not-for-me", packet(mallory, sealedToBobNamingCarolsKey));
        refused("malformed", packet(mallory, new byte[] {1, 0}));
        refused("malformed", packet(mallory, "hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), bob.messages(null, 0, 10));

        Packet valid = packet(mallory, honest.seal(mallory::sign, Fakes.RANDOM));
        assertEquals("delivered", ack(bob.receive(valid)));
        assertEquals("duplicate", ack(bob.receive(valid)));
        assertEquals("duplicate", ack(bob.receive(packet(mallory, honest.seal(mallory::sign, Fakes.RANDOM)))));
        assertEquals(List.of("hello"), bodies(bob.messages(null, 0, 10)));
        assertEquals(Map.of("sender", 2L, "sender-key", 1L, "signature", 1L, "owner", 1L, "not-sealed-to-me", 1L,
                "not-for-me", 2L, "malformed", 2L, "duplicate", 2L), bob.refusals());
    }

    @Test
    public void badInputToSendIsRefusedAndNothingIsStored() {
        assertEquals("the message body is empty", error(() -> alice.send(bobPeer.idurl, ""),
                ErrorCode.INVALID_ARGUMENT));
        assertEquals("the message body has 16385 bytes of UTF-8, more than the limit of 16384",
                error(() -> alice.send(bobPeer.idurl, "x".repeat(16_385)), ErrorCode.INVALID_ARGUMENT));
        IdUrl nobody = IdUrl.of(Fakes.SERVER, "nobody");
        assertEquals("unknown recipient " + nobody + ": identity not found: " + nobody,
                error(() -> alice.send(nobody, "hello"), ErrorCode.NOT_FOUND));
        assertTrue(error(() -> alice.send(alicePeer.idurl, "me"), ErrorCode.INVALID_ARGUMENT).contains("myself"));
        assertEquals(List.of(), alice.messages(null, 0, 10));
        assertEquals(List.of(), aliceWire.sent);
    }

    @Test
    public void correspondentsAreAddedRenamedListedAndRemovedAcrossARestart() throws Exception {
        assertEquals("bob", alice.addCorrespondent(bobPeer.idurl, "").nickname);
        IdUrl dave = IdUrl.of(Fakes.SERVER, "dave");
        assertEquals("without an identity, its name", "dave", alice.addCorrespondent(dave, " ").nickname);
        assertEquals("Carol C.", alice.addCorrespondent(carol.idurl, " Carol C. ").nickname);
        assertEquals(List.of("Carol C.", "bob", "dave"), nicknames(alice.correspondents()));
        assertEquals("Bobby", alice.addCorrespondent(bobPeer.idurl, "Bobby").nickname);
        assertEquals(List.of("Bobby", "Carol C.", "dave"), nicknames(alice.correspondents()));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> alice.addCorrespondent(dave, "x".repeat(65))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> alice.addCorrespondent(dave, "a\nb")));

        alice.close();
        open.get(0).close();
        alice = alice();
        assertEquals(List.of("Bobby", "Carol C.", "dave"), nicknames(alice.correspondents()));
        assertEquals("Bobby", alice.removeCorrespondent(bobPeer.idurl).nickname);
        assertEquals(bobPeer.idurl + " is not a correspondent", error(() -> alice.removeCorrespondent(
                bobPeer.idurl), ErrorCode.NOT_FOUND));
        assertEquals(List.of("Carol C.", "dave"), nicknames(alice.correspondents()));
    }

    @Test
    public void thePauseBetweenAttemptsDoublesUpToItsBound() {
        assertEquals(Duration.ofSeconds(5), alice.delay(1));
        assertEquals(Duration.ofSeconds(10), alice.delay(2));
        assertEquals(Duration.ofSeconds(20), alice.delay(3));
        assertEquals(Duration.ofSeconds(600), alice.delay(40));
        aliceConfig.set(MessagingOptions.RETRY_MAX_DELAY.key(), "12");
        assertEquals(Duration.ofSeconds(12), alice.delay(3));
        assertEquals(Duration.ofSeconds(5), alice.delay(1));
    }

    private PrivateMessage message(Peer from, Peer keyOf, Peer to, Peer sealedKeyOf, String body) {
        return new PrivateMessage(from.idurl, keyOf.signing.publicKey(), to.idurl, sealedKeyOf.agreementPublicKey(),
                "0123456789abcdef0123456789abcdef", clock.millis(), body);
    }

    private Packet packet(Peer from, byte[] payload) {
        return from.packet(Command.MESSAGE, from.idurl, bobPeer.idurl, clock.millis(), payload);
    }

    private void refused(String reason, Packet packet) {
        Answer answer = bob.receive(packet);
        String text = new String(answer.payload(), StandardCharsets.UTF_8);
        assertEquals(text, Command.FAIL, answer.command());
        assertTrue(text, text.startsWith(reason + ": "));
    }

    private static String ack(Answer answer) {
        assertEquals(Command.ACK, answer.command());
        return new String(answer.payload(), StandardCharsets.UTF_8);
    }

    private MessageDTO mine(String id) {
        return alice.messages(null, 0, 1000).stream().filter(m -> m.id.equals(id)).findFirst().orElseThrow();
    }

    private static List<String> bodies(List<MessageDTO> messages) {
        return messages.stream().map(m -> m.body).collect(Collectors.toList());
    }

    private static List<String> nicknames(List<CorrespondentDTO> correspondents) {
        return correspondents.stream().map(c -> c.nickname).collect(Collectors.toList());
    }

    private static ErrorCode code(Runnable call) {
        try {
            call.run();
            fail("accepted");
            return null;
        } catch (BitDustException e) {
            return e.code();
        }
    }

    private static String error(Runnable call, ErrorCode expected) {
        try {
            call.run();
            fail("accepted");
            return null;
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), expected, e.code());
            return e.getMessage();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
