package io.bitdust.suppliers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpServer;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.config.internal.Options;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.derby.Database;
import io.bitdust.identity.Identity;
import io.bitdust.storage.ServiceRequest;
import io.bitdust.suppliers.CatalogHead;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.suppliers.internal.Fakes.Peer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The family kept in my recovery record: published after every change, adopted by a family that starts empty. */
public class SupplierRecoveryTest {
    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private KeyRing keys;
    private Fakes.Me me;
    private Fakes.Cache cache;
    private Fakes.Network network;
    private Fakes.Records records;
    private Options config;
    private Fakes.MovableClock clock;
    private Database database;
    private SupplierFamily family;
    private HttpServer nothing;
    private String server;
    private final List<Peer> peers = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        FileKeyRing ring = new FileKeyRing(folder.newFolder("keys").toPath(), new SecureRandom());
        ring.create();
        keys = ring;
        // an identity server that knows nobody: candidates come from the option only
        nothing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        nothing.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        nothing.start();
        server = "http://127.0.0.1:" + nothing.getAddress().getPort();
        me = new Fakes.Me(keys, server, "alice");
        cache = new Fakes.Cache();
        network = new Fakes.Network(keys, me.identity.idurl());
        records = new Fakes.Records();
        for (int i = 1; i <= 8; i++) {
            Peer peer = new Peer(server, "peer" + i, 1L << 30);
            cache.add(peer.identity);
            network.peers.put(peer.idurl, peer);
            peers.add(peer);
        }
        config = new Options(folder.getRoot().toPath().resolve("options.properties"), null, Map.of());
        clock = new Fakes.MovableClock();
    }

    @After
    public void tearDown() {
        nothing.stop(0);
        close();
    }

    @Test
    public void theFamilyIsPublishedAfterEveryChange() {
        open();
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5));
        awaitActive(4);
        awaitRecordOf(4);
        assertTrue(family.recordPublished().isPresent());
        FamilyRecord record = FamilyRecord.parse(records.content);
        for (SupplierDTO supplier : family.suppliers()) {
            Peer peer = byIdurl(supplier.idurl);
            assertEquals(peer.idurl, record.positions().get(supplier.position).idurl());
            assertEquals(FamilyRecord.fingerprint(peer.signing.publicKey().toString()),
                    record.positions().get(supplier.position).key());
        }
        assertTrue(new String(records.content).contains("\"ecc\":\"ecc/4x4\""));

        IdUrl old = IdUrl.parse(family.suppliers().get(1).idurl);
        family.replace(1);
        await(() -> FamilyRecord.parse(records.content).positions().get(1).idurl().equals(peer(5).idurl),
                "the record shows peer5 at position 1");
        assertFalse(FamilyRecord.parse(records.content).positions().values().stream()
                .anyMatch(recorded -> recorded.idurl().equals(old)));

        config.set("services/customer/suppliers-number", "2");
        await(() -> FamilyRecord.parse(records.content).suppliers() == 2
                && FamilyRecord.parse(records.content).positions().size() == 2
                && new String(records.content).contains("ecc/2x2"), "the record shows two suppliers on ecc/2x2");
        int published = records.published.size();
        family.decide();
        sleep(200);
        assertEquals("the same family is not published again", published, records.published.size());
    }

    @Test
    public void failuresToPublishAreRetriedAndNeverHoldUpHiring() {
        records.failing = true;
        open();
        candidates(peer(1), peer(2), peer(3), peer(4));
        awaitActive(4);
        await(() -> records.attempts.get() >= 3, "publishing tried again");
        assertTrue(records.published.isEmpty());
        assertTrue(family.recordPublished().isEmpty());
        records.failing = false;
        awaitRecordOf(4);
        assertTrue(family.recordPublished().isPresent());
    }

    @Test
    public void anEmptyFamilyHiresItsRecordedSuppliersAgainAtTheirPositions() {
        records.content = record(4, peer(3), peer(5), peer(1), peer(7));
        preset(peer(2), peer(4), peer(6), peer(8));
        open();
        awaitActive(4);
        List<SupplierDTO> suppliers = family.suppliers();
        assertEquals(List.of(peer(3).idurl.toString(), peer(5).idurl.toString(), peer(1).idurl.toString(),
                peer(7).idurl.toString()), suppliers.stream().map(s -> s.idurl).toList());
        for (Packet request : sent(Command.REQUEST_SERVICE)) {
            assertTrue("only recorded suppliers are asked: " + request.remote(),
                    Set.of(peer(3).idurl, peer(5).idurl, peer(1).idurl, peer(7).idurl).contains(request.remote()));
            ServiceRequest asked = ServiceRequest.parse(request.payload());
            assertEquals(request.remote().toString(), suppliers.get(asked.position()).idurl);
            assertEquals("ecc/4x4", asked.ecc().name());
        }
        assertEquals(4, sent(Command.REQUEST_SERVICE).size());
        await(() -> !family.recovering(), "the recovery is over");
        awaitRecordOf(4);
        for (byte[] content : records.published) {
            assertEquals("a partial family never overwrites the record", 4,
                    FamilyRecord.parse(content).positions().size());
        }
        assertEquals(1, records.fetches.get());
    }

    @Test
    public void onlyPositionsWhoseRecordedSupplierFailsGetSomeoneNew() {
        Peer impostor = new Peer(server, "peer4", 1L << 30);
        network.refusing.add(peer(2).idurl);
        network.offline.add(peer(3).idurl);
        records.content = record(4, peer(1), peer(2), peer(3), impostor);
        preset(peer(5), peer(6), peer(7), peer(2), peer(3));
        open();
        awaitActive(4);
        List<SupplierDTO> suppliers = family.suppliers();
        assertEquals(peer(1).idurl.toString(), suppliers.get(0).idurl);
        assertEquals("the silent one keeps its position, offline", peer(3).idurl.toString(), suppliers.get(2).idurl);
        assertFalse(suppliers.get(2).online);
        Set<String> fresh = Set.of(peer(5).idurl.toString(), peer(6).idurl.toString(), peer(7).idurl.toString());
        assertTrue(fresh.containsAll(Set.of(suppliers.get(1).idurl, suppliers.get(3).idurl)));
        assertTrue("the refusing one was asked", sent(Command.REQUEST_SERVICE).stream()
                .anyMatch(p -> p.remote().equals(peer(2).idurl)));
        assertTrue("peer4's identity shows another key than recorded: not asked", sent(Command.REQUEST_SERVICE)
                .stream().noneMatch(p -> p.remote().equals(peer(4).idurl)));
        assertEquals("a recorded supplier that failed is not hired at another position", 1,
                sent(Command.REQUEST_SERVICE).stream().filter(p -> p.remote().equals(peer(2).idurl)).count());
        awaitRecordOf(4);
        assertEquals(peer(1).idurl, FamilyRecord.parse(records.content).positions().get(0).idurl());
    }

    @Test
    public void aRecordedSupplierAwayDuringTheRecoveryKeepsItsPositionUntilReplacedLikeAnyOther() {
        network.offline.add(peer(3).idurl);
        records.content = record(4, peer(1), peer(2), peer(3), peer(4));
        preset(peer(5));
        open();
        List<Integer> changed = new CopyOnWriteArrayList<>();
        family.subscribe(changed::add);
        awaitActive(4);
        assertEquals(List.of(peer(1).idurl, peer(2).idurl, peer(3).idurl, peer(4).idurl),
                family.suppliers().stream().map(s -> IdUrl.parse(s.idurl)).toList());
        assertFalse(family.suppliers().get(2).online);
        assertEquals("nobody else asked", 4, sent(Command.REQUEST_SERVICE).size());

        network.offline.remove(peer(3).idurl);
        changed.clear();
        assertTrue("back: pinged online", family.ping().get(2).online);
        await(() -> changed.contains(2), "the subscribers hear of it: what it missed is rebuilt");

        network.offline.add(peer(3).idurl);
        assertFalse(family.ping().get(2).online);
        clock.move(Duration.ofMinutes(31));
        family.decide();
        await(() -> peer(5).idurl.toString().equals(family.suppliers().get(2).idurl)
                && "active".equals(family.suppliers().get(2).contract), "replaced once away too long");
    }

    @Test
    public void theRecordedNumberOfSuppliersIsFollowed() {
        records.content = record(2, peer(6), peer(2));
        open();
        await(() -> family.suppliers().size() == 2 && family.suppliers().stream()
                .allMatch(s -> "active".equals(s.contract)), "two suppliers");
        assertEquals("2", config.get("services/customer/suppliers-number").value());
        assertEquals(List.of(peer(6).idurl.toString(), peer(2).idurl.toString()),
                family.suppliers().stream().map(s -> s.idurl).toList());
        assertEquals("ecc/2x2", ServiceRequest.parse(sent(Command.REQUEST_SERVICE).get(0).payload()).ecc().name());
    }

    @Test
    public void withoutAnswerTheFamilyWaitsThenHiresAsAFreshNode() {
        records.silent = true;
        preset(peer(1), peer(2), peer(3), peer(4));
        open();
        family.decide();
        sleep(300);
        assertTrue("nothing is hired while the record may still come", sent(Command.REQUEST_SERVICE).isEmpty());
        assertTrue(family.recovering());
        clock.move(SupplierFamily.RECOVERY_WAIT.plusSeconds(1));
        awaitActive(4);
        assertTrue(records.fetches.get() >= 2);
    }

    @Test
    public void aRecordThatCannotBeReadIsIgnored() {
        records.content = "{\"format\":\"something else\"}".getBytes();
        preset(peer(1), peer(2), peer(3), peer(4));
        open();
        awaitActive(4);
        awaitRecordOf(4);
    }

    @Test
    public void aFamilyKeptInDerbyDoesNotReadTheRecord() {
        open();
        candidates(peer(1), peer(2), peer(3), peer(4));
        awaitActive(4);
        List<String> before = family.suppliers().stream().map(s -> s.idurl).toList();
        awaitRecordOf(4);
        close();
        records.content = record(4, peer(5), peer(6), peer(7), peer(8));
        int fetches = records.fetches.get();
        open();
        family.decide();
        assertEquals(before, family.suppliers().stream().map(s -> s.idurl).toList());
        assertEquals(fetches, records.fetches.get());
        await(() -> FamilyRecord.parse(records.content).positions().get(0).idurl().toString().equals(before.get(0)),
                "the family in Derby is published again");
    }

    @Test
    public void aRecoveredIdentityDropsTheFamilyItHadAndHiresItsRecordedSuppliers() {
        // a fresh node: an identity of its own, which hires suppliers before the user recovers the real one
        Identity recovered = Fakes.Me.identity(keys, server, "carol");
        records.owner = () -> me.identity.idurl();
        records.byOwner.put(recovered.idurl(), record(4, peer(5), peer(6), peer(7), peer(8)));
        preset(peer(1), peer(2), peer(3), peer(4));
        open();
        awaitActive(4);
        assertEquals(Set.of(peer(1).idurl, peer(2).idurl, peer(3).idurl, peer(4).idurl), activeIdurls());
        await(() -> records.byOwner.containsKey(me.identity.idurl()), "the first identity's family is published");

        me.become(recovered);
        await(() -> family.suppliers().stream().map(s -> s.idurl).toList().equals(List.of(peer(5).idurl.toString(),
                peer(6).idurl.toString(), peer(7).idurl.toString(), peer(8).idurl.toString()))
                && activeIdurls().size() == 4, "the recovered identity's suppliers at their positions");
        for (int i = 1; i <= 4; i++) {
            assertEquals(0, cache.holds(peer(i).idurl));
        }
        for (int i = 5; i <= 8; i++) {
            IdUrl supplier = peer(i).idurl;
            Packet request = sent(Command.REQUEST_SERVICE).stream().filter(p -> p.remote().equals(supplier))
                    .findFirst().orElseThrow();
            assertEquals(i - 5, ServiceRequest.parse(request.payload()).position());
        }
        await(() -> {
            byte[] content = records.byOwner.get(recovered.idurl());
            return content != null && FamilyRecord.parse(content).positions().get(0).idurl().equals(peer(5).idurl)
                    && records.fetches.get() == 2;
        }, "the recovered identity's family published again");
        family.decide();
        assertEquals(4, activeIdurls().size());
    }

    @Test
    public void beforeAnotherIdentityIsRecoveredMySuppliersAreLetGoAndNobodyIsHiredUntilItIs() {
        Identity recovered = Fakes.Me.identity(keys, server, "carol");
        records.owner = () -> me.identity.idurl();
        records.byOwner.put(recovered.idurl(), record(4, peer(5), peer(6), peer(7), peer(8)));
        preset(peer(1), peer(2), peer(3), peer(4));
        open();
        awaitActive(4);
        IdUrl before = me.identity.idurl();
        int sent = network.sent.size();
        network.offline.add(peer(4).idurl);

        me.beforeRecovery(recovered);
        List<Packet> cancels = network.sent.subList(sent, network.sent.size()).stream()
                .filter(p -> p.command() == Command.CANCEL_SERVICE).toList();
        assertEquals(Set.of(peer(1).idurl, peer(2).idurl, peer(3).idurl, peer(4).idurl),
                cancels.stream().map(Packet::remote).collect(Collectors.toSet()));
        assertTrue("signed as the identity that hired them", cancels.stream()
                .allMatch(p -> p.creator().equals(before)));
        assertTrue(family.suppliers().stream().noneMatch(s -> "active".equals(s.contract)));
        family.decide();
        sleep(300);
        assertEquals("nobody is hired while the identity is about to change", List.of(), network.sent.subList(sent,
                network.sent.size()).stream().filter(p -> p.command() == Command.REQUEST_SERVICE).toList());

        await(() -> new FamilyStore(database).uncancelled().stream().map(FamilyStore.Uncancelled::idurl).toList()
                .equals(List.of(peer(4).idurl)), "the offline supplier's CancelService noted as unanswered");

        me.become(recovered);
        await(() -> activeIdurls().equals(Set.of(peer(5).idurl, peer(6).idurl, peer(7).idurl, peer(8).idurl)),
                "the recovered identity's suppliers");
        assertEquals("forgotten: a CancelService sent again would be signed for an identity this node left",
                List.of(), new FamilyStore(database).uncancelled());
    }

    @Test
    public void aRecoveredNodeNeverAsksTheIdentityItHadBeforeToBeItsSupplier() {
        // the fresh node's own identity stays published with this machine's contacts, and the directory may offer it;
        // the node no longer answers for it, so a request to it would only wait for a timeout
        IdUrl former = me.identity.idurl();
        cache.add(Fakes.identity(SigningKeyPair.generate(new SecureRandom()),
                AgreementKeyPair.generate(new SecureRandom()).publicKey(), former, 1L << 30));
        Identity recovered = Fakes.Me.identity(keys, server, "carol");
        records.owner = () -> me.identity.idurl();
        records.byOwner.put(recovered.idurl(), record(4, peer(5), peer(6), peer(7), peer(8)));
        preset(peer(1), peer(2), peer(3), peer(4));
        open();
        awaitActive(4);
        network.refusing.add(peer(8).idurl);
        config.set("services/employer/candidates", former + "," + peer(1).idurl);
        int before = network.sent.size();

        me.become(recovered);
        await(() -> family.suppliers().stream().map(s -> s.idurl).toList().equals(List.of(peer(5).idurl.toString(),
                peer(6).idurl.toString(), peer(7).idurl.toString(), peer(1).idurl.toString()))
                && activeIdurls().size() == 4, "the recorded suppliers, and another for the one that refuses");
        assertEquals(List.of(), network.sent.subList(before, network.sent.size()).stream()
                .filter(p -> p.command() == Command.REQUEST_SERVICE && p.remote().equals(former)).toList());
    }

    @Test
    public void theCatalogHeadGoesIntoTheRecordAndSurvivesARestart() {
        open();
        candidates(peer(1), peer(2), peer(3), peer(4));
        awaitActive(4);
        awaitRecordOf(4);
        assertEquals(null, FamilyRecord.parse(records.content).catalog());
        assertTrue(family.catalogHead().isEmpty());

        CatalogHead head = new CatalogHead(42, "ab".repeat(32));
        family.catalogHead(head);
        await(() -> head.equals(FamilyRecord.parse(records.content).catalog()), "the record carries the head");
        assertTrue(new String(records.content, StandardCharsets.UTF_8).startsWith("{\"catalog\":{\"hash\":\""
                + "ab".repeat(32) + "\",\"revision\":42},\"ecc\":\"ecc/4x4\","));
        int published = records.published.size();
        family.catalogHead(head);
        sleep(200);
        assertEquals("the same head publishes nothing", published, records.published.size());

        close();
        // cleared before the family starts: it publishes within milliseconds of its start, and clearing after that
        // lost the record the test waits for
        records.content = null;
        open();
        assertEquals(Optional.of(head), family.catalogHead());
        await(() -> records.content != null && head.equals(FamilyRecord.parse(records.content).catalog()),
                "the record published at start keeps the head");
    }

    @Test
    public void aRecoveredFamilyKnowsTheCatalogHeadOfItsRecord() {
        CatalogHead head = new CatalogHead(7, "0f".repeat(32));
        SortedMap<Integer, FamilyRecord.Recorded> positions = FamilyRecord.parse(record(4, peer(3), peer(5), peer(1),
                peer(7))).positions();
        records.content = new FamilyRecord(4, positions, head).toBytes();
        preset(peer(2), peer(4), peer(6), peer(8));
        open();
        awaitActive(4);
        await(() -> !family.recovering(), "the recovery is over");
        assertEquals(Optional.of(head), family.catalogHead());
        awaitRecordOf(4);
        assertEquals("the record published again keeps the head", head, FamilyRecord.parse(records.content)
                .catalog());
    }

    @Test
    public void aCatalogMemberThatIsNotAHeadIsRefused() {
        String good = new String(new FamilyRecord(2, new TreeMap<>(), new CatalogHead(3, "cd".repeat(32))).toBytes(),
                StandardCharsets.UTF_8);
        assertEquals(new CatalogHead(3, "cd".repeat(32)), FamilyRecord.parse(good.getBytes(StandardCharsets.UTF_8))
                .catalog());
        for (String bad : List.of(good.replace("\"revision\":3", "\"revision\":-3"),
                good.replace("\"revision\":3", "\"revision\":\"3\""), good.replace("cdcd", "CDcd"),
                good.replace("\"revision\":3", "\"revision\":3,\"more\":1"),
                good.replace("{\"hash\":\"" + "cd".repeat(32) + "\",", "{"))) {
            BitDustException e = assertThrows(bad, BitDustException.class,
                    () -> FamilyRecord.parse(bad.getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage(), e.getMessage().startsWith("not a suppliers recovery record: "));
        }
    }

    private Set<IdUrl> activeIdurls() {
        return family.suppliers().stream().filter(s -> "active".equals(s.contract)).map(s -> IdUrl.parse(s.idurl))
                .collect(Collectors.toSet());
    }

    private byte[] record(int n, Peer... suppliers) {
        SortedMap<Integer, FamilyRecord.Recorded> positions = new TreeMap<>();
        for (int i = 0; i < suppliers.length; i++) {
            positions.put(i, new FamilyRecord.Recorded(suppliers[i].idurl,
                    FamilyRecord.fingerprint(suppliers[i].signing.publicKey().toString())));
        }
        return new FamilyRecord(n, positions).toBytes();
    }

    private void open() {
        database = Database.embedded(folder.getRoot().toPath().resolve("data"), SupplierFamily.SCHEMA);
        family = new SupplierFamily(database, network, me, cache, keys, config, List::of, clock, records,
                Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private void close() {
        if (family != null) {
            family.close();
            family = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }

    private Peer peer(int number) {
        return peers.get(number - 1);
    }

    private Peer byIdurl(String idurl) {
        return peers.stream().filter(peer -> peer.idurl.toString().equals(idurl)).findFirst().orElseThrow();
    }

    /** Sets the candidates before the family opens: as a preset, since the family declares the option. */
    private void preset(Peer... candidates) {
        config = new Options(folder.getRoot().toPath().resolve("options.properties"), null,
                Map.of("BITDUST_SERVICES_EMPLOYER_CANDIDATES", Stream.of(candidates).map(p -> p.idurl.toString())
                        .collect(Collectors.joining(","))));
    }

    private void candidates(Peer... candidates) {
        config.set("services/employer/candidates", Stream.of(candidates).map(p -> p.idurl.toString())
                .collect(Collectors.joining(",")));
    }

    private void awaitActive(int count) {
        await(() -> family.suppliers().stream().filter(s -> "active".equals(s.contract)).count() == count,
                count + " active suppliers");
    }

    private void awaitRecordOf(int count) {
        await(() -> {
            if (records.content == null) {
                return false;
            }
            FamilyRecord record;
            try {
                record = FamilyRecord.parse(records.content);
            } catch (BitDustException e) {
                return false; // the content the test started with, not yet replaced by the family's
            }
            Map<Integer, String> now = family.suppliers().stream().filter(s -> "active".equals(s.contract))
                    .collect(Collectors.toMap(s -> s.position, s -> s.idurl));
            return record.positions().size() == count && now.size() == count && record.positions().entrySet()
                    .stream().allMatch(e -> e.getValue().idurl().toString().equals(now.get(e.getKey())));
        }, "the record shows the " + count + " active suppliers");
    }

    private List<Packet> sent(Command command) {
        return network.sent.stream().filter(p -> p.command() == command).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting until " + what);
            }
            sleep(10);
        }
    }
}
