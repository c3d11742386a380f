package io.bitdust.transport.packet;

import static io.bitdust.transport.packet.Packets.ALICE;
import static io.bitdust.transport.packet.Packets.ALICE_KEYS;
import static io.bitdust.transport.packet.Packets.BOB;
import static io.bitdust.transport.packet.Packets.CAROL;
import static io.bitdust.transport.packet.Packets.DATE;
import static io.bitdust.transport.packet.Packets.ascii;
import static io.bitdust.transport.packet.Packets.assertRefused;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.Signatures;
import io.bitdust.transport.packet.PacketException.Reason;
import org.junit.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

public class PacketCodecTest {
    /** The test vector of docs/protocol.md §2: Ed25519 is deterministic, so the signature is fixed too. */
    private static final String TEST_VECTOR = "4244504b0105"
            + "0021" + "68747470733a2f2f69642e6578616d706c652e6f72672f6361726f6c2e6a736f6e"
            + "0020" + "687474703a2f2f3132372e302e302e313a383038342f616c6963652e6a736f6e"
            + "0005" + "302f312f32"
            + "0000018bcfe56800"
            + "0023" + "687474703a2f2f69642e6578616d706c652e6f72673a383038342f626f622e6a736f6e"
            + "00000002" + "6869"
            + "42f57f742474e53ff8094c8f77417fe1c7413f116912cda10b65470c80df792e"
            + "392b544466d07a7921691bc9494e9a004a5840fcc7e706728f484bb396a8510c";

    private final PacketCodec codec = new PacketCodec();

    @Test
    public void everyCommandRoundTripsWithEmptySmallAndLargePayloads() throws IOException {
        for (Command command : Command.values()) {
            for (int length : new int[] {0, 1, 37, 1 << 20}) {
                Packet packet = Packets.aliceToBob(command, "id-" + command.code(), Packets.bytes(length, length));
                byte[] encoded = codec.encode(packet);
                assertEquals(codec.encodedLength(packet), encoded.length);
                assertRoundTrip(packet, encoded);
            }
        }
    }

    @Test
    public void payloadOfExactlyTheLimitRoundTrips() throws IOException {
        Packet packet = Packets.sample(PacketCodec.DEFAULT_MAX_PAYLOAD);
        assertRoundTrip(packet, codec.encode(packet));
    }

    @Test
    public void encodingIsExactlyTheDocumentedBytes() throws IOException {
        Packet packet = Packet.sign(Command.RETRIEVE, CAROL, ALICE, "0/1/2", DATE, BOB, ascii("hi"), ALICE_KEYS);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.write(ascii("BDPK"));
        out.writeByte(1);
        out.writeByte(5);
        for (String field : new String[] {CAROL.toString(), ALICE.toString(), "0/1/2"}) {
            out.writeShort(field.length());
            out.write(ascii(field));
        }
        out.writeLong(DATE);
        out.writeShort(BOB.toString().length());
        out.write(ascii(BOB.toString()));
        out.writeInt(2);
        out.write(ascii("hi"));
        byte[] signed = expected.toByteArray();
        out.write(packet.signature());

        assertArrayEquals(expected.toByteArray(), codec.encode(packet));
        assertEquals(TEST_VECTOR, HexFormat.of().formatHex(codec.encode(packet)));
        assertEquals("zswVB9wd3XKVlRwpCIjwla25BE0bc9aW5t8GXWg71Pw", ALICE_KEYS.publicKey().toString());
        byte[] message = ByteBuffer.allocate(17 + 32).put(ascii("bitdust/packet/v1")).put(Hashes.sha256(signed))
                .array();
        assertTrue(Signatures.verify(ALICE_KEYS.publicKey(), message, packet.signature()));
    }

    @Test
    public void readConsumesExactlyOnePacket() throws IOException {
        Packet first = Packets.sample(100);
        Packet second = Packets.aliceToBob(Command.ACK, "ack", new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(first, out);
        codec.write(second, out);
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(first, codec.read(in));
        assertEquals(second, codec.read(in));
        assertEquals(-1, in.read());
    }

    @Test
    public void readReassemblesAStreamThatDeliversOneByteAtATime() throws IOException {
        Packet packet = Packets.sample(1000);
        byte[] encoded = codec.encode(packet);
        InputStream trickle = new ByteArrayInputStream(encoded) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertEquals(packet, codec.read(trickle));
    }

    @Test
    public void truncationAtEveryPositionIsRefused() {
        byte[] encoded = codec.encode(Packets.sample(50));
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertRefused(Reason.TRUNCATED, () -> codec.decode(truncated));
            assertRefused(Reason.TRUNCATED, () -> read(truncated));
        }
    }

    @Test
    public void trailingBytesAreRefused() {
        byte[] encoded = codec.encode(Packets.sample(50));
        PacketException e = assertRefused(Reason.TRAILING_BYTES,
                () -> codec.decode(Arrays.copyOf(encoded, encoded.length + 3)));
        assertEquals("3 bytes follow the packet, which ends at byte " + encoded.length, e.getMessage());
    }

    @Test
    public void badMagicUnknownVersionAndUnknownCommandAreRefused() {
        byte[] encoded = codec.encode(Packets.sample(10));
        assertRefused(Reason.BAD_MAGIC, () -> codec.decode(with(encoded, 0, 'b')));
        assertRefused(Reason.BAD_MAGIC, () -> codec.decode(ascii("GET / HTTP/1.1\r\n\r\n")));
        PacketException version = assertRefused(Reason.UNSUPPORTED_VERSION, () -> codec.decode(with(encoded, 4, 2)));
        assertEquals("packet version 2 is not supported, only 1", version.getMessage());
        assertRefused(Reason.UNSUPPORTED_VERSION, () -> codec.decode(with(encoded, 4, 0)));
        assertRefused(Reason.UNKNOWN_COMMAND, () -> codec.decode(with(encoded, 5, 0)));
        assertRefused(Reason.UNKNOWN_COMMAND, () -> codec.decode(with(encoded, 5, 0xff)));
    }

    @Test
    public void lyingLengthFieldsAreRefused() {
        Packet packet = Packets.sample(300);
        byte[] encoded = codec.encode(packet);
        Packets.Layout layout = new Packets.Layout(packet);
        int[] shortFields = {layout.ownerLength, layout.creatorLength, layout.packetIdLength, layout.remoteLength};
        for (int offset : shortFields) {
            int length = ByteBuffer.wrap(encoded).getShort(offset) & 0xffff;
            for (int lie : new int[] {length - 1, length + 1, 0, 0x7fff, 0xffff}) {
                byte[] lying = encoded.clone();
                ByteBuffer.wrap(lying).putShort(offset, (short) lie);
                assertAnyRefusal(() -> codec.decode(lying));
                assertAnyRefusal(() -> read(lying));
            }
        }
        for (long lie : new long[] {299, 301, 0, 0x7fffffffL, 0xffffffffL}) {
            byte[] lying = encoded.clone();
            ByteBuffer.wrap(lying).putInt(layout.payloadLength, (int) lie);
            assertAnyRefusal(() -> codec.decode(lying));
            assertRefusedOrForged(() -> read(lying));
        }
    }

    @Test
    public void oversizeLengthsAreRefusedBeforeAllocating() {
        Packet packet = Packets.sample(10);
        Packets.Layout layout = new Packets.Layout(packet);
        byte[] header = Arrays.copyOf(codec.encode(packet), layout.payload);
        ByteBuffer.wrap(header).putInt(layout.payloadLength, Integer.MAX_VALUE);
        PacketException e = assertRefused(Reason.TOO_LONG, () -> codec.decode(header));
        assertEquals("payload length 2147483647 exceeds the limit 16842752", e.getMessage());
        ByteBuffer.wrap(header).putInt(layout.payloadLength, -1);
        e = assertRefused(Reason.TOO_LONG, () -> new PacketCodec(64 * 1024).decode(header));
        assertEquals("payload length 4294967295 exceeds the limit 65536", e.getMessage());
        ByteBuffer.wrap(header).putInt(layout.payloadLength, 65537);
        assertRefused(Reason.TOO_LONG, () -> new PacketCodec(64 * 1024).decode(header));

        byte[] idTooLong = header.clone();
        ByteBuffer.wrap(idTooLong).putShort(layout.packetIdLength, (short) 129);
        e = assertRefused(Reason.TOO_LONG, () -> codec.decode(idTooLong));
        assertEquals("the packet ID length 129 is not between 1 and 128", e.getMessage());
        byte[] ownerTooLong = header.clone();
        ByteBuffer.wrap(ownerTooLong).putShort(layout.ownerLength, (short) 0xffff);
        e = assertRefused(Reason.TOO_LONG, () -> codec.decode(ownerTooLong));
        assertEquals("the owner IDURL length 65535 is not between 1 and 256", e.getMessage());
    }

    @Test
    public void aPayloadLengthWithinTheLimitButBeyondTheInputIsTruncationNotAllocation() {
        Packet packet = Packets.sample(10);
        Packets.Layout layout = new Packets.Layout(packet);
        byte[] encoded = codec.encode(packet);
        ByteBuffer.wrap(encoded).putInt(layout.payloadLength, PacketCodec.DEFAULT_MAX_PAYLOAD);
        PacketException e = assertRefused(Reason.TRUNCATED, () -> codec.decode(encoded));
        assertEquals("truncated at byte " + layout.payload + ": the payload needs "
                + (PacketCodec.DEFAULT_MAX_PAYLOAD - 74) + " more bytes", e.getMessage());
    }

    @Test
    public void malformedFieldsAreRefused() {
        assertRefused(Reason.MALFORMED_FIELD, () -> codec.decode(encodeRaw("ftp://x.org/alice.json", "id")));
        assertRefused(Reason.MALFORMED_FIELD, () -> codec.decode(encodeRaw("http://x.org/a.json", "id")));
        PacketException e = assertRefused(Reason.MALFORMED_FIELD,
                () -> codec.decode(encodeRaw("HTTP://X.org:80/alice.json", "id")));
        assertEquals("the owner IDURL 'HTTP://X.org:80/alice.json' is not in normal form 'http://x.org/alice.json'",
                e.getMessage());
        assertRefused(Reason.MALFORMED_FIELD, () -> codec.decode(encodeRaw("http://x.org/al\u0000ce.json", "id")));
        assertRefused(Reason.MALFORMED_FIELD, () -> codec.decode(encodeRaw("", "id")));
        assertRefused(Reason.MALFORMED_FIELD, () -> codec.decode(encodeRaw(ALICE.toString(), "")));
        e = assertRefused(Reason.MALFORMED_FIELD, () -> codec.decode(encodeRaw(ALICE.toString(), "a\nb")));
        assertEquals("the packet ID has the byte 0x0a at byte " + (6 + 2 + 32 + 2 + 32 + 2 + 1)
                + "; only printable ASCII is allowed", e.getMessage());
        assertRefused(Reason.MALFORMED_FIELD, () -> codec.decode(encodeRaw(ALICE.toString(), "caf\u00e9")));
    }

    @Test
    public void encodingRefusesAPayloadOverTheLimit() {
        PacketCodec small = new PacketCodec(1024);
        Packet packet = Packets.sample(1025);
        assertRefused(Reason.TOO_LONG, () -> small.encode(packet));
        assertRefused(Reason.TOO_LONG, () -> {
            try {
                small.write(packet, new ByteArrayOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(1024, small.maxPayload());
        assertEquals(PacketCodec.DEFAULT_MAX_PAYLOAD, codec.maxPayload());
    }

    @Test
    public void payloadLimitMustBeSane() {
        for (int limit : new int[] {-1, PacketCodec.LARGEST_MAX_PAYLOAD + 1, Integer.MAX_VALUE}) {
            try {
                new PacketCodec(limit);
                throw new AssertionError("accepted the limit " + limit);
            } catch (BitDustException e) {
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            }
        }
        assertEquals(0, new PacketCodec(0).maxPayload());
    }

    private void assertRoundTrip(Packet packet, byte[] encoded) throws IOException {
        Packet decoded = codec.decode(encoded);
        assertEquals(packet, decoded);
        assertTrue(decoded.verify(ALICE_KEYS.publicKey()));
        assertArrayEquals(encoded, codec.encode(decoded));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(packet, out);
        assertArrayEquals(encoded, out.toByteArray());
        assertEquals(packet, codec.read(new ByteArrayInputStream(encoded)));
    }

    private Packet read(byte[] bytes) {
        try {
            return codec.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] with(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        copy[offset] = (byte) value;
        return copy;
    }

    /** A stream read stops at the claimed end: a shorter payload leaves bytes unread, and the signature fails. */
    private static void assertRefusedOrForged(Supplier<Packet> read) {
        try {
            assertFalse(read.get().verify(ALICE_KEYS.publicKey()));
        } catch (PacketException e) {
            assertTrue(e.getMessage(), e.reason() == Reason.TRUNCATED || e.reason() == Reason.TOO_LONG);
        }
    }

    private static void assertAnyRefusal(Runnable action) {
        try {
            action.run();
        } catch (PacketException e) {
            return;
        }
        throw new AssertionError("expected a PacketException");
    }

    /** Encodes a packet by hand, with an owner IDURL and packet ID that {@link Packet#sign} would not accept. */
    private static byte[] encodeRaw(String owner, String packetId) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(ascii("BDPK"));
            out.writeByte(1);
            out.writeByte(Command.DATA.code());
            byte[] ownerBytes = owner.getBytes(StandardCharsets.ISO_8859_1);
            out.writeShort(ownerBytes.length);
            out.write(ownerBytes);
            out.writeShort(ALICE.toString().length());
            out.write(ascii(ALICE.toString()));
            byte[] id = packetId.getBytes(StandardCharsets.ISO_8859_1);
            out.writeShort(id.length);
            out.write(id);
            out.writeLong(DATE);
            out.writeShort(BOB.toString().length());
            out.write(ascii(BOB.toString()));
            out.writeInt(0);
            out.write(new byte[64]);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
