package io.bitdust.storage;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.Test;

/** A supplier's answer to a Retrieve counts only when it nests my own Data packet of the object asked for. */
public class RetrieveAnswerTest {
    private static final IdUrl ME = IdUrl.parse("http://127.0.0.1:8084/alice.json");
    private static final IdUrl SUPPLIER = IdUrl.parse("http://127.0.0.1:8084/bob.json");
    private static final IdUrl MALLORY = IdUrl.parse("http://127.0.0.1:8084/mallory.json");

    private final SecureRandom random = new SecureRandom();
    private final SigningKeyPair mine = SigningKeyPair.generate(random);
    private final SigningKeyPair theirs = SigningKeyPair.generate(random);
    private final PacketCodec codec = new PacketCodec();
    private final RetrieveRequest request = new RetrieveRequest("0/1/F1/0-1-Data");

    @Test
    public void myStoredPacketOfTheNameAskedForIsTheObject() {
        byte[] bytes = {1, 2, 3};
        StoredData object = request.open(answer(stored(Command.DATA, ME, ME, "0/1/F1/0-1-Data", bytes, mine)), ME,
                mine.publicKey(), codec);
        assertArrayEquals(bytes, object.data());
    }

    @Test
    public void theObjectsDataIsReadWhereItLiesInTheAnswer() {
        byte[] bytes = {4, 5, 6, 7};
        Packet answer = answer(stored(Command.DATA, ME, ME, "0/1/F1/0-1-Data", bytes, mine));
        io.bitdust.common.ByteRange data = request.openData(answer, ME, mine.publicKey(), codec);

        assertArrayEquals(bytes, data.copy());
        assertEquals(4, data.length());
        assertTrue("a range of the whole answer, not a copy", data.array().length > 100 && data.offset() > 100);
        assertArrayEquals(answer.payload(), java.util.Arrays.copyOf(data.array(), data.array().length));
        assertArrayEquals("its SHA-256, computed once when the nested packet's signature was checked",
                io.bitdust.crypto.Hashes.sha256(bytes), data.sha256().orElseThrow());
    }

    @Test
    public void theStoredPacketStartsAtTheAnswerOffset() {
        byte[] stored = codec.encode(stored(Command.DATA, ME, ME, "0/1/F1/0-1-Data", new byte[] {8, 9}, mine));
        byte[] payload = Payload.builder().packet(RetrieveRequest.ANSWER_FIELD, stored, codec).toBytes();
        assertEquals(payload.length - stored.length, RetrieveRequest.ANSWER_OFFSET);
        assertArrayEquals(stored, java.util.Arrays.copyOfRange(payload, RetrieveRequest.ANSWER_OFFSET,
                payload.length));
    }

    @Test
    public void anythingElseIsRefusedNamingWhy() {
        refused(ErrorCode.NOT_FOUND, "not-found", Packet.sign(Command.FAIL, SUPPLIER, SUPPLIER, "id", 1, ME,
                "not-found: no such object".getBytes(StandardCharsets.UTF_8), theirs));
        refused(ErrorCode.INVALID_ARGUMENT, "answered ACK", Packet.sign(Command.ACK, SUPPLIER, SUPPLIER, "id", 1, ME,
                new byte[0], theirs));
        refused(ErrorCode.INVALID_ARGUMENT, "nests no packet of mine", answer(stored(Command.DATA, MALLORY, MALLORY,
                "0/1/F1/0-1-Data", new byte[1], theirs)));
        refused(ErrorCode.INVALID_ARGUMENT, "nests no packet of mine", answer(stored(Command.DATA, ME, ME,
                "0/1/F1/0-1-Data", new byte[1], theirs)));
        refused(ErrorCode.INVALID_ARGUMENT, "created by " + MALLORY, answer(stored(Command.DATA, ME, MALLORY,
                "0/1/F1/0-1-Data", new byte[1], mine)));
        refused(ErrorCode.INVALID_ARGUMENT, "nests a RETRIEVE packet", answer(stored(Command.RETRIEVE, ME, ME,
                "0/1/F1/0-1-Data", new byte[1], mine)));
        refused(ErrorCode.INVALID_ARGUMENT, "answered with the object '0/1/F1/1-1-Data'", answer(stored(Command.DATA,
                ME, ME, "0/1/F1/1-1-Data", new byte[1], mine)));
    }

    private void refused(ErrorCode code, String expected, Packet answer) {
        for (Runnable opening : java.util.List.<Runnable>of(() -> request.open(answer, ME, mine.publicKey(), codec),
                () -> request.openData(answer, ME, mine.publicKey(), codec))) {
            try {
                opening.run();
                fail("accepted; expected " + expected);
            } catch (BitDustException e) {
                assertEquals(e.getMessage(), code, e.code());
                assertTrue(e.getMessage(), e.getMessage().contains(expected));
            }
        }
    }

    private static Packet stored(Command command, IdUrl owner, IdUrl creator, String name, byte[] bytes,
            SigningKeyPair keys) {
        return Packet.sign(command, owner, creator, "stored-1", 1, SUPPLIER, new StoredData(name, bytes).toBytes(),
                keys);
    }

    private Packet answer(Packet stored) {
        return Packet.sign(Command.DATA, SUPPLIER, SUPPLIER, "retrieve-1", 2, ME, Payload.builder()
                .packet(RetrieveRequest.ANSWER_FIELD, stored, codec).build().toBytes(), theirs);
    }
}
