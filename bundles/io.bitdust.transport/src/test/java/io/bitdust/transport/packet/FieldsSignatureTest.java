package io.bitdust.transport.packet;

import static io.bitdust.transport.packet.Packets.ALICE;
import static io.bitdust.transport.packet.Packets.ALICE_KEYS;
import static io.bitdust.transport.packet.Packets.BOB;
import static io.bitdust.transport.packet.Packets.DATE;
import static io.bitdust.transport.packet.Packets.MALLORY_KEYS;
import static io.bitdust.transport.packet.Packets.ascii;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.ByteRange;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.transport.PacketHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import org.junit.Test;

/** A payload of fields is signed through the SHA-256 of its values (docs/protocol.md §2.4), computed once. */
public class FieldsSignatureTest {
    private static final PacketCodec CODEC = new PacketCodec();
    private static final Function<IdUrl, SigningPublicKey> KEYS = Map.of(ALICE, ALICE_KEYS.publicKey())::get;
    /** docs/protocol.md §2.8, the second vector: what Alice signs for a Data with the fields data "abc", name "f1". */
    private static final String DOCUMENTED_MESSAGE = "626974647573742f7061636b65742f6631"
            + "686fc08efbb3032a81c17d49074cdfd5587c962a6d09a2c74bedecc83d71e58f";
    private static final String DOCUMENTED_SIGNATURE = "912e30694a2a3778aeee757bfaa2f6c198280452ae4f1e465163196463cf5fa4"
            + "0a0cef4b7fce4379d40e72aabe1a67aa122f24997ca23c0ca4e7f022cfb28d0f";

    @Test
    public void aPayloadOfFieldsIsSignedThroughTheSha256OfEachBytesValue() {
        Packet packet = data("0/1/2", "abc".getBytes());
        byte[] encoded = CODEC.encode(packet);
        byte[] header = Arrays.copyOf(encoded, encoded.length - packet.payloadLength() - 64);
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(HexFormat.of().parseHex("0102" + "0464617461" + "00" + "00000003"));
        form.writeBytes(Hashes.sha256("abc".getBytes()));
        form.writeBytes(HexFormat.of().parseHex("046e616d65" + "01" + "00000002" + "6631"));
        byte[] message = message("bitdust/packet/f1", header, form.toByteArray());

        assertTrue(Signatures.verify(ALICE_KEYS.publicKey(), message, packet.signature()));
        assertArrayEquals(message, packet.signedMessage());
        assertEquals(DOCUMENTED_MESSAGE, HexFormat.of().formatHex(message));
        assertEquals(130, header.length);
        assertEquals(DOCUMENTED_SIGNATURE, HexFormat.of().formatHex(packet.signature()));
        assertTrue(CODEC.decode(encoded).verify(ALICE_KEYS.publicKey()));
    }

    @Test
    public void everyByteOfEveryValueIsCovered() {
        byte[] encoded = CODEC.encode(data("0/1/2", "abc".getBytes()));
        int payloadStart = encoded.length - 64 - Payload.builder().bytes("data", "abc".getBytes()).text("name", "f1")
                .encodedLength();
        for (int at = payloadStart; at < encoded.length - 64; at++) {
            byte[] tampered = encoded.clone();
            tampered[at] ^= 0x01;
            Packet decoded;
            try {
                decoded = CODEC.decode(tampered);
            } catch (PacketException refused) {
                continue;
            }
            assertFalse("byte " + at + " changed", decoded.verify(ALICE_KEYS.publicKey()));
        }
    }

    @Test
    public void aNestedPacketIsCoveredByWhatItsCreatorSignedAndDecodedOnceWithItsHashes() {
        Packet stored = data("stored", "abc".getBytes());
        Packet reply = Packet.sign(Command.DATA, ALICE, BOB, "r1", DATE, ALICE,
                Payload.builder().packet("data", stored, CODEC).toBytes(), MALLORY_KEYS);
        byte[] encoded = CODEC.encode(reply);
        byte[] header = Arrays.copyOf(encoded, encoded.length - reply.payloadLength() - 64);
        int nestedLength = CODEC.encodedLength(stored);
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(HexFormat.of().parseHex("0101" + "0464617461" + "02"));
        form.writeBytes(ByteBuffer.allocate(4).putInt(nestedLength).array());
        form.writeBytes(stored.signedMessage());
        form.writeBytes(stored.signature());

        Packet received = CODEC.decode(encoded);
        assertTrue(Signatures.verify(MALLORY_KEYS.publicKey(), message("bitdust/packet/f1", header,
                form.toByteArray()), reply.signature()));
        assertTrue(received.verify(MALLORY_KEYS.publicKey()));
        Packet nested = received.fields().packet("data", CODEC, ALICE, KEYS);
        assertSame("decoded once per payload", nested, received.fields().packet("data", CODEC, ALICE, KEYS));
        ByteRange data = nested.fields().range("data").orElseThrow();
        assertArrayEquals("its data's hash came with checking the reply", Hashes.sha256("abc".getBytes()),
                data.sha256().orElseThrow());

        byte[] tampered = encoded.clone();
        int dataAt = indexOf(tampered, "abc".getBytes());
        tampered[dataAt] ^= 0x01;
        assertFalse(CODEC.decode(tampered).verify(MALLORY_KEYS.publicKey()));
    }

    @Test
    public void aHashGivenByTheWriterIsSignedAsGiven() {
        byte[] value = "a fragment".getBytes();
        byte[] buffer = new byte[100];
        Payload right = Payload.builder().text("name", "f1").bytes("data", value, 0, value.length,
                Hashes.sha256(value)).buildIn(buffer);
        Packet signed = Packet.sign(Command.DATA, ALICE, ALICE, "p", DATE, BOB, right, message -> Signatures.sign(ALICE_KEYS, message));
        assertSame("the payload's encoding is the packet's body", buffer, signed.payloadArray());
        assertTrue(CODEC.decode(CODEC.encode(signed)).verify(ALICE_KEYS.publicKey()));
        assertEquals(signed, data("p", value));

        byte[] wrong = Hashes.sha256("another fragment".getBytes());
        Payload lying = Payload.builder().text("name", "f1").bytes("data", value, 0, value.length, wrong)
                .buildIn(new byte[100]);
        assertArrayEquals(wrong, lying.sha256("data").orElseThrow());
        Packet unverifiable = Packet.sign(Command.DATA, ALICE, ALICE, "p", DATE, BOB, lying, message -> Signatures.sign(ALICE_KEYS, message));
        assertFalse("the receiver hashes the value itself",
                CODEC.decode(CODEC.encode(unverifiable)).verify(ALICE_KEYS.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> Payload.builder().bytes("data", value, 0, 1,
                new byte[31]));
    }

    @Test
    public void theHashOfANestedPacketsDataKnownBeforeIsSignedAsKnownAndAWrongOneFailsAtTheReceiver() {
        Packet stored = data("stored", "abc".getBytes());
        byte[] storedBytes = CODEC.encode(stored);
        Function<byte[], byte[]> mallory = message -> Signatures.sign(MALLORY_KEYS, message);
        Packet request = Packet.sign(Command.RETRIEVE, ALICE, ALICE, "r1", DATE, BOB, ascii("f1"), ALICE_KEYS);
        Payload.Builder right = Payload.builder().packet("data", storedBytes, CODEC,
                Map.of("data", Hashes.sha256("abc".getBytes())));
        Packet reply = PacketHandler.Answer.of(Command.DATA, right.buildIn(new byte[right.encodedLength()]))
                .reply(request, BOB, DATE, mallory);

        Packet received = CODEC.decode(CODEC.encode(reply));
        assertTrue(received.verify(MALLORY_KEYS.publicKey()));
        assertEquals("the same reply as one that hashed the data itself", PacketHandler.Answer.of(Command.DATA,
                Payload.builder().packet("data", stored, CODEC).toBytes()).reply(request, BOB, DATE, mallory), reply);
        assertEquals(stored, received.fields().packet("data", CODEC, ALICE, KEYS));

        Payload.Builder wrong = Payload.builder().packet("data", storedBytes, CODEC,
                Map.of("data", Hashes.sha256("abd".getBytes())));
        Packet lying = PacketHandler.Answer.of(Command.DATA, wrong.buildIn(new byte[wrong.encodedLength()]))
                .reply(request, BOB, DATE, mallory);
        assertFalse("signed with the hash given, which the receiver computes itself",
                CODEC.decode(CODEC.encode(lying)).verify(MALLORY_KEYS.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> Payload.builder().packet("data", storedBytes, CODEC,
                Map.of("name", new byte[32])));
        assertThrows(IllegalArgumentException.class, () -> Payload.builder().packet("data", storedBytes, CODEC,
                Map.of("data", new byte[31])));
    }

    @Test
    public void theSignedFormOfOnePacketIsNotTheBodyOfAnother() {
        Packet fields = data("0/1/2", "abc".getBytes());
        byte[] form = fields.fields().signedForm();
        Packet raw = Packet.received(Command.DATA, ALICE, ALICE, "0/1/2", DATE, BOB, form, 0, form.length,
                fields.signature());
        assertFalse(raw.verify(ALICE_KEYS.publicKey()));
        assertTrue(fields.verify(ALICE_KEYS.publicKey()));
    }

    @Test
    public void aPayloadThatIsNotOneOfFieldsIsSignedOverItsBytes() {
        Packet text = Packet.sign(Command.FAIL, ALICE, ALICE, "f", DATE, BOB, ascii("not-found: x"), ALICE_KEYS);
        byte[] encoded = CODEC.encode(text);
        byte[] body = Arrays.copyOf(encoded, encoded.length - 64);
        byte[] message = ByteBuffer.allocate(49).put(ascii("bitdust/packet/v1")).put(Hashes.sha256(body)).array();
        assertTrue(Signatures.verify(ALICE_KEYS.publicKey(), message, text.signature()));
    }

    @Test
    public void aChainOfNestedPacketsIsCheckedWithoutGoingDownItsLevels() {
        Packet chain = data("level0", "abc".getBytes());
        for (int level = 1; level <= 3000; level++) {
            byte[] inner = CODEC.encode(chain);
            ByteBuffer payload = ByteBuffer.allocate(2 + 2 + 1 + 4 + inner.length).put((byte) 1).put((byte) 1)
                    .put((byte) 1).put((byte) 'p').put((byte) 2).putInt(inner.length).put(inner);
            chain = Packet.sign(Command.DATA, ALICE, ALICE, "level" + level, DATE, BOB, payload.array(), ALICE_KEYS);
        }
        Packet received = new PacketCodec(PacketCodec.LARGEST_MAX_PAYLOAD).decode(
                new PacketCodec(PacketCodec.LARGEST_MAX_PAYLOAD).encode(chain));
        assertTrue("3000 levels deep, checked under the v1 label over the whole body",
                received.verify(ALICE_KEYS.publicKey()));
        byte[] body = Arrays.copyOf(new PacketCodec(PacketCodec.LARGEST_MAX_PAYLOAD).encode(chain),
                new PacketCodec(PacketCodec.LARGEST_MAX_PAYLOAD).encodedLength(chain) - 64);
        assertArrayEquals(ByteBuffer.allocate(49).put(ascii("bitdust/packet/v1")).put(Hashes.sha256(body)).array(),
                received.signedMessage());
    }

    private static Packet data(String packetId, byte[] value) {
        return Packet.sign(Command.DATA, ALICE, ALICE, packetId, DATE, BOB,
                Payload.builder().bytes("data", value).text("name", "f1").toBytes(), ALICE_KEYS);
    }

    private static byte[] message(String label, byte[] header, byte[] form) {
        byte[] digest = Hashes.newSha256().update(header, 0, header.length).update(form, 0, form.length).digest();
        return ByteBuffer.allocate(49).put(ascii(label)).put(digest).array();
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
