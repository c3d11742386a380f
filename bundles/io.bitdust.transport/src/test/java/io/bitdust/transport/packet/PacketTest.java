package io.bitdust.transport.packet;

import static io.bitdust.transport.packet.Packets.ALICE;
import static io.bitdust.transport.packet.Packets.ALICE_KEYS;
import static io.bitdust.transport.packet.Packets.BOB;
import static io.bitdust.transport.packet.Packets.CAROL;
import static io.bitdust.transport.packet.Packets.DATE;
import static io.bitdust.transport.packet.Packets.MALLORY_KEYS;
import static io.bitdust.transport.packet.Packets.ascii;
import static io.bitdust.transport.packet.Packets.assertRefused;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.transport.packet.PacketException.Reason;
import org.junit.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

public class PacketTest {
    @Test
    public void signedPacketVerifiesWithTheCreatorsKeyOnly() {
        Packet packet = Packets.sample(100);
        assertTrue(packet.verify(ALICE_KEYS.publicKey()));
        assertFalse(packet.verify(MALLORY_KEYS.publicKey()));
        assertEquals(64, packet.signature().length);
    }

    @Test
    public void aDecodedPacketChecksTheSameWithEachKeyEveryTime() {
        PacketCodec codec = new PacketCodec();
        Packet decoded = codec.decode(codec.encode(Packets.sample(4096)));
        for (int i = 0; i < 2; i++) {
            assertTrue(decoded.verify(ALICE_KEYS.publicKey()));
            assertFalse(decoded.verify(MALLORY_KEYS.publicKey()));
        }
        byte[] forged = codec.encode(Packets.sample(4096));
        forged[forged.length - 65] ^= 1;
        Packet tampered = codec.decode(forged);
        assertFalse(tampered.verify(ALICE_KEYS.publicKey()));
        assertFalse(tampered.verify(ALICE_KEYS.publicKey()));
    }

    @Test
    public void aPacketSignedOverARangeIsThePacketOfThoseBytes() {
        byte[] buffer = ascii("..payload..");
        Packet ranged = Packet.sign(Command.DATA, ALICE, ALICE, "r", DATE, BOB, buffer, 2, 7,
                message -> io.bitdust.crypto.Signatures.sign(ALICE_KEYS, message));
        Packet whole = Packet.sign(Command.DATA, ALICE, ALICE, "r", DATE, BOB, ascii("payload"), ALICE_KEYS);

        assertEquals(whole, ranged);
        assertArrayEquals(ascii("payload"), ranged.payload());
        assertEquals(7, ranged.payloadLength());
        assertTrue(ranged.verify(ALICE_KEYS.publicKey()));
        PacketCodec codec = new PacketCodec();
        assertArrayEquals(codec.encode(whole), codec.encode(ranged));
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        try {
            codec.write(ranged, written);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertArrayEquals(codec.encode(whole), written.toByteArray());
        assertEquals(codec.encode(whole).length, codec.encodedLength(ranged));
        org.junit.Assert.assertThrows(IndexOutOfBoundsException.class, () -> Packet.sign(Command.DATA, ALICE, ALICE,
                "r", DATE, BOB, buffer, 5, 7, message -> io.bitdust.crypto.Signatures.sign(ALICE_KEYS, message)));
    }

    @Test
    public void signingIsDeterministicAndCoversEveryField() {
        Packet base = Packet.sign(Command.DATA, CAROL, ALICE, "id", DATE, BOB, ascii("payload"), ALICE_KEYS);
        assertEquals(base, Packet.sign(Command.DATA, CAROL, ALICE, "id", DATE, BOB, ascii("payload"), ALICE_KEYS));
        Packet[] variants = {
            Packet.sign(Command.ACK, CAROL, ALICE, "id", DATE, BOB, ascii("payload"), ALICE_KEYS),
            Packet.sign(Command.DATA, ALICE, ALICE, "id", DATE, BOB, ascii("payload"), ALICE_KEYS),
            Packet.sign(Command.DATA, CAROL, BOB, "id", DATE, BOB, ascii("payload"), ALICE_KEYS),
            Packet.sign(Command.DATA, CAROL, ALICE, "ie", DATE, BOB, ascii("payload"), ALICE_KEYS),
            Packet.sign(Command.DATA, CAROL, ALICE, "id", DATE + 1, BOB, ascii("payload"), ALICE_KEYS),
            Packet.sign(Command.DATA, CAROL, ALICE, "id", DATE, CAROL, ascii("payload"), ALICE_KEYS),
            Packet.sign(Command.DATA, CAROL, ALICE, "id", DATE, BOB, ascii("payloae"), ALICE_KEYS),
        };
        for (Packet variant : variants) {
            assertNotEquals(base, variant);
            assertFalse(variant.toString(), Arrays.equals(base.signature(), variant.signature()));
        }
    }

    @Test
    public void payloadIsTakenInWithoutACopyAndHandedOutAsOne() {
        byte[] payload = ascii("secret");
        Packet packet = Packets.aliceToBob(Command.MESSAGE, "m1", payload);
        packet.payload()[1] = 'X';
        assertArrayEquals(ascii("secret"), packet.payload());
        ByteBuffer buffer = packet.payloadBuffer();
        assertTrue(buffer.isReadOnly());
        assertEquals(6, buffer.remaining());
        assertEquals(6, packet.payloadLength());
        assertTrue(packet.verify(ALICE_KEYS.publicKey()));

        payload[0] = 'X';
        assertArrayEquals("the packet refers to the array it was signed with (a fragment's is several MB)",
                ascii("Xecret"), packet.payload());
    }

    @Test
    public void toStringNamesTheFieldsButNeverThePayload() {
        String text = Packets.aliceToBob(Command.MESSAGE, "m1", ascii("top secret")).toString();
        assertEquals("Packet[MESSAGE id=m1 owner=" + ALICE + " creator=" + ALICE + " remote=" + BOB + " date=" + DATE
                + " payload=10 bytes]", text);
    }

    @Test
    public void packetIdMustBeShortPrintableAscii() {
        StringBuilder longest = new StringBuilder();
        for (int c = 0x20; longest.length() < Packet.MAX_PACKET_ID_LENGTH; c = c == 0x7e ? 0x20 : c + 1) {
            longest.append((char) c);
        }
        assertEquals(longest.toString(), Packets.aliceToBob(Command.ACK, longest.toString(), new byte[0]).packetId());
        for (String bad : new String[] {"", longest + "x", "tab\there", "caf\u00e9", "nul\u0000", "del\u007f"}) {
            PacketException e = assertRefused(Reason.MALFORMED_FIELD,
                    () -> Packets.aliceToBob(Command.ACK, bad, new byte[0]));
            assertTrue(e.getMessage(), e.getMessage().contains("1 to 128 printable ASCII characters"));
        }
    }
}
