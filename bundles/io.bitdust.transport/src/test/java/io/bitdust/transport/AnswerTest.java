package io.bitdust.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class AnswerTest {
    private static final SigningKeyPair ALICE_KEYS = SigningKeyPair.generate(new java.security.SecureRandom());
    private static final SigningKeyPair BOB_KEYS = SigningKeyPair.generate(new java.security.SecureRandom());
    private static final IdUrl ALICE = IdUrl.parse("http://127.0.0.1:8084/alice.json");
    private static final IdUrl BOB = IdUrl.parse("http://127.0.0.1:8084/bob.json");

    @Test
    public void anAnswerIsSignedAsTheReplyToItsRequestWithItsPayloadAsGiven() {
        Packet request = Packet.sign(Command.RETRIEVE, ALICE, ALICE, "retrieve-1", 1_000, BOB, new byte[] {1},
                ALICE_KEYS);
        byte[] payload = {4, 5, 6};
        Answer answer = Answer.of(Command.DATA, payload);

        Packet reply = answer.reply(request, BOB, 2_000, message -> Signatures.sign(BOB_KEYS, message));

        assertEquals(Command.DATA, reply.command());
        assertEquals("retrieve-1", reply.packetId());
        assertEquals(ALICE, reply.remote());
        assertEquals(BOB, reply.owner());
        assertEquals(BOB, reply.creator());
        assertEquals(2_000, reply.date());
        assertArrayEquals(payload, reply.payload());
        assertTrue(reply.verify(BOB_KEYS.publicKey()));
        assertArrayEquals("payload() hands out a copy", payload, answer.payload());
        answer.payload()[0] = 9;
        assertEquals(4, answer.payload()[0]);
    }

    @Test
    public void noAnswerHasNoReplyAndTheTextsAreUtf8() {
        Packet request = Packet.sign(Command.DATA, ALICE, ALICE, "data-1", 1_000, BOB, new byte[0], ALICE_KEYS);
        assertThrows(IllegalStateException.class, () -> Answer.none().reply(request, BOB, 2_000,
                message -> Signatures.sign(BOB_KEYS, message)));
        assertEquals(Command.ACK, Answer.ack("stored é").command());
        assertArrayEquals("stored é".getBytes(StandardCharsets.UTF_8), Answer.ack("stored é").payload());
        assertEquals(Command.FAIL, Answer.fail("busy").command());
    }
}
