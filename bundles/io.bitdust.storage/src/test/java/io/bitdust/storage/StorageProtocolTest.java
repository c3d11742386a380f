package io.bitdust.storage;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.raid.EccMap;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.Test;

public class StorageProtocolTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    public void everyPayloadRoundTrips() {
        ServiceRequest request = new ServiceRequest("supplier", 123_456, EccMap.parse("ecc/4x4"), 3);
        assertEquals(request, ServiceRequest.parse(request.toBytes()));
        assertEquals(new ServiceCancel("supplier"), ServiceCancel.parse(new ServiceCancel("supplier").toBytes()));
        StoredData data = StoredData.parse(new StoredData("0/1/F1/0-3-Data", new byte[] {1, 2, 3}).toBytes());
        assertEquals("0/1/F1/0-3-Data", data.name());
        assertArrayEquals(new byte[] {1, 2, 3}, data.data());
        assertEquals(new RetrieveRequest("x"), RetrieveRequest.parse(new RetrieveRequest("x").toBytes()));
        assertEquals(new ListRequest(""), ListRequest.parse(new ListRequest("").toBytes()));
        DeleteRequest delete = new DeleteRequest(List.of("0/1", "0/2/F3"));
        assertEquals(delete, DeleteRequest.parse(delete.toBytes()));
    }

    @Test
    public void aDataPacketsNameIsCheckedAsTheWholeObjectIs() {
        SigningKeyPair keys = SigningKeyPair.generate(random);
        IdUrl alice = IdUrl.parse("http://127.0.0.1:8084/alice.json");
        IdUrl bob = IdUrl.parse("http://127.0.0.1:8084/bob.json");
        Function<byte[], Packet> data = payload -> Packet.sign(Command.DATA, alice, alice, "p", 1L, bob, payload, keys);

        assertEquals("0/1/F1/0-3-Data", StoredData.name(data.apply(new StoredData("0/1/F1/0-3-Data",
                new byte[] {1, 2, 3}).toBytes())));
        refused(() -> StoredData.name(data.apply(Payload.builder().text("name", "a\nb").bytes("data", new byte[0])
                .toBytes())), "control character");
        refused(() -> StoredData.name(data.apply(Payload.builder().text("name", "x").bytes("data",
                new byte[StorageProtocol.MAX_DATA_BYTES + 1]).toBytes())), "exceeds");
        refused(() -> StoredData.name(data.apply(Payload.builder().text("name", "x").toBytes())),
                "expected [data, name]");
    }

    @Test
    public void aDataPayloadIsWrittenFromARangeIntoABufferAsToBytesGivesIt() {
        StoredData object = new StoredData("0/1/F1/0-1-Data", new byte[] {7, 8, 9});
        byte[] data = {0, 7, 8, 9, 0};
        int length = StoredData.encodedLength(object.name(), 3);
        byte[] buffer = new byte[length + 3];

        assertEquals(object.toBytes().length, length);
        byte[] sha256 = io.bitdust.crypto.Hashes.sha256(object.data());
        io.bitdust.transport.packet.Payload written = StoredData.buildIn(buffer, object.name(), data, 1, 3, sha256);
        assertArrayEquals(object.toBytes(), java.util.Arrays.copyOf(buffer, length));
        assertArrayEquals(object.toBytes(), written.toBytes());
        assertArrayEquals("the data's hash as given", sha256, written.sha256("data").orElseThrow());
        assertArrayEquals(object.toBytes(), StoredData.buildIn(new byte[length], object.name(), data, 1, 3, null)
                .toBytes());
        try {
            StoredData.buildIn(new byte[3], object.name(), data, 1, 3, sha256);
            fail("a buffer too short is refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("buffer"));
        }
        try {
            StoredData.buildIn(buffer, "bad\u0001name", data, 1, 3, null);
            fail("a bad name is refused as the constructor refuses it");
        } catch (BitDustException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("control character"));
        }
    }

    @Test
    public void theRequestServicePayloadIsByteExactAsDocumented() {
        byte[] bytes = new ServiceRequest("supplier", 1000, EccMap.parse("ecc/2x2"), 1).toBytes();
        // version 1, 4 fields, sorted: bytes, ecc, position, service (docs/protocol.md §3.1)
        String hex = java.util.HexFormat.of().formatHex(bytes);
        assertEquals("0104"
                + "05" + "6279746573" + "01" + "00000004" + "31303030"
                + "03" + "656363" + "01" + "00000007" + "6563632f327832"
                + "08" + "706f736974696f6e" + "01" + "00000001" + "31"
                + "07" + "73657276696365" + "01" + "00000008" + "737570706c696572", hex);
    }

    @Test
    public void badRequestsNameTheirField() {
        refused(() -> ServiceRequest.parse(Payload.builder().text("service", "supplier").text("bytes", "12")
                .text("ecc", "ecc/4x4").text("position", "4").toBytes()), "position");
        refused(() -> ServiceRequest.parse(Payload.builder().text("service", "supplier").text("bytes", "-1")
                .text("ecc", "ecc/4x4").text("position", "0").toBytes()), "bytes");
        refused(() -> ServiceRequest.parse(Payload.builder().text("service", "supplier").text("bytes", "012")
                .text("ecc", "ecc/4x4").text("position", "0").toBytes()), "bytes");
        refused(() -> ServiceRequest.parse(Payload.builder().text("service", "supplier").text("bytes", "12")
                .text("ecc", "ecc/5x5").text("position", "0").toBytes()), "ecc/5x5");
        refused(() -> ServiceRequest.parse(Payload.builder().text("service", "supplier").toBytes()),
                "expected [bytes, ecc, position, service]");
        refused(() -> StoredData.parse(Payload.builder().text("name", "a\nb").bytes("data", new byte[0]).build()
                .toBytes()), "control character");
        refused(() -> new RetrieveRequest("x".repeat(StorageProtocol.MAX_NAME_BYTES + 1)), "exceeds");
        refused(() -> DeleteRequest.parse(Payload.builder().text("names", "a\n\nb").toBytes()), "empty");
    }

    @Test
    public void aDeleteCoversItsNamesAndWhatLiesUnderThem() {
        DeleteRequest delete = new DeleteRequest(List.of("0/1", "0/2/F3"));
        assertTrue(delete.covers("0/1"));
        assertTrue(delete.covers("0/1/F2/0-0-Data"));
        assertTrue(delete.covers("0/2/F3/5-1-Parity"));
        assertFalse(delete.covers("0/10/F2/0-0-Data"));
        assertFalse(delete.covers("0/2/F30/0-0-Data"));
        assertFalse(delete.covers("0"));
    }

    @Test
    public void aListingIsSealedToTheCustomerAndReadOnlyByIt() {
        AgreementKeyPair customer = AgreementKeyPair.generate(random);
        Listing listing = new Listing(1000, 300, List.of(new Listing.Entry("b", 100, 2), new Listing.Entry("a b", 200,
                1)));
        assertEquals("L1 1000 300 2\n200 1 a b\n100 2 b\n", new String(listing.toText()));
        byte[] files = listing.seal(customer.publicKey(), random);
        assertEquals(listing, Listing.open(customer, files));
        refused(() -> Listing.open(AgreementKeyPair.generate(random), files), "not sealed to me");
        refused(() -> Listing.parseText("L1 10 0 2\n1 1 a\n".getBytes()), "announces 2 objects and holds 1");
    }

    @Test
    public void contractSizesFollowTheOriginal() {
        assertEquals(64L, StorageProtocol.bytesPerSupplier(128, 4));
        assertEquals(67L, StorageProtocol.bytesPerSupplier(100, 3));
        assertEquals("ecc/7x7", StorageProtocol.eccMap(7).name());
        refused(() -> StorageProtocol.eccMap(5), "allowed: 2, 4, 7, 13, 18, 26, 64");
    }

    private static void refused(Supplier<?> call, String expected) {
        try {
            call.get();
            fail("accepted; expected a refusal mentioning " + expected);
        } catch (BitDustException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    private static void refused(Runnable call, String expected) {
        refused(() -> {
            call.run();
            return null;
        }, expected);
    }
}
