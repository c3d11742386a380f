package io.bitdust.customers.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.config.internal.Options;
import io.bitdust.crypto.Signatures;
import io.bitdust.customers.dto.CustomerDTO;
import io.bitdust.customers.dto.SpaceDonatedDTO;
import io.bitdust.customers.internal.Fakes.Cache;
import io.bitdust.customers.internal.Fakes.FileIds;
import io.bitdust.customers.internal.Fakes.Mine;
import io.bitdust.customers.internal.Fakes.MovingClock;
import io.bitdust.customers.internal.Fakes.Peer;
import io.bitdust.customers.internal.Fakes.Wire;
import io.bitdust.derby.Database;
import io.bitdust.identity.Identity;
import io.bitdust.identity.ServiceOffer;
import io.bitdust.raid.EccMap;
import io.bitdust.storage.DeleteRequest;
import io.bitdust.storage.ListRequest;
import io.bitdust.storage.Listing;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.ServiceCancel;
import io.bitdust.storage.ServiceRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.PacketException;
import io.bitdust.transport.packet.Payload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CustomerDeskTest {
    private static final EccMap ECC = EccMap.parse("ecc/2x2");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final PacketCodec codec = new PacketCodec();
    private final MovingClock clock = new MovingClock();
    private final Peer me = new Peer("supplier");
    private final Peer alice = new Peer("alice");
    private final Peer bob = new Peer("bob");
    private final Cache cache = new Cache();
    private final FileIds fileIds = new FileIds();
    private Path data;
    private Database database;
    private Options config;
    private Wire wire;
    private Mine mine;
    private CustomerDesk desk;

    @Before
    public void setUp() throws IOException {
        data = folder.newFolder("node").toPath();
        database = Database.embedded(data, CustomerDesk.SCHEMA);
        config = new Options(data.resolve("options.properties"), null, Map.of());
        wire = new Wire(me, clock);
        mine = new Mine(me);
        cache.put(alice);
        cache.put(bob);
        desk = start(CustomerDesk.WORKERS, CustomerDesk.QUEUE);
        config.set("services/supplier/donated-space", "1 MB");
    }

    @After
    public void tearDown() {
        if (desk != null) {
            desk.close();
        }
        database.close();
    }

    private CustomerDesk start(int workers, int queue) {
        return new CustomerDesk(data, database, wire, mine, cache, config, codec, fileIds, clock, workers, queue);
    }

    @Test
    public void requestServiceIsAcceptedAndTheContractKept() {
        Packet request = request(alice, 100_000, 1);
        assertAck("accepted", answer(request));

        List<CustomerDTO> customers = desk.customers();
        assertEquals(1, customers.size());
        CustomerDTO customer = customers.get(0);
        assertEquals(alice.idurl.toString(), customer.idurl);
        assertEquals("ecc/2x2", customer.eccMap);
        assertEquals(1, customer.position);
        assertEquals(100_000, customer.allocatedBytes);
        assertEquals(0, customer.usedBytes);
        assertEquals(java.time.Instant.ofEpochMilli(request.date()).toString(), customer.since);
        assertEquals(1, cache.holds(alice.idurl));
        SpaceDonatedDTO space = desk.space();
        assertEquals(1 << 20, space.donatedBytes);
        assertEquals(100_000, space.allocatedBytes);
        assertEquals((1 << 20) - 100_000, space.freeBytes);
        String pinned = database.first("SELECT SIGNING_KEY FROM CONTRACTS", row -> row.getString(1)).orElseThrow();
        assertEquals(alice.signing.publicKey().toString(), pinned);
    }

    @Test
    public void requestServiceRefusalsNameTheReasonAndChangeNothing() {
        assertFail("no-space", answer(request(alice, 2 << 20, 0)));
        assertFail("malformed", answer(alice.packet(Command.REQUEST_SERVICE, alice.idurl, me.idurl, clock.millis(),
                Payload.builder().text("service", "supplier").text("bytes", "1000").text("ecc", "ecc/2x2")
                        .text("position", "2").build().toBytes())));
        Answer unknownMap = answer(alice.packet(Command.REQUEST_SERVICE, alice.idurl, me.idurl, clock.millis(),
                Payload.builder().text("service", "supplier").text("bytes", "1000").text("ecc", "ecc/3x3")
                        .text("position", "0").build().toBytes()));
        assertFail("malformed", unknownMap);
        assertTrue(text(unknownMap), text(unknownMap).contains("ecc/3x3"));
        assertFail("malformed", answer(alice.packet(Command.REQUEST_SERVICE, alice.idurl, me.idurl, clock.millis(),
                new byte[] {1, 2, 3})));
        assertFail("unknown-service", answer(alice.packet(Command.REQUEST_SERVICE, alice.idurl, me.idurl,
                clock.millis(), new ServiceRequest("proxy", 1000, ECC, 0).toBytes())));
        config.set("services/supplier/enabled", "false");
        assertFail("disabled", answer(request(alice, 1000, 0)));

        assertTrue(desk.customers().isEmpty());
        assertEquals(0L, (long) database.first("SELECT COUNT(*) FROM CONTRACTS", row -> row.getLong(1)).orElseThrow());
        assertEquals(Long.valueOf(3), desk.refusals().get("malformed"));
        assertEquals(Long.valueOf(1), desk.refusals().get("no-space"));
        assertEquals(Long.valueOf(1), desk.refusals().get("disabled"));
    }

    @Test
    public void aCustomersOldAllocationCountsAsFreeForItsOwnRequest() {
        assertAck("accepted", answer(request(alice, 800_000, 0)));
        clock.advance(Duration.ofSeconds(1));
        assertAck("accepted", answer(request(alice, 900_000, 0)));
        assertEquals(900_000, desk.customers().get(0).allocatedBytes);
        assertFail("no-space", answer(request(bob, 200_000, 1)));
        assertAck("accepted", answer(request(bob, (1 << 20) - 900_000, 1)));
    }

    @Test
    public void aRequestServiceOlderThanTheContractIsRefused() {
        long earlier = clock.millis() - 1000;
        assertAck("accepted", answer(request(alice, 100_000, 0)));
        assertFail("stale", answer(alice.packet(Command.REQUEST_SERVICE, alice.idurl, me.idurl, earlier,
                new ServiceRequest("supplier", 500_000, ECC, 1).toBytes())));
        assertEquals(100_000, desk.customers().get(0).allocatedBytes);
        assertEquals(0, desk.customers().get(0).position);
    }

    @Test
    public void dataIsStoredAndRetrievedNestedByteIdentical() throws IOException {
        hire(alice, 100_000);
        Packet stored = data(alice, "0/0/F1/0-0-Data", bytes(5000), clock.millis());
        Answer ack = answer(stored);
        long used = codec.encodedLength(stored) + CustomerDesk.OBJECT_OVERHEAD;
        assertAck("stored " + used + " of 100000", ack);

        Answer retrieved = answer(retrieve(alice, "0/0/F1/0-0-Data"));
        assertEquals(Command.DATA, retrieved.command());
        Packet inner = Payload.parse(retrieved.payload()).packet(RetrieveRequest.ANSWER_FIELD, codec, alice.idurl,
                idurl -> alice.signing.publicKey());
        assertEquals(stored, inner);
        assertArrayEquals(codec.encode(stored), codec.encode(inner));
        assertArrayEquals(codec.encode(stored), Files.readAllBytes(storedFiles().get(0)));
        assertEquals(used, desk.customers().get(0).usedBytes);
        assertEquals(1, desk.customers().get(0).files);
        assertFail("not-found", answer(retrieve(alice, "0/0/F1/1-0-Data")));
    }

    @Test
    public void aStoredObjectDamagedOnDiskGoesOutAsItIsSignedByMeSoTheCustomerNamesThisSupplier() throws IOException {
        hire(alice, 100_000);
        String name = "0/0/F1/0-0-Data";
        Packet stored = data(alice, name, bytes(5000), clock.millis());
        assertAck("stored", answer(stored));
        Packet request = retrieve(alice, name);
        Packet intact = received(request, answer(request));
        assertTrue(intact.verify(me.signing.publicKey()));
        assertEquals(stored, intact.fields().packet(RetrieveRequest.ANSWER_FIELD, codec, alice.idurl,
                idurl -> alice.signing.publicKey()));
        database.update("UPDATE OBJECTS SET DATA_SHA256 = NULL, FILE_CRC32C = NULL");
        assertEquals("an object stored before its hash was kept", intact, received(request, answer(request)));

        assertAck("stored", answer(data(alice, name, bytes(5000), clock.millis() + 1)));
        Path file = fileOf(name);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        Packet damaged = received(request, answer(request));
        assertTrue("my signature covers what I send", damaged.verify(me.signing.publicKey()));
        PacketException refused = assertThrows(PacketException.class, () -> damaged.fields().packet(
                RetrieveRequest.ANSWER_FIELD, codec, alice.idurl, idurl -> alice.signing.publicKey()));
        assertEquals(PacketException.Reason.BAD_NESTED_PACKET, refused.reason());
    }

    @Test
    public void overQuotaIsRefusedAndNothingWritten() throws IOException {
        hire(alice, 8000);
        assertAck("stored", answer(data(alice, "a", bytes(3000), clock.millis())));
        Map<Path, byte[]> before = snapshot();

        assertFail("quota", answer(data(alice, "b", bytes(4000), clock.millis())));
        assertSnapshot(before);
        assertEquals(1, desk.customers().get(0).files);
        assertFail("not-found", answer(retrieve(alice, "b")));
        // replacing an object frees its old size
        assertAck("stored", answer(data(alice, "a", bytes(6000), clock.millis() + 1)));
    }

    @Test
    public void fileCountCapIsEnforced() {
        config.set("services/supplier/max-files-per-customer", "2");
        hire(alice, 100_000);
        assertAck("stored", answer(data(alice, "a", bytes(10), clock.millis())));
        assertAck("stored", answer(data(alice, "b", bytes(10), clock.millis())));
        assertFail("file-cap", answer(data(alice, "c", bytes(10), clock.millis())));
        assertAck("stored", answer(data(alice, "b", bytes(20), clock.millis() + 1)));
        assertEquals(2, storedFiles().size());
    }

    @Test
    public void aFirstDataWhoseCustomerFolderCannotBeMadeIsRefusedAsDiskAndStoredOnceItCan() throws IOException {
        hire(alice, 100_000);
        Path customerFolder = customerFolder(alice);
        Files.createDirectories(customerFolder.getParent());
        Files.write(customerFolder, bytes(10));
        Map<Path, byte[]> before = snapshot();
        Packet first = data(alice, "0/0/F1/0-0-Data", bytes(5000), clock.millis());

        assertFail("disk", answer(first));
        assertEquals(Map.of("disk", 1L), desk.refusals());
        assertSnapshot(before);
        assertEquals(0L, (long) database.first("SELECT COUNT(*) FROM OBJECTS", row -> row.getLong(1)).orElseThrow());
        assertEquals(0, desk.customers().get(0).usedBytes);
        assertEquals(0, desk.customers().get(0).files);
        assertFail("not-found", answer(retrieve(alice, "0/0/F1/0-0-Data")));

        Files.delete(customerFolder);
        long used = codec.encodedLength(first) + CustomerDesk.OBJECT_OVERHEAD;
        assertAck("stored " + used + " of 100000", answer(first));
        assertArrayEquals(codec.encode(first), retrievedBytes(alice, "0/0/F1/0-0-Data"));
        assertArrayEquals(codec.encode(first), Files.readAllBytes(fileOf("0/0/F1/0-0-Data")));
        assertEquals(used, desk.customers().get(0).usedBytes);
        assertEquals(1, desk.customers().get(0).files);
        assertEquals(Long.valueOf(1), desk.refusals().get("disk"));
    }

    @Test
    public void aDataWhoseShardFolderIsAFileIsRefusedAsDiskAndChangesNothing() throws IOException {
        hire(alice, 100_000);
        Packet kept = data(alice, "kept", bytes(700), clock.millis());
        assertAck("stored", answer(kept));
        CustomerDTO before = desk.customers().get(0);
        String shardName = HexFormat.of().toHexDigits((byte) (HexFormat.fromHexDigits(fileIdOf("kept"), 0, 2) ^ 1));
        Path shard = customerFolder(alice).resolve(shardName);
        Files.write(shard, bytes(10));
        Map<Path, byte[]> files = snapshot();
        fileIds.queue(shardName + hex(15));
        Packet added = data(alice, "added", bytes(900), clock.millis());

        assertFail("disk", answer(added));
        assertTrue("the file ID went to the shard that is a file", fileIds.drawn());
        assertEquals(Map.of("disk", 1L), desk.refusals());
        assertSnapshot(files);
        assertEquals(List.of("kept"), database.query("SELECT NAME FROM OBJECTS", row -> row.getString(1)));
        assertEquals(before.usedBytes, desk.customers().get(0).usedBytes);
        assertEquals(before.files, desk.customers().get(0).files);
        assertFail("not-found", answer(retrieve(alice, "added")));
        assertArrayEquals(codec.encode(kept), retrievedBytes(alice, "kept"));

        Files.delete(shard);
        long used = before.usedBytes + codec.encodedLength(added) + CustomerDesk.OBJECT_OVERHEAD;
        assertAck("stored " + used + " of 100000", answer(added));
        assertArrayEquals(codec.encode(added), retrievedBytes(alice, "added"));
        assertArrayEquals(codec.encode(kept), retrievedBytes(alice, "kept"));
        assertEquals(2, desk.customers().get(0).files);
        assertEquals(2, storedFiles().size());
        assertEquals(Long.valueOf(1), desk.refusals().get("disk"));
    }

    @Test
    public void aReplacementThatCannotBeWrittenLeavesTheStoredObjectByteForByte() throws IOException {
        hire(alice, 100_000);
        long t = clock.millis();
        Packet old = data(alice, "x", bytes(3000), t);
        assertAck("stored", answer(old));
        String oldId = fileIdOf("x");
        Path oldFile = fileOf("x");
        CustomerDTO before = desk.customers().get(0);
        // the replacement's file is written beside the old one, then cannot be renamed over the folder in its place:
        // the write fails after its temporary file was made
        String fileId = oldId.substring(0, 2) + hex(15);
        Path obstacle = oldFile.resolveSibling(fileId);
        Files.createDirectories(obstacle);
        Files.write(obstacle.resolve("in-the-way"), bytes(10));
        Map<Path, byte[]> files = snapshot();
        fileIds.queue(fileId);
        Packet replacement = data(alice, "x", bytes(4000), t + 1);

        assertFail("disk", answer(replacement));
        assertTrue("the file ID went to the obstacle", fileIds.drawn());
        assertEquals(Map.of("disk", 1L), desk.refusals());
        assertSnapshot(files);
        assertTrue(storedFiles().stream().noneMatch(file -> file.toString().endsWith(ObjectFiles.TEMP_SUFFIX)));
        assertEquals(List.of(oldId + " " + t), database.query("SELECT FILE_ID, SIGNED FROM OBJECTS",
                row -> row.getString(1) + " " + row.getLong(2)));
        assertEquals(before.usedBytes, desk.customers().get(0).usedBytes);
        assertEquals(before.files, desk.customers().get(0).files);
        assertArrayEquals(codec.encode(old), Files.readAllBytes(oldFile));
        assertArrayEquals(codec.encode(old), retrievedBytes(alice, "x"));

        Files.delete(obstacle.resolve("in-the-way"));
        Files.delete(obstacle);
        long used = codec.encodedLength(replacement) + CustomerDesk.OBJECT_OVERHEAD;
        assertAck("stored " + used + " of 100000", answer(replacement));
        assertArrayEquals(codec.encode(replacement), retrievedBytes(alice, "x"));
        assertFalse(Files.exists(oldFile));
        assertEquals(List.of(fileOf("x")), storedFiles());
        assertEquals(1, desk.customers().get(0).files);
        assertEquals(Long.valueOf(1), desk.refusals().get("disk"));
    }

    @Test
    public void dataFromANonCustomerAnotherOwnerOrAChangedKeyIsRefused() {
        assertFail("not-customer", answer(data(alice, "a", bytes(10), clock.millis())));
        hire(alice, 100_000);
        hire(bob, 100_000);
        Packet forAlice = bob.packet(Command.DATA, alice.idurl, me.idurl, clock.millis(),
                new StoredData("a", bytes(10)).toBytes());
        assertFail("owner", answer(forAlice));

        alice.signing = io.bitdust.crypto.SigningKeyPair.generate(Fakes.RANDOM);
        cache.put(alice);
        assertFail("key-changed", answer(data(alice, "a", bytes(10), clock.millis())));
        assertFail("key-changed", answer(retrieve(alice, "a")));
        assertTrue(storedFiles().isEmpty());
    }

    @Test
    public void namesNeverBecomePaths() throws IOException {
        hire(alice, 100_000);
        List<String> names = List.of("../../../../outside", "/etc/passwd", "..", "a/../../b", "C:\\x", "é/ü");
        for (String name : names) {
            assertAck("stored", answer(data(alice, name, name.getBytes(StandardCharsets.UTF_8), clock.millis())));
        }
        String keyHash = ObjectFiles.sha256(alice.signing.publicKey().bytes());
        List<Path> files = allFiles(data);
        for (Path file : files) {
            if (file.startsWith(data.resolve("customers"))) {
                Path relative = data.resolve("customers").relativize(file);
                assertEquals(file.toString(), 3, relative.getNameCount());
                assertEquals(keyHash, relative.getName(0).toString());
                assertTrue(file.toString(), relative.getName(2).toString().matches("[0-9a-f]{32}"));
            } else {
                assertTrue(file.toString(), file.startsWith(data.resolve("db"))
                        || file.equals(data.resolve("options.properties")));
            }
        }
        assertEquals(names.size(), storedFiles().size());
        for (String name : names) {
            Packet inner = Payload.parse(answer(retrieve(alice, name)).payload()).packet(RetrieveRequest.ANSWER_FIELD,
                    codec, alice.idurl, idurl -> alice.signing.publicKey());
            assertEquals(name, StoredData.parse(inner.payload()).name());
        }
    }

    @Test
    public void anotherCustomersDataCannotBeRetrievedOrDeleted() {
        hire(alice, 100_000);
        hire(bob, 100_000);
        assertAck("stored", answer(data(alice, "secret", bytes(100), clock.millis())));

        assertFail("not-found", answer(retrieve(bob, "secret")));
        assertFail("owner", answer(bob.packet(Command.RETRIEVE, alice.idurl, me.idurl, clock.millis(),
                new RetrieveRequest("secret").toBytes())));
        assertAck("deleted 0", answer(delete(bob, clock.millis() + 1000, "secret")));
        assertFail("owner", answer(bob.packet(Command.DELETE_FILE, alice.idurl, me.idurl, clock.millis() + 1000,
                new DeleteRequest(List.of("secret")).toBytes())));
        assertEquals(Command.DATA, answer(retrieve(alice, "secret")).command());
    }

    @Test
    public void anOlderDeleteKeepsNewerObjects() {
        hire(alice, 100_000);
        long t = clock.millis();
        assertAck("stored", answer(data(alice, "0/1/F1/0-0-Data", bytes(10), t)));
        assertAck("stored", answer(data(alice, "0/1/F2/0-0-Data", bytes(10), t + 2000)));
        assertAck("stored", answer(data(alice, "0/10/F1/0-0-Data", bytes(10), t)));

        Packet delete = alice.packet(Command.DELETE_BACKUP, alice.idurl, me.idurl, t + 1000,
                new DeleteRequest(List.of("0/1")).toBytes());
        assertAck("deleted 1", answer(delete));
        assertFail("not-found", answer(retrieve(alice, "0/1/F1/0-0-Data")));
        assertEquals(Command.DATA, answer(retrieve(alice, "0/1/F2/0-0-Data")).command());
        assertEquals(Command.DATA, answer(retrieve(alice, "0/10/F1/0-0-Data")).command());
        assertEquals(2, desk.customers().get(0).files);
        assertTrue(desk.space().pendingDeleteBytes > 0);
    }

    @Test
    public void olderDataDoesNotOverwriteNewer() {
        hire(alice, 100_000);
        long t = clock.millis();
        Packet newer = data(alice, "x", bytes(10), t);
        assertAck("stored", answer(newer));
        assertFail("older", answer(data(alice, "x", bytes(20), t - 1)));
        Packet inner = Payload.parse(answer(retrieve(alice, "x")).payload()).packet(RetrieveRequest.ANSWER_FIELD, codec,
                alice.idurl, idurl -> alice.signing.publicKey());
        assertEquals(newer, inner);
        assertEquals(1, storedFiles().size());
    }

    @Test
    public void theListingIsSealedToTheCustomerAndCorrect() {
        hire(alice, 100_000);
        long t = clock.millis();
        Packet a = data(alice, "0/1/a", bytes(10), t);
        Packet b = data(alice, "0/1/b", bytes(20), t + 1);
        answer(a);
        answer(b);
        answer(data(alice, "1/c", bytes(30), t));

        Answer files = answer(alice.packet(Command.LIST_FILES, alice.idurl, me.idurl, clock.millis(),
                new ListRequest("0/1/").toBytes()));
        assertEquals(Command.FILES, files.command());
        Listing listing = Listing.open(alice.agreement, files.payload());
        assertEquals(100_000, listing.allocated());
        assertEquals(desk.customers().get(0).usedBytes, listing.used());
        assertEquals(List.of(new Listing.Entry("0/1/a", codec.encodedLength(a), t),
                new Listing.Entry("0/1/b", codec.encodedLength(b), t + 1)), listing.entries());
        try {
            Listing.open(bob.agreement, files.payload());
            fail("bob read alice's listing");
        } catch (BitDustException expected) {
            // sealed to alice
        }
    }

    @Test
    public void cancelReleasesTheAllocationAndHidesTheObjects() {
        hire(alice, 600_000);
        assertAck("stored", answer(data(alice, "a", bytes(100), clock.millis())));
        Packet early = alice.packet(Command.CANCEL_SERVICE, alice.idurl, me.idurl, clock.millis() - 1000,
                new ServiceCancel("supplier").toBytes());
        assertFail("stale", answer(early));
        assertEquals(1, desk.customers().size());

        assertAck("cancelled", answer(alice.packet(Command.CANCEL_SERVICE, alice.idurl, me.idurl, clock.millis(),
                new ServiceCancel("supplier").toBytes())));
        assertTrue(desk.customers().isEmpty());
        assertEquals(1 << 20, desk.space().freeBytes);
        assertTrue(desk.space().pendingDeleteBytes > 0);
        assertEquals(0, cache.holds(alice.idurl));
        assertFail("not-customer", answer(retrieve(alice, "a")));
        assertEquals(1, storedFiles().size());
        assertAck("accepted", answer(request(bob, 1 << 20, 0)));
    }

    @Test
    public void aRejectedCustomerIsToldAndItsFilesGoAfterTheGracePeriod() throws IOException {
        hire(alice, 100_000);
        assertAck("stored", answer(data(alice, "a", bytes(100), clock.millis())));
        CustomerDTO before = desk.reject(alice.idurl);
        assertEquals(alice.idurl.toString(), before.idurl);
        assertTrue(desk.customers().isEmpty());
        assertEquals(1, wire.sent.size());
        Packet cancel = wire.sent.get(0);
        assertEquals(Command.CANCEL_SERVICE, cancel.command());
        assertEquals(alice.idurl, cancel.remote());
        assertEquals("customer", ServiceCancel.parse(cancel.payload()).service());
        assertFalse("the notice is for the customer's suppliers area", CustomerDesk.accepts(cancel));
        assertTrue(CustomerDesk.accepts(alice.packet(Command.CANCEL_SERVICE, alice.idurl, me.idurl, clock.millis(),
                new ServiceCancel("supplier").toBytes())));

        assertEquals(0, desk.purge());
        assertEquals(1, storedFiles().size());
        clock.advance(Duration.ofHours(23));
        assertEquals(0, desk.purge());
        clock.advance(Duration.ofHours(1));
        assertEquals(1, desk.purge());
        assertTrue(storedFiles().isEmpty());
        assertFalse(Files.exists(data.resolve("customers").resolve(ObjectFiles.sha256(alice.signing.publicKey()
                .bytes()))));
        assertEquals(0L, (long) database.first("SELECT COUNT(*) FROM CONTRACTS", row -> row.getLong(1)).orElseThrow());
        try {
            desk.reject(alice.idurl);
            fail("rejected twice");
        } catch (BitDustException expected) {
            // not a customer any more
        }
    }

    @Test
    public void theOperatorRestoresWithinTheGracePeriod() {
        hire(alice, 100_000);
        Packet stored = data(alice, "a", bytes(100), clock.millis());
        assertAck("stored", answer(stored));
        desk.reject(alice.idurl);
        clock.advance(Duration.ofHours(2));

        assertEquals(1, desk.restore(alice.idurl));
        assertEquals(1, desk.customers().size());
        assertEquals(codec.encodedLength(stored) + CustomerDesk.OBJECT_OVERHEAD, desk.customers().get(0).usedBytes);
        assertEquals(Command.DATA, answer(retrieve(alice, "a")).command());
        clock.advance(Duration.ofHours(30));
        assertEquals(0, desk.purge());
        assertEquals(1, storedFiles().size());
    }

    @Test
    public void withoutGraceDeletedObjectsArePurgedAtOnce() {
        config.set("services/supplier/delete-grace-hours", "0");
        hire(alice, 100_000);
        assertAck("stored", answer(data(alice, "a", bytes(100), clock.millis())));
        assertAck("deleted 1", answer(delete(alice, clock.millis() + 1, "a")));
        await(() -> storedFiles().isEmpty());
    }

    @Test
    public void aRestartReconcilesTheDatabaseWithTheFiles() throws IOException {
        hire(alice, 100_000);
        Packet kept = data(alice, "kept", bytes(700), clock.millis());
        assertAck("stored", answer(kept));
        assertAck("stored", answer(data(alice, "lost", bytes(900), clock.millis())));
        desk.close();

        Path lost = fileOf("lost");
        Files.delete(lost);
        Path customerFolder = data.resolve("customers").resolve(ObjectFiles.sha256(alice.signing.publicKey()
                .bytes()));
        Path temp = customerFolder.resolve("ab").resolve("0123456789abcdef0123456789abcdef.tmp");
        Files.createDirectories(temp.getParent());
        Files.write(temp, bytes(50));
        Path stray = customerFolder.resolve("cd").resolve("cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd");
        Files.createDirectories(stray.getParent());
        Files.write(stray, bytes(60));
        database.update("UPDATE CONTRACTS SET USED_BYTES = 5, FILE_COUNT = 9");

        desk = start(CustomerDesk.WORKERS, CustomerDesk.QUEUE);
        assertFalse(Files.exists(temp));
        assertFalse(Files.exists(stray));
        assertEquals(1, storedFiles().size());
        CustomerDTO customer = desk.customers().get(0);
        assertEquals(codec.encodedLength(kept) + CustomerDesk.OBJECT_OVERHEAD, customer.usedBytes);
        assertEquals(1, customer.files);
        assertEquals(Command.DATA, answer(retrieve(alice, "kept")).command());
        assertFail("not-found", answer(retrieve(alice, "lost")));
        assertEquals(1, cache.holds(alice.idurl));
    }

    @Test
    public void aFullQueueAnswersBusy() throws Exception {
        desk.close();
        desk = start(1, 1);
        hire(alice, 100_000);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable block = () -> {
            started.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<Void> first = desk.onWorker(block);
        assertTrue(started.await(60, TimeUnit.SECONDS));
        CompletableFuture<Void> second = desk.onWorker(block);
        Answer busy = answer(data(alice, "a", bytes(100), clock.millis()));
        assertFail("busy", busy);
        assertEquals(Long.valueOf(1), desk.refusals().get("busy"));
        assertTrue(storedFiles().isEmpty());
        release.countDown();
        CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);
        assertAck("stored", answer(data(alice, "a", bytes(100), clock.millis())));
    }

    @Test
    public void myIdentityOffersTheFreeSpace() {
        await(() -> ServiceOffer.of(true, 1 << 20).equals(offer()));
        hire(alice, 100_000);
        await(() -> ServiceOffer.of(true, (1 << 20) - 100_000).equals(offer()));
        int updates = mine.updates.get();
        assertAck("stored", answer(data(alice, "a", bytes(100), clock.millis())));
        config.set("services/supplier/enabled", "false");
        await(() -> ServiceOffer.DISABLED.equals(offer()));
        assertEquals(updates + 1, mine.updates.get());
    }

    @Test
    public void pingTellsWhichCustomersAnswer() {
        hire(alice, 1000);
        hire(bob, 1000);
        wire.online.add(bob.idurl);
        Map<String, Boolean> online = desk.ping().stream().collect(Collectors.toMap(c -> c.idurl, c -> c.online));
        assertEquals(Map.of(alice.idurl.toString(), false, bob.idurl.toString(), true), online);
    }

    private ServiceOffer offer() {
        Identity identity = mine.identity().orElseThrow();
        return identity.services().get(Identity.SUPPLIER);
    }

    private void hire(Peer peer, long bytes) {
        assertAck("accepted", answer(request(peer, bytes, 0)));
    }

    private Packet request(Peer peer, long bytes, int position) {
        return peer.packet(Command.REQUEST_SERVICE, peer.idurl, me.idurl, clock.millis(),
                new ServiceRequest("supplier", bytes, ECC, position).toBytes());
    }

    private Packet data(Peer peer, String name, byte[] bytes, long date) {
        return peer.packet(Command.DATA, peer.idurl, me.idurl, date, new StoredData(name, bytes).toBytes());
    }

    private Packet retrieve(Peer peer, String name) {
        return peer.packet(Command.RETRIEVE, peer.idurl, me.idurl, clock.millis(),
                new RetrieveRequest(name).toBytes());
    }

    private Packet delete(Peer peer, long date, String... names) {
        return peer.packet(Command.DELETE_FILE, peer.idurl, me.idurl, date,
                new DeleteRequest(List.of(names)).toBytes());
    }

    private Answer answer(Packet packet) {
        try {
            return desk.handler().handle(packet).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** @return the answer signed by me as the reply to {@code request}, as its sender receives it */
    private Packet received(Packet request, Answer answer) {
        Packet reply = answer.reply(request, me.idurl, clock.millis(), message -> Signatures.sign(me.signing,
                message));
        return codec.decode(codec.encode(reply));
    }

    private static String text(Answer answer) {
        return new String(answer.payload(), StandardCharsets.UTF_8);
    }

    private static void assertAck(String start, Answer answer) {
        assertEquals(text(answer), Command.ACK, answer.command());
        assertTrue(text(answer), text(answer).startsWith(start));
    }

    private static void assertFail(String reason, Answer answer) {
        assertEquals(text(answer), Command.FAIL, answer.command());
        assertTrue(text(answer), text(answer).startsWith(reason + ": "));
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        Fakes.RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** @return the stored packet a Retrieve of {@code name} answers, as the bytes it nests */
    private byte[] retrievedBytes(Peer peer, String name) {
        Answer retrieved = answer(retrieve(peer, name));
        assertEquals(text(retrieved), Command.DATA, retrieved.command());
        return Payload.parse(retrieved.payload()).bytes(RetrieveRequest.ANSWER_FIELD).orElseThrow();
    }

    private Path customerFolder(Peer peer) {
        return data.resolve("customers").resolve(ObjectFiles.sha256(peer.signing.publicKey().bytes()));
    }

    private String fileIdOf(String name) {
        return database.first("SELECT FILE_ID FROM OBJECTS WHERE NAME = ?", row -> row.getString(1), name)
                .orElseThrow();
    }

    private static String hex(int length) {
        return HexFormat.of().formatHex(bytes(length));
    }

    private List<Path> storedFiles() {
        return allFiles(data.resolve("customers"));
    }

    private Path fileOf(String name) {
        String fileId = database.first("SELECT FILE_ID FROM OBJECTS WHERE NAME = ?", row -> row.getString(1), name)
                .orElseThrow();
        return storedFiles().stream().filter(file -> file.getFileName().toString().equals(fileId)).findFirst()
                .orElseThrow();
    }

    private Map<Path, byte[]> snapshot() throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        for (Path file : storedFiles()) {
            files.put(file, Files.readAllBytes(file));
        }
        return files;
    }

    private void assertSnapshot(Map<Path, byte[]> before) throws IOException {
        Map<Path, byte[]> after = snapshot();
        assertEquals(before.keySet(), after.keySet());
        for (Path file : before.keySet()) {
            assertArrayEquals(before.get(file), after.get(file));
        }
    }

    private static List<Path> allFiles(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertNotNull(condition);
    }
}
