package io.bitdust.customers.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.config.internal.Options;
import io.bitdust.customers.internal.Fakes.Cache;
import io.bitdust.customers.internal.Fakes.Mine;
import io.bitdust.customers.internal.Fakes.MovingClock;
import io.bitdust.customers.internal.Fakes.Peer;
import io.bitdust.customers.internal.Fakes.Wire;
import io.bitdust.derby.Database;
import io.bitdust.raid.EccMap;
import io.bitdust.storage.CatalogCopy;
import io.bitdust.storage.DeleteRequest;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.ServiceRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.Payload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The one catalog copy a supplier keeps per customer (docs/protocol.md §3.7): only a strictly higher revision
 * replaces it, a refusal changes nothing, a malformed copy is refused, and the revision held survives a restart, also
 * for a copy whose row lost it (stored before schema version 2).
 */
public class CatalogCopyDeskTest {
    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final PacketCodec codec = new PacketCodec();
    private final MovingClock clock = new MovingClock();
    private final Peer me = new Peer("supplier");
    private final Peer alice = new Peer("alice");
    private final Cache cache = new Cache();
    private Path data;
    private Database database;
    private Options config;
    private CustomerDesk desk;

    @Before
    public void setUp() throws IOException {
        data = folder.newFolder("node").toPath();
        config = new Options(data.resolve("options.properties"), null, Map.of());
        cache.put(alice);
        start();
        config.set("services/supplier/donated-space", "1 MB");
        assertAck("accepted", answer(alice.packet(Command.REQUEST_SERVICE, alice.idurl, me.idurl, clock.millis(),
                new ServiceRequest("supplier", 100_000, EccMap.parse("ecc/2x2"), 0).toBytes())));
    }

    @After
    public void tearDown() {
        stop();
    }

    @Test
    public void aHigherRevisionReplacesTheCopyAndFreesTheOldSize() throws IOException {
        Packet five = copy(5, 3000, clock.millis());
        assertAck("stored " + (codec.encodedLength(five) + CustomerDesk.OBJECT_OVERHEAD) + " of", answer(five));
        assertEquals(five, retrieved());

        Packet seven = copy(7, 1000, clock.millis());
        assertAck("stored " + (codec.encodedLength(seven) + CustomerDesk.OBJECT_OVERHEAD) + " of", answer(seven));
        assertEquals(seven, retrieved());
        assertEquals(1, desk.customers().get(0).files);
        assertEquals(codec.encodedLength(seven) + CustomerDesk.OBJECT_OVERHEAD, desk.customers().get(0).usedBytes);
        assertEquals("the old copy's file is gone", 1, storedFiles().size());
        assertArrayEquals(codec.encode(seven), Files.readAllBytes(storedFiles().get(0)));
    }

    @Test
    public void anEqualOrLowerRevisionIsRefusedAndNothingChanges() throws IOException {
        Packet seven = copy(7, 2000, clock.millis());
        assertAck("stored", answer(seven));
        byte[] file = Files.readAllBytes(storedFiles().get(0));
        long used = desk.customers().get(0).usedBytes;

        // later dates do not matter: the revision does
        Answer equal = answer(copy(7, 100, clock.millis() + 1000));
        assertEquals("stale-catalog: revision 7 is not higher than 7 held", text(equal));
        Answer lower = answer(copy(5, 100, clock.millis() + 2000));
        assertEquals(Command.FAIL, lower.command());
        assertEquals("stale-catalog: revision 5 is not higher than 7 held", text(lower));
        assertEquals(Long.valueOf(2), desk.refusals().get(CatalogCopy.STALE));

        assertEquals(seven, retrieved());
        assertEquals(1, storedFiles().size());
        assertArrayEquals(file, Files.readAllBytes(storedFiles().get(0)));
        assertEquals(used, desk.customers().get(0).usedBytes);
        assertEquals(1, desk.customers().get(0).files);

        // a higher revision is taken even when dated earlier than the held copy
        Packet eight = copy(8, 100, clock.millis() - 60_000);
        assertAck("stored", answer(eight));
        assertEquals(eight, retrieved());
    }

    @Test
    public void aMalformedCopyIsRefusedNamingTheField() throws IOException {
        Packet seven = copy(7, 100, clock.millis());
        assertAck("stored", answer(seven));
        Answer notCanonical = answer(data(Payload.builder().bytes("export", new byte[10]).text("revision", "08")
                .build().toBytes(), clock.millis()));
        assertEquals(Command.FAIL, notCanonical.command());
        assertTrue(text(notCanonical), text(notCanonical).startsWith("malformed: malformed catalog copy: field"
                + " 'revision'"));
        Answer missing = answer(data(Payload.builder().bytes("export", new byte[10]).build().toBytes(),
                clock.millis()));
        assertTrue(text(missing), text(missing).startsWith("malformed: malformed catalog copy: a catalog copy payload"
                + " has fields [export], expected [export, revision]"));
        Answer raw = answer(data("just bytes".getBytes(StandardCharsets.UTF_8), clock.millis()));
        assertTrue(text(raw), text(raw).startsWith("malformed: malformed catalog copy"));
        assertEquals(Long.valueOf(3), desk.refusals().get("malformed"));
        assertEquals(seven, retrieved());
        assertEquals(1, storedFiles().size());
        // other names are not read
        assertAck("stored", answer(alice.packet(Command.DATA, alice.idurl, me.idurl, clock.millis(),
                new StoredData("catalogue", "just bytes".getBytes(StandardCharsets.UTF_8)).toBytes())));
    }

    @Test
    public void theRevisionHeldSurvivesARestart() {
        Packet seven = copy(7, 100, clock.millis());
        assertAck("stored", answer(seven));
        stop();
        start();
        assertEquals("stale-catalog: revision 6 is not higher than 7 held", text(answer(copy(6, 100,
                clock.millis() + 1))));
        assertEquals(seven, retrieved());
        assertAck("stored", answer(copy(9, 100, clock.millis())));
    }

    @Test
    public void aCopyWhoseRowHasNoRevisionGetsItFromItsFileAtStart() {
        assertAck("stored", answer(copy(7, 100, clock.millis())));
        database.update("UPDATE OBJECTS SET CATALOG_REVISION = NULL");
        stop();
        start();
        assertEquals(Long.valueOf(7), database.first("SELECT CATALOG_REVISION FROM OBJECTS WHERE NAME = ?",
                row -> row.getLong(1), CatalogCopy.NAME).orElseThrow());
        assertEquals("stale-catalog: revision 7 is not higher than 7 held", text(answer(copy(7, 100,
                clock.millis() + 1))));
    }

    @Test
    public void aDeletedCopyNoLongerHoldsARevision() {
        assertAck("stored", answer(copy(7, 100, clock.millis())));
        assertAck("deleted 1", answer(alice.packet(Command.DELETE_FILE, alice.idurl, me.idurl, clock.millis() + 1,
                new DeleteRequest(List.of(CatalogCopy.NAME)).toBytes())));
        Packet three = copy(3, 100, clock.millis() + 2);
        assertAck("stored", answer(three));
        assertEquals(three, retrieved());
    }

    private void start() {
        database = Database.embedded(data, CustomerDesk.SCHEMA);
        assertEquals(CustomerDesk.SCHEMA.version(), database.version());
        desk = new CustomerDesk(data, database, new Wire(me, clock), new Mine(me), cache, config, codec, Fakes.RANDOM,
                clock, CustomerDesk.WORKERS, CustomerDesk.QUEUE);
    }

    private void stop() {
        if (desk != null) {
            desk.close();
            desk = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }

    private Packet copy(long revision, int exportBytes, long date) {
        byte[] export = new byte[exportBytes];
        Fakes.RANDOM.nextBytes(export);
        return data(new CatalogCopy(revision, export).toBytes(), date);
    }

    private Packet data(byte[] copy, long date) {
        return alice.packet(Command.DATA, alice.idurl, me.idurl, date, new StoredData(CatalogCopy.NAME, copy)
                .toBytes());
    }

    private Packet retrieved() {
        Answer answer = answer(alice.packet(Command.RETRIEVE, alice.idurl, me.idurl, clock.millis(),
                new RetrieveRequest(CatalogCopy.NAME).toBytes()));
        assertEquals(text(answer), Command.DATA, answer.command());
        return Payload.parse(answer.payload()).packet(RetrieveRequest.ANSWER_FIELD, codec, alice.idurl,
                idurl -> alice.signing.publicKey());
    }

    private Answer answer(Packet packet) {
        try {
            return desk.handler().handle(packet).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String text(Answer answer) {
        return new String(answer.payload(), StandardCharsets.UTF_8);
    }

    private static void assertAck(String start, Answer answer) {
        assertEquals(text(answer), Command.ACK, answer.command());
        assertTrue(text(answer), text(answer).startsWith(start));
    }

    private List<Path> storedFiles() {
        Path root = data.resolve("customers");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
