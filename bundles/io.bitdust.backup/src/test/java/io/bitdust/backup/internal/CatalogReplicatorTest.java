package io.bitdust.backup.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.internal.CatalogReplicator.Delivery;
import io.bitdust.backup.internal.CatalogReplicator.Problem;
import io.bitdust.backup.internal.CatalogReplicator.PushResult;
import io.bitdust.backup.internal.CatalogReplicator.PushStatus;
import io.bitdust.backup.internal.CatalogReplicator.RecoveryResult;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.VersionState;
import io.bitdust.catalog.internal.CatalogStore;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.derby.Database;
import io.bitdust.storage.CatalogCopy;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.suppliers.CatalogHead;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The catalog's copies at the suppliers, against fake suppliers that keep one copy each by the rule of
 * docs/protocol.md §3.7, with real catalogs (Derby), real keys and real signed packets.
 */
public class CatalogReplicatorTest {
    private static final IdUrl ME = IdUrl.of("http://127.0.0.1:8084", "alice");
    private static final Duration WAIT = Duration.ofSeconds(2);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();
    private final PacketCodec codec = new PacketCodec();
    private final List<Database> databases = new ArrayList<>();
    private KeyRing keys;
    private Suppliers network;

    @Before
    public void setUp() throws Exception {
        keys = keyRing("keys");
        network = new Suppliers(keys);
    }

    @After
    public void tearDown() {
        databases.forEach(Database::close);
    }

    @Test
    public void aPushReachesFourSuppliersOneHoldingANewerCopyAndOneOffline() throws Exception {
        Family family = Family.of(4);
        network.hold(family.at(2), myCopy(family.at(2), 1000, new byte[] {1}));
        network.offline.add(family.at(3));
        CatalogStore catalog = catalog("catalog", keys);
        catalog.add(List.of(NewItem.file("/home/alice/a.txt", 10)));
        CatalogReplicator replicator = replicator(family, catalog);

        PushResult first = replicator.push();
        long revision = catalog.revision();
        assertEquals(revision, first.revision());
        assertEquals(List.of(PushStatus.ACCEPTED, PushStatus.ACCEPTED, PushStatus.HOLDS_NEWER,
                PushStatus.NO_ANSWER), statuses(first));
        assertEquals("stale-catalog: revision " + revision + " is not higher than 1000 held",
                first.deliveries().get(2).reason());
        assertTrue(first.deliveries().get(3).reason(), first.deliveries().get(3).reason().contains("offline"));
        assertFalse(first.everywhere());
        assertTrue(first.summary(), first.summary().contains("position 3 " + family.at(3)));
        for (int position : List.of(0, 1)) {
            CatalogCopy held = network.heldCopy(family.at(position));
            assertEquals(revision, held.revision());
            assertEquals(revision, catalog.inspectExport(held.export()).revision());
        }
        assertEquals(1000, network.heldCopy(family.at(2)).revision());

        // nothing changed: who has the revision is not asked again; the others are
        network.offline.clear();
        network.silent.add(family.at(3));
        PushResult second = replicator.push();
        assertEquals(List.of(PushStatus.UP_TO_DATE, PushStatus.UP_TO_DATE, PushStatus.HOLDS_NEWER,
                PushStatus.NO_ANSWER), statuses(second));
        assertTrue(second.deliveries().get(3).reason(), second.deliveries().get(3).reason().startsWith("no answer"
                + " within"));
        assertEquals(List.of(1L, 1L, 2L, 2L), sentTo(family));

        // a change: everybody is sent the new revision
        network.silent.clear();
        catalog.add(List.of(NewItem.file("/home/alice/b.txt", 20)));
        PushResult third = replicator.push();
        assertTrue(third.revision() > revision);
        assertEquals(List.of(PushStatus.ACCEPTED, PushStatus.ACCEPTED, PushStatus.HOLDS_NEWER,
                PushStatus.ACCEPTED), statuses(third));
        assertEquals(third.revision(), network.heldCopy(family.at(3)).revision());
        assertTrue(third.everywhere());

        // a new supplier at a position gets the copy at the next push, nobody else is asked
        IdUrl newcomer = IdUrl.of("http://127.0.0.1:8084", "newcomer");
        family.hired.put(1, newcomer);
        List<Long> before = sentTo(family);
        PushResult fourth = replicator.push();
        assertEquals(List.of(PushStatus.UP_TO_DATE, PushStatus.ACCEPTED, PushStatus.HOLDS_NEWER,
                PushStatus.UP_TO_DATE), statuses(fourth));
        assertEquals(third.revision(), network.heldCopy(newcomer).revision());
        assertEquals(before.get(0), sentTo(family).get(0));
        assertEquals(before.get(3), sentTo(family).get(3));
    }

    @Test
    public void aRefusalOtherThanStaleIsReportedAndTriedAgain() throws Exception {
        Family family = Family.of(2);
        network.refusing.put(family.at(1), "quota: storing 5000 bytes would use 9000 of the 8000 bytes allocated");
        CatalogStore catalog = catalog("catalog", keys);
        CatalogReplicator replicator = replicator(family, catalog);
        PushResult first = replicator.push();
        assertEquals(List.of(PushStatus.ACCEPTED, PushStatus.REFUSED), statuses(first));
        assertTrue(first.deliveries().get(1).reason(), first.deliveries().get(1).reason().startsWith("quota: "));
        network.refusing.clear();
        assertEquals(List.of(PushStatus.UP_TO_DATE, PushStatus.ACCEPTED), statuses(replicator.push()));
    }

    @Test
    public void recoveryImportsTheHighestValidCopyAndNamesEveryOtherOne() throws Exception {
        CatalogStore old = catalog("old", keys);
        old.add(List.of(NewItem.file("/home/alice/a.txt", 10)));
        byte[] early = old.export();
        long earlyRevision = old.inspectExport(early).revision();
        CatalogItem report = old.add(List.of(NewItem.file("/home/alice/docs/report.pdf", 5000))).get(0);
        CatalogVersion version = old.startVersion(report.pathId(), "ecc/4x4");
        old.completeVersion(version.backupId(), 3, 5000, "manifest-1");
        byte[] latest = old.export();
        long latestRevision = old.inspectExport(latest).revision();
        assertTrue(latestRevision > earlyRevision);

        KeyRing others = keyRing("other-keys");
        CatalogStore foreign = catalog("foreign", others);
        for (int i = 0; i < 30; i++) {
            foreign.add(List.of(NewItem.file("/mallory/f" + i, i)));
        }
        byte[] foreignExport = foreign.export();
        long foreignRevision = foreign.inspectExport(foreignExport).revision();
        assertTrue(foreignRevision > latestRevision);

        Family family = Family.of(7);
        network.hold(family.at(0), myCopy(family.at(0), earlyRevision, early));
        network.hold(family.at(1), myCopy(family.at(1), latestRevision, latest));
        network.hold(family.at(2), myCopy(family.at(2), foreignRevision, foreignExport));
        SigningKeyPair stranger = SigningKeyPair.generate(random);
        network.hold(family.at(3), Packet.sign(Command.DATA, ME, ME, "forged", System.currentTimeMillis(),
                family.at(3), new CatalogCopy(latestRevision + 50, latest).toStoredData().toBytes(), stranger));
        network.offline.add(family.at(4));
        network.hold(family.at(5), myCopy(family.at(5), latestRevision + 5, early));
        // position 6 holds nothing

        CatalogStore fresh = catalog("fresh", keys);
        CatalogItem local = fresh.item(fresh.add(List.of(NewItem.file("/var/local-only.txt", 1))).get(0).pathId())
                .orElseThrow();
        RecoveryResult result = replicator(family, fresh).recover();

        assertEquals(7, result.asked());
        assertEquals(6, result.answered());
        assertEquals(2, result.valid());
        assertEquals(latestRevision, result.revision().getAsLong());
        assertEquals(latestRevision, result.imported().orElseThrow().exportRevision());
        assertEquals(old.tree().size(), result.imported().orElseThrow().itemsAdded());
        assertEquals(1, result.imported().orElseThrow().versionsAdded());
        assertFalse(result.allAnswered());
        assertTrue(result.summary(), result.summary().contains("not all suppliers answered"));

        Map<Integer, String> problems = result.problems().stream().collect(Collectors.toMap(Problem::position,
                Problem::problem));
        assertEquals(Set.of(2, 3, 4, 5, 6), problems.keySet());
        assertTrue(problems.get(2), problems.get(2).startsWith("invalid copy of revision " + foreignRevision
                + ": catalog export cannot be opened with my key"));
        assertTrue(problems.get(3), problems.get(3).startsWith("invalid answer: ")
                && problems.get(3).contains("nests no packet of mine"));
        assertTrue(problems.get(4), problems.get(4).startsWith("no answer: ") && problems.get(4).contains("offline"));
        assertEquals("invalid copy: it says revision " + (latestRevision + 5) + " but its signed export has revision "
                + earlyRevision, problems.get(5));
        assertTrue(problems.get(6), problems.get(6).startsWith("holds no catalog copy: "));
        for (Problem problem : result.problems()) {
            assertEquals(family.at(problem.position()), problem.supplier());
        }

        List<String> expected = new ArrayList<>(paths(old.tree()));
        expected.addAll(List.of("/var", "/var/local-only.txt"));
        assertEquals(expected.stream().sorted().collect(Collectors.toList()), paths(fresh.tree()));
        // path IDs are drawn at random among siblings: when the import took the local item's, the local one moved
        CatalogItem kept = fresh.itemByLocalPath(local.localPath()).orElseThrow();
        assertEquals("nothing the catalog had is lost", List.of(local.name(), local.type(), local.size()),
                List.of(kept.name(), kept.type(), kept.size()));
        CatalogVersion recovered = fresh.version(version.backupId()).orElseThrow();
        assertEquals(VersionState.COMPLETE, recovered.state());
        assertEquals("manifest-1", recovered.manifest());
        assertTrue(fresh.revision() > latestRevision);
        assertFalse(fresh.itemByLocalPath("/mallory/f1").isPresent());
    }

    @Test
    public void withoutAValidCopyNothingIsImported() throws Exception {
        Family family = Family.of(2);
        network.offline.add(family.at(1));
        CatalogStore fresh = catalog("fresh", keys);
        long revision = fresh.revision();
        RecoveryResult result = replicator(family, fresh).recover();
        assertEquals(2, result.asked());
        assertEquals(1, result.answered());
        assertEquals(0, result.valid());
        assertTrue(result.revision().isEmpty());
        assertTrue(result.imported().isEmpty());
        assertTrue(result.summary(), result.summary().startsWith("nothing imported: no valid copy; 2 asked, 1"
                + " answered, 0 valid; not all suppliers answered"));
        assertEquals(revision, fresh.revision());
    }

    @Test
    public void pushedCopiesAreRecoveredOnANodeWithMyKeys() throws Exception {
        Family family = Family.of(4);
        CatalogStore catalog = catalog("catalog", keys);
        catalog.add(List.of(NewItem.folder("/srv/photos"), NewItem.file("/srv/photos/cat.jpg", 77)));
        assertTrue(replicator(family, catalog).push().everywhere());

        CatalogStore fresh = catalog("fresh", keys);
        RecoveryResult result = replicator(family, fresh).recover();
        assertEquals(4, result.valid());
        assertTrue(result.allAnswered());
        assertEquals(List.of(), result.problems());
        assertEquals(catalog.revision(), result.revision().getAsLong());
        assertEquals(catalog.tree(), fresh.tree());
    }

    @Test
    public void aCopyASupplierTookGoesIntoMyRecoveryRecordAndARecoverySaysWhenItFindsAnOlderOne() throws Exception {
        Family family = Family.of(2);
        CatalogStore catalog = catalog("catalog", keys);
        network.offline.add(family.at(0));
        network.offline.add(family.at(1));
        catalog.add(List.of(NewItem.file("/srv/a.txt", 1)));
        replicator(family, catalog).push();
        assertEquals("a copy nobody took is no head", null, family.head);

        network.offline.clear();
        CatalogReplicator replicator = replicator(family, catalog);
        PushResult early = replicator.push();
        CatalogCopy earlyCopy = network.heldCopy(family.at(0));
        CatalogHead earlyHead = new CatalogHead(early.revision(), catalog.inspectExport(earlyCopy.export())
                .contentHash());
        assertEquals(earlyHead, family.head);
        Packet earlyPacket = myCopy(family.at(0), earlyCopy.revision(), earlyCopy.export());

        catalog.add(List.of(NewItem.file("/srv/b.txt", 2)));
        PushResult latest = replicator.push();
        assertTrue(latest.revision() > early.revision());
        assertEquals(latest.revision(), family.head.revision());
        CatalogHead latestHead = family.head;

        // the newest copies are lost: the suppliers hold the early one again (e.g. replaced, their data rebuilt)
        Suppliers older = new Suppliers(keys);
        older.hold(family.at(0), earlyPacket);
        older.hold(family.at(1), myCopy(family.at(1), earlyCopy.revision(), earlyCopy.export()));
        network = older;
        RecoveryResult stale = replicator(family, catalog("fresh", keys)).recover();
        assertEquals(early.revision(), stale.revision().getAsLong());
        String warning = "the newest catalog copy found is revision " + early.revision()
                + "; the recovery record names revision " + latest.revision();
        assertEquals(Optional.of(warning), stale.recordWarning());
        assertTrue(stale.summary(), stale.summary().endsWith("; " + warning));

        family.head = earlyHead;
        RecoveryResult current = replicator(family, catalog("fresh-2", keys)).recover();
        assertEquals(Optional.empty(), current.recordWarning());
        assertFalse(current.summary(), current.summary().contains("recovery record"));

        family.head = new CatalogHead(early.revision(), latestHead.contentHash());
        assertTrue(replicator(family, catalog("fresh-3", keys)).recover().recordWarning().orElseThrow()
                .contains("another content hash"));

        family.head = latestHead;
        network = new Suppliers(keys);
        assertEquals(Optional.of("the newest catalog copy found is none; the recovery record names revision "
                + latest.revision()), replicator(family, catalog("fresh-4", keys)).recover().recordWarning());
    }

    @Test
    public void aWaitThatIsNotPositiveIsRefused() throws Exception {
        try {
            new CatalogReplicator(network, Family.of(1), catalog("c", keys), ME, keys.signingPublicKey(), codec,
                    Duration.ZERO);
            throw new AssertionError("accepted a zero wait");
        } catch (BitDustException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("must be positive"));
        }
        assertEquals(CatalogCopy.NAME, NamingKey.CATALOG_OBJECT);
    }

    private CatalogReplicator replicator(Family family, CatalogStore catalog) {
        return new CatalogReplicator(network, family, catalog, ME, keys.signingPublicKey(), codec, WAIT);
    }

    private Packet myCopy(IdUrl supplier, long revision, byte[] export) {
        return Packet.sign(Command.DATA, ME, ME, UUID.randomUUID().toString(), System.currentTimeMillis(), supplier,
                new CatalogCopy(revision, export).toStoredData().toBytes(), keys::sign);
    }

    private CatalogStore catalog(String name, KeyRing ring) throws Exception {
        Database database = Database.embedded(temp.newFolder(name).toPath(), CatalogStore.SCHEMA);
        databases.add(database);
        return new CatalogStore(database, ring, random, Clock.systemUTC());
    }

    private KeyRing keyRing(String name) throws Exception {
        Path folder = temp.newFolder(name).toPath();
        FileKeyRing ring = new FileKeyRing(folder, random);
        ring.create();
        return ring;
    }

    private List<Long> sentTo(Family family) {
        List<Long> counts = new ArrayList<>();
        for (int position = 0; position < family.size; position++) {
            IdUrl supplier = family.at(position);
            counts.add(network.sent.stream().filter(packet -> packet.remote().equals(supplier)
                    && packet.command() == Command.DATA).count());
        }
        return counts;
    }

    private static List<PushStatus> statuses(PushResult result) {
        return result.deliveries().stream().map(Delivery::status).collect(Collectors.toList());
    }

    private static List<String> paths(List<CatalogItem> items) {
        return items.stream().map(CatalogItem::localPath).sorted().collect(Collectors.toList());
    }

    /** Who is hired where. */
    private static final class Family implements SupplierService {
        final Map<Integer, IdUrl> hired = new ConcurrentHashMap<>();
        final int size;
        /** The catalog head my recovery record carries. */
        volatile CatalogHead head;

        private Family(int size) {
            this.size = size;
        }

        static Family of(int size) {
            Family family = new Family(size);
            for (int position = 0; position < size; position++) {
                family.hired.put(position, IdUrl.of("http://127.0.0.1:8084", "supplier-" + position));
            }
            return family;
        }

        IdUrl at(int position) {
            return hired.get(position);
        }

        @Override
        public List<SupplierDTO> suppliers() {
            List<SupplierDTO> all = new ArrayList<>();
            for (int position = 0; position < size; position++) {
                SupplierDTO dto = new SupplierDTO();
                dto.position = position;
                dto.idurl = Optional.ofNullable(hired.get(position)).map(IdUrl::toString).orElse("");
                dto.contract = hired.containsKey(position) ? "active" : "empty";
                all.add(dto);
            }
            return all;
        }

        @Override
        public Optional<IdUrl> supplier(int position) {
            return Optional.ofNullable(hired.get(position));
        }

        @Override
        public SupplierDTO replace(int position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SupplierDTO change(int position, IdUrl newSupplier) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SupplierDTO> ping() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SpaceConsumedDTO space() {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable subscribe(IntConsumer listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void catalogHead(CatalogHead next) {
            head = next;
        }

        @Override
        public Optional<CatalogHead> catalogHead() {
            return Optional.ofNullable(head);
        }
    }

    /**
     * My gateway to suppliers that each keep one catalog copy as §3.7 says (a higher revision replaces it, any other
     * is refused {@code stale-catalog}) and serve it nested on a Retrieve; some are offline, silent or refuse.
     */
    private static final class Suppliers implements Gateway {
        final List<Packet> sent = new CopyOnWriteArrayList<>();
        final Set<IdUrl> offline = ConcurrentHashMap.newKeySet();
        final Set<IdUrl> silent = ConcurrentHashMap.newKeySet();
        final Map<IdUrl, String> refusing = new ConcurrentHashMap<>();
        private final Map<IdUrl, Packet> held = new ConcurrentHashMap<>();
        private final SigningKeyPair supplierKey = SigningKeyPair.generate(new SecureRandom());
        private final KeyRing keys;
        private final PacketCodec codec = new PacketCodec();

        Suppliers(KeyRing keys) {
            this.keys = keys;
        }

        void hold(IdUrl supplier, Packet copy) {
            held.put(supplier, copy);
        }

        CatalogCopy heldCopy(IdUrl supplier) {
            return CatalogCopy.parse(StoredData.parse(held.get(supplier).payload()).data());
        }

        @Override
        public Packet packet(Command command, IdUrl remote, byte[] payload) {
            return Packet.sign(command, ME, ME, UUID.randomUUID().toString(), System.currentTimeMillis(), remote,
                    payload, keys::sign);
        }

        @Override
        public synchronized CompletionStage<Packet> request(Packet packet) {
            sent.add(packet);
            IdUrl supplier = packet.remote();
            if (offline.contains(supplier)) {
                return CompletableFuture.failedFuture(BitDustException.unavailable(supplier + " is offline"));
            }
            if (silent.contains(supplier)) {
                return new CompletableFuture<>();
            }
            if (refusing.containsKey(supplier)) {
                return answer(packet, Command.FAIL, refusing.get(supplier).getBytes(StandardCharsets.UTF_8));
            }
            if (packet.command() == Command.DATA) {
                CatalogCopy copy = CatalogCopy.parse(StoredData.parse(packet.payload()).data());
                if (held.containsKey(supplier) && heldCopy(supplier).revision() >= copy.revision()) {
                    return answer(packet, Command.FAIL, ("stale-catalog: revision " + copy.revision()
                            + " is not higher than " + heldCopy(supplier).revision() + " held")
                            .getBytes(StandardCharsets.UTF_8));
                }
                held.put(supplier, packet);
                return answer(packet, Command.ACK, "stored 1 of 2".getBytes(StandardCharsets.UTF_8));
            }
            if (packet.command() == Command.RETRIEVE) {
                String name = RetrieveRequest.parse(packet.payload()).name();
                Packet stored = held.get(supplier);
                if (!NamingKey.CATALOG_OBJECT.equals(name) || stored == null) {
                    return answer(packet, Command.FAIL, ("not-found: not found: " + name)
                            .getBytes(StandardCharsets.UTF_8));
                }
                return answer(packet, Command.DATA, Payload.builder().packet(RetrieveRequest.ANSWER_FIELD, stored,
                        codec).build().toBytes());
            }
            return answer(packet, Command.FAIL, "unsupported".getBytes(StandardCharsets.UTF_8));
        }

        private CompletionStage<Packet> answer(Packet request, Command command, byte[] payload) {
            return CompletableFuture.completedFuture(Packet.sign(command, request.remote(), request.remote(),
                    request.packetId(), System.currentTimeMillis(), ME, payload, supplierKey));
        }

        @Override
        public CompletionStage<Void> send(Packet packet) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PingDTO ping(IdUrl peer, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean online(IdUrl peer) {
            return !offline.contains(peer);
        }

        @Override
        public List<TransportDTO> transports() {
            return List.of();
        }

        @Override
        public long dropped() {
            return 0;
        }
    }
}
