package io.bitdust.transport.packet;

import static io.bitdust.transport.packet.Packets.ALICE;
import static io.bitdust.transport.packet.Packets.ALICE_KEYS;
import static io.bitdust.transport.packet.Packets.BOB;
import static io.bitdust.transport.packet.Packets.DATE;
import static io.bitdust.transport.packet.Packets.MALLORY_KEYS;
import static io.bitdust.transport.packet.Packets.assertRefused;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningPublicKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.Test;

public class PayloadTest {
    private static final PacketCodec CODEC = new PacketCodec();
    private static final Function<IdUrl, SigningPublicKey> KEYS = Map.of(ALICE, ALICE_KEYS.publicKey(),
            BOB, MALLORY_KEYS.publicKey())::get;

    @Test
    public void theDocumentedExampleIsByteExact() {
        byte[] encoded = Payload.builder().text("name", "0/0/1/F1/0-1-Data").bytes("crc", new byte[] {1, 2})
                .toBytes();
        // docs/protocol.md §2.10: version 1, 2 fields, "crc" (bytes) before "name" (text)
        assertEquals("0102" + "03637263" + "00" + "00000002" + "0102"
                + "046e616d65" + "01" + "00000011" + HexFormat.of().formatHex("0/0/1/F1/0-1-Data".getBytes()),
                HexFormat.of().formatHex(encoded));
        Payload parsed = Payload.parse(encoded);
        assertEquals(List.of("crc", "name"), List.copyOf(parsed.names()));
        assertEquals("0/0/1/F1/0-1-Data", parsed.text("name"));
        assertArrayEquals(new byte[] {1, 2}, parsed.bytes("crc").orElseThrow());
        assertTrue(parsed.bytes("other").isEmpty());
        assertArrayEquals(encoded, parsed.toBytes());
    }

    @Test
    public void malformedPayloadsAreRefusedNamingTheProblem() {
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(new byte[0]));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(hex("0200")));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(hex("0141")));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(hex("0101" + "0141" + "00"
                + "00000000")));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(hex("0101" + "0161" + "07"
                + "00000000")));
        String b = "0162" + "00" + "00000000";
        String a = "0161" + "00" + "00000000";
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(hex("0102" + b + a)));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(hex("0102" + a + a)));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(hex("0101" + "0161" + "00"
                + "7fffffff" + "00")));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(hex("0101" + "0161" + "01"
                + "00000001" + "ff")));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(hex("0101" + a + "00")));
        Payload empty = Payload.parse(hex("0100"));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> empty.text("name"));
        assertThrows(IllegalArgumentException.class, () -> Payload.builder().text("Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> Payload.builder().text("a", "x").bytes("a", new byte[1]));
    }

    @Test
    public void aNestedPacketIsCheckedAgainstItsCreatorAndTheExpectedOwner() {
        Packet data = Packet.sign(Command.DATA, ALICE, ALICE, "stored", DATE, BOB,
                Payload.builder().text("name", "0/0/1/F1/0-1-Data").bytes("data", new byte[100]).toBytes(),
                ALICE_KEYS);
        byte[] reply = Payload.builder().packet("packet", data, CODEC).toBytes();
        Payload parsed = Payload.parse(reply);
        assertTrue(parsed.hasPacket());
        assertEquals(data, parsed.packet("packet", CODEC, ALICE, KEYS));

        PacketException other = assertRefused(PacketException.Reason.BAD_NESTED_PACKET,
                () -> parsed.packet("packet", CODEC, BOB, KEYS));
        assertTrue(other.getMessage(), other.getMessage().contains("belongs to " + ALICE));

        byte[] tampered = reply.clone();
        tampered[tampered.length - 70] ^= 1;
        assertRefused(PacketException.Reason.BAD_NESTED_PACKET,
                () -> Payload.parse(tampered).packet("packet", CODEC, ALICE, KEYS));

        Packet forged = Packet.sign(Command.DATA, ALICE, ALICE, "forged", DATE, BOB, new byte[0], MALLORY_KEYS);
        assertRefused(PacketException.Reason.BAD_NESTED_PACKET, () -> Payload.parse(Payload.builder()
                .packet("packet", forged, CODEC).toBytes()).packet("packet", CODEC, ALICE, KEYS));

        assertRefused(PacketException.Reason.TOO_LONG, () -> parsed.packet("packet", new PacketCodec(10), ALICE,
                KEYS));
    }

    @Test
    public void aPacketsFieldsAreReadFromItsOwnBytesAndHandedOutAsCopies() {
        byte[] data = {1, 2, 3};
        Packet packet = Packet.sign(Command.DATA, ALICE, ALICE, "fields", DATE, BOB,
                Payload.builder().text("name", "n").bytes("data", data).toBytes(), ALICE_KEYS);

        Payload fields = packet.fields();
        fields.bytes("data").orElseThrow()[0] = 9;

        assertEquals(Payload.parse(packet.payload()), fields);
        assertArrayEquals(data, fields.bytes("data").orElseThrow());
        assertEquals("n", fields.text("name"));
        assertTrue(packet.verify(ALICE_KEYS.publicKey()));
    }

    @Test
    public void aBuiltPayloadKeepsItsOwnCopyAndTheBuildersEncodingIsTheSame() {
        byte[] data = {1, 2, 3};
        Payload.Builder builder = Payload.builder().text("name", "n").bytes("data", data);
        Payload built = builder.build();
        byte[] encoded = builder.toBytes();
        data[0] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, built.bytes("data").orElseThrow());
        assertArrayEquals(built.toBytes(), encoded);
        assertEquals(built, Payload.parse(encoded));
        assertArrayEquals("the builder refers to the array until it encodes", new byte[] {9, 2, 3},
                Payload.parse(builder.toBytes()).bytes("data").orElseThrow());
    }

    @Test
    public void theBuilderWritesIntoALongerBufferWhatToBytesGives() {
        Payload.Builder builder = Payload.builder().text("name", "n").bytes("data", new byte[] {1, 2, 3});
        byte[] encoded = builder.toBytes();
        byte[] buffer = new byte[encoded.length + 5];
        java.util.Arrays.fill(buffer, (byte) 0x55);

        assertEquals(encoded.length, builder.encodedLength());
        assertEquals(encoded.length, builder.writeTo(buffer));
        assertArrayEquals(encoded, java.util.Arrays.copyOf(buffer, encoded.length));
        assertEquals("what follows is left as it is", 0x55, buffer[encoded.length]);
        assertEquals(builder.build(), Payload.parse(buffer, 0, encoded.length));
        IllegalArgumentException shortBuffer = assertThrows(IllegalArgumentException.class,
                () -> builder.writeTo(new byte[encoded.length - 1]));
        assertTrue(shortBuffer.getMessage(), shortBuffer.getMessage().contains("takes " + encoded.length));
    }

    @Test
    public void aRangeOfAFieldIsWhereItsValueLiesInThePayload() {
        byte[] encoded = Payload.builder().text("name", "n").bytes("data", new byte[] {4, 5, 6}).toBytes();
        io.bitdust.common.ByteRange data = Payload.parse(encoded).range("data").orElseThrow();

        assertTrue(data.array() == encoded);
        assertEquals(3, data.length());
        assertArrayEquals(new byte[] {4, 5, 6}, data.copy());
        assertEquals(4, encoded[data.offset()]);
        assertTrue(Payload.parse(encoded).range("other").isEmpty());
    }

    @Test
    public void aViewOfAFieldIsReadOnlyAndCoversExactlyItsValue() {
        byte[] encoded = Payload.builder().text("name", "n").bytes("data", new byte[] {4, 5, 6}).toBytes();
        java.nio.ByteBuffer view = Payload.parse(encoded).view("data").orElseThrow();

        assertTrue(view.isReadOnly());
        assertEquals(3, view.remaining());
        assertEquals(0, view.position());
        assertEquals(4, view.get(0));
        assertEquals(6, view.get(2));
        assertEquals(1, Payload.parse(encoded).view("name").orElseThrow().remaining());
        assertTrue(Payload.parse(encoded).view("other").isEmpty());
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> view.put(0, (byte) 1));
    }

    @Test
    public void aPacketIsDecodedFromARangeAndNothingMayFollowItThere() {
        Packet packet = Packet.sign(Command.ACK, ALICE, ALICE, "range", DATE, BOB, new byte[] {7}, ALICE_KEYS);
        byte[] encoded = CODEC.encode(packet);
        byte[] around = new byte[encoded.length + 10];
        System.arraycopy(encoded, 0, around, 4, encoded.length);

        assertEquals(packet, CODEC.decode(around, 4, encoded.length));
        assertRefused(PacketException.Reason.TRAILING_BYTES, () -> CODEC.decode(around, 4, encoded.length + 1));
    }

    @Test
    public void aPacketDecodedFromARangeRefersToItsBytesAndHandsOutCopies() {
        Packet signed = Packet.sign(Command.DATA, ALICE, ALICE, "view", DATE, BOB,
                Payload.builder().text("name", "n").bytes("data", new byte[] {1, 2, 3}).toBytes(), ALICE_KEYS);
        byte[] encoded = CODEC.encode(signed);
        byte[] around = new byte[encoded.length + 9];
        System.arraycopy(encoded, 0, around, 5, encoded.length);

        Packet decoded = CODEC.decode(around, 5, encoded.length);
        assertEquals(signed, decoded);
        assertTrue(decoded.verify(ALICE_KEYS.publicKey()));
        assertArrayEquals(encoded, CODEC.encode(decoded));
        assertEquals(signed.payloadLength(), decoded.payloadLength());
        assertEquals(signed.payloadBuffer(), decoded.payloadBuffer());
        assertEquals("n", decoded.fields().text("name"));
        assertArrayEquals(new byte[] {1, 2, 3}, decoded.fields().bytes("data").orElseThrow());

        byte[] copy = decoded.payload();
        copy[0] = 9;
        assertEquals(signed, decoded);
        // version, field count, then "data": name length, name, type, value length, value
        int dataAt = 5 + encoded.length - 64 - signed.payloadLength() + 2 + 1 + 4 + 1 + 4;
        around[dataAt] = 7;
        assertEquals("the payload is a range of the array, not a copy", 7,
                decoded.fields().bytes("data").orElseThrow()[0]);
        assertFalse(CODEC.decode(around, 5, encoded.length).verify(ALICE_KEYS.publicKey()));
    }

    @Test
    public void aPayloadIsParsedFromARangeOfALargerArray() {
        byte[] encoded = Payload.builder().text("name", "n").bytes("data", new byte[] {4, 5}).toBytes();
        byte[] around = new byte[encoded.length + 6];
        System.arraycopy(encoded, 0, around, 3, encoded.length);

        Payload parsed = Payload.parse(around, 3, encoded.length);
        assertEquals(Payload.parse(encoded), parsed);
        assertArrayEquals(new byte[] {4, 5}, parsed.bytes("data").orElseThrow());
        assertEquals(2, parsed.view("data").orElseThrow().remaining());
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(around, 3, encoded.length - 1));
        assertRefused(PacketException.Reason.MALFORMED_PAYLOAD, () -> Payload.parse(around, 3, encoded.length + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Payload.parse(around, 3, around.length));
    }

    @Test
    public void anEncodedPacketIsNestedAsItIsAndCheckedAsAPacketIs() {
        Packet data = storedData();
        byte[] encoded = CODEC.encode(data);

        byte[] nested = Payload.builder().packet("packet", encoded, CODEC).toBytes();
        assertArrayEquals(Payload.builder().packet("packet", data, CODEC).toBytes(), nested);
        assertEquals(data, Payload.parse(nested).packet("packet", CODEC, ALICE, KEYS));

        Payload built = Payload.builder().packet("packet", encoded, CODEC).build();
        encoded[encoded.length - 1] ^= 1;
        assertEquals("a built payload keeps its own copy", data, built.packet("packet", CODEC, ALICE, KEYS));

        assertRefused(PacketException.Reason.BAD_MAGIC, () -> Payload.builder().packet("packet", new byte[80],
                CODEC));
        byte[] outer = CODEC.encode(Packet.sign(Command.DATA, ALICE, ALICE, "outer", DATE, BOB,
                Payload.builder().packet("packet", data, CODEC).toBytes(), ALICE_KEYS));
        assertThrows(IllegalArgumentException.class, () -> Payload.builder().packet("packet", outer, CODEC));
        assertRefused(PacketException.Reason.TOO_LONG, () -> Payload.builder().packet("packet", CODEC.encode(data),
                new PacketCodec(10)));
    }

    @Test
    public void aPacketLyingWhereItsFieldsValueGoesIsNestedWithoutACopy() {
        Packet data = storedData();
        byte[] encoded = CODEC.encode(data);
        byte[] expected = Payload.builder().packet("packet", encoded, CODEC).toBytes();
        int at = expected.length - encoded.length;
        byte[] buffer = new byte[expected.length];
        System.arraycopy(encoded, 0, buffer, at, encoded.length);

        Payload built = Payload.builder().packet("packet", buffer, at, encoded.length, CODEC, Map.of()).buildIn(buffer);
        assertArrayEquals(expected, buffer);
        assertEquals(data, built.packet("packet", CODEC, ALICE, KEYS));
        assertSame("the payload is read from the buffer it was written around", buffer,
                built.range("packet").orElseThrow().array());
        assertThrows(IndexOutOfBoundsException.class, () -> Payload.builder().packet("packet", buffer, at,
                encoded.length + 1, CODEC, Map.of()));
        assertThrows("a range one byte short", PacketException.class, () -> Payload.builder().packet("packet", buffer,
                at, encoded.length - 1, CODEC, Map.of()));
    }

    @Test
    public void nestingGoesOneLevelDeep() {
        Packet inner = Packet.sign(Command.DATA, ALICE, ALICE, "inner", DATE, BOB, new byte[0], ALICE_KEYS);
        Packet outer = Packet.sign(Command.DATA, ALICE, ALICE, "outer", DATE, BOB,
                Payload.builder().packet("packet", inner, CODEC).toBytes(), ALICE_KEYS);
        assertThrows(IllegalArgumentException.class, () -> Payload.builder().packet("packet", outer, CODEC));
        assertThrows(IllegalArgumentException.class, () -> Payload.builder().packet("a", inner, CODEC)
                .packet("b", inner, CODEC));

        // Written by hand, as a hostile peer would: type 2 holding a packet that nests another.
        byte[] value = CODEC.encode(outer);
        byte[] name = "packet".getBytes();
        java.nio.ByteBuffer handMade = java.nio.ByteBuffer.allocate(2 + 1 + name.length + 1 + 4 + value.length);
        handMade.put((byte) 1).put((byte) 1).put((byte) name.length).put(name).put((byte) 2).putInt(value.length)
                .put(value);
        Payload hostile = Payload.parse(handMade.array());
        PacketException deep = assertRefused(PacketException.Reason.BAD_NESTED_PACKET,
                () -> hostile.packet("packet", CODEC, ALICE, KEYS));
        assertTrue(deep.getMessage(), deep.getMessage().contains("one level deep"));
        assertFalse(Payload.parse(Payload.builder().bytes("data", new byte[3]).toBytes()).hasPacket());
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }

    /** @return a Data packet as a supplier keeps it: an object's name and 50 bytes, signed by alice */
    private static Packet storedData() {
        return Packet.sign(Command.DATA, ALICE, ALICE, "stored", DATE, BOB,
                Payload.builder().text("name", "0/0/1/F1/0-1-Data").bytes("data", new byte[50]).toBytes(),
                ALICE_KEYS);
    }
}
