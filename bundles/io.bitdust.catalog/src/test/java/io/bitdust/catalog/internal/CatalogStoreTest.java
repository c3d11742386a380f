package io.bitdust.catalog.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.catalog.AdoptedVersion;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.DeletedVersion;
import io.bitdust.catalog.ExportInfo;
import io.bitdust.catalog.FragmentState;
import io.bitdust.catalog.ImportResult;
import io.bitdust.catalog.ItemType;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewFragment;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.VersionDelivery;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SealedBox;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.derby.Database;
import io.bitdust.derby.Schema;
import io.bitdust.pipeline.FragmentName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CatalogStoreTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final TestClock clock = new TestClock(Instant.parse("2016-03-13T16:37:57Z"));
    private final List<Database> databases = new ArrayList<>();
    private KeyRing keys;
    private Path data;
    private CatalogStore catalog;

    @Before
    public void setUp() throws Exception {
        keys = keyRing();
        data = folder.newFolder("node").toPath();
        catalog = open(data, keys);
    }

    @After
    public void tearDown() {
        databases.forEach(Database::close);
    }

    @Test
    public void addingAFileAddsItsFoldersWithPathIds() {
        CatalogItem file = catalog.add(List.of(NewItem.file("/home/alice/a.txt", 42))).get(0);

        assertEquals(ItemType.FILE, file.type());
        assertEquals("a.txt", file.name());
        assertEquals("/home/alice/a.txt", file.localPath());
        assertEquals(42, file.size());
        assertTrue(file.pathId().matches("[0-9]+/[0-9]+/[0-9]+"));
        CatalogItem alice = catalog.item(file.parentId()).orElseThrow();
        assertEquals("/home/alice", alice.localPath());
        assertEquals(ItemType.DIR, alice.type());
        CatalogItem home = catalog.item(alice.parentId()).orElseThrow();
        assertEquals("home", home.name());
        assertNull(home.parentId());
        assertEquals(List.of(home), catalog.children(null));
        assertEquals(List.of(file), catalog.children(alice.pathId()));
        assertEquals(file, catalog.itemByLocalPath("/home/alice/a.txt").orElseThrow());
        assertEquals(List.of(home, alice, file), catalog.tree());
    }

    @Test
    public void siblingsGetDistinctIdsAndAKnownPathKeepsItsItem() {
        List<NewItem> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(NewItem.file("/data/f" + i, i));
        }
        List<CatalogItem> added = catalog.add(entries);
        assertEquals(40, added.stream().map(CatalogItem::pathId).distinct().count());
        long revision = catalog.revision();

        CatalogItem again = catalog.add(List.of(NewItem.file("/data/f7", 7))).get(0);

        assertEquals(added.get(7), again);
        assertEquals(revision, catalog.revision());
        assertEquals(40, catalog.children(catalog.itemByLocalPath("/data").orElseThrow().pathId()).size());
    }

    @Test
    public void badPathsAndTypeClashesAreRefusedAndChangeNothing() {
        catalog.add(List.of(NewItem.file("/a/b", 1)));
        long revision = catalog.revision();

        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> catalog.add(List.of(NewItem.file("relative/x", 1)))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> catalog.add(List.of(NewItem.file("/a/../x", 1)))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> catalog.add(List.of(NewItem.file("/"
                + "d/".repeat(60) + "x", 1)))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> catalog.add(List.of(NewItem.file("/"
                + "n".repeat(5000), 1)))));
        assertEquals(ErrorCode.CONFLICT, code(() -> catalog.add(List.of(NewItem.file("/c", 1),
                NewItem.file("/a/b/c", 1)))));
        assertEquals(ErrorCode.CONFLICT, code(() -> catalog.add(List.of(NewItem.folder("/a/b")))));

        assertTrue(catalog.itemByLocalPath("/c").isEmpty());
        assertEquals(revision, catalog.revision());
    }

    @Test
    public void versionsAreNamedAsTheOriginalWithASuffixInTheSameSecond() {
        String pathId = catalog.add(List.of(NewItem.file("/a", 1))).get(0).pathId();

        CatalogVersion first = catalog.startVersion(pathId, "ecc/4x4");
        CatalogVersion second = catalog.startVersion(pathId, "ecc/4x4");
        clock.now = Instant.parse("2016-03-14T04:00:01Z");
        CatalogVersion morning = catalog.startVersion(pathId, "ecc/4x4");

        assertEquals(pathId + "/F20160313043757PM", first.backupId());
        assertEquals("F20160313043757PM", first.name());
        assertEquals(pathId + "/F20160313043757PM1", second.backupId());
        assertEquals("F20160314040001AM", morning.name());
        assertEquals(VersionState.RUNNING, first.state());
        assertEquals(List.of(first, second, morning), catalog.versions(pathId));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> catalog.startVersion("99", "ecc/4x4")));
    }

    @Test
    public void concurrentChangesTakeTurns() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<CatalogItem>> adds = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                adds.add(pool.submit(() -> catalog.add(List.of(NewItem.file("/same/file", 1))).get(0)));
            }
            Set<CatalogItem> added = new HashSet<>();
            for (Future<CatalogItem> add : adds) {
                added.add(add.get());
            }
            assertEquals(1, added.size());
            assertEquals(2, catalog.tree().size());
            String pathId = added.iterator().next().pathId();

            List<Future<CatalogVersion>> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                starts.add(pool.submit(() -> catalog.startVersion(pathId, "ecc/2x2")));
            }
            Set<String> names = new HashSet<>();
            for (Future<CatalogVersion> start : starts) {
                names.add(start.get().name());
            }
            assertEquals(8, names.size());
            assertEquals(9, catalog.revision());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void aVersionCompletesOrEndsOnceOnly() {
        String pathId = catalog.add(List.of(NewItem.file("/a", 1))).get(0).pathId();
        CatalogVersion version = catalog.startVersion(pathId, "ecc/2x2");

        CatalogVersion complete = catalog.completeVersion(version.backupId(), 3, 1000, "abc123");

        assertEquals(VersionState.COMPLETE, complete.state());
        assertEquals(3, complete.blocks());
        assertEquals(1000, complete.bytes());
        assertEquals("abc123", complete.manifest());
        assertEquals("ecc/2x2", complete.eccMap());
        assertEquals(ErrorCode.CONFLICT, code(() -> catalog.endVersion(version.backupId(), VersionState.FAILED)));
        assertEquals(ErrorCode.CONFLICT, code(() -> catalog.completeVersion(version.backupId(), 1, 1, null)));
        CatalogVersion other = catalog.startVersion(pathId, "ecc/2x2");
        assertEquals(VersionState.ABORTED, catalog.endVersion(other.backupId(), VersionState.ABORTED).state());
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> catalog.endVersion(other.backupId(),
                VersionState.COMPLETE)));
    }

    @Test
    public void fragmentsAreRecordedDeliveredAndMissingAtTheirPosition() {
        String pathId = catalog.add(List.of(NewItem.file("/a", 1))).get(0).pathId();
        String backupId = catalog.startVersion(pathId, "ecc/2x2").backupId();
        byte[] key = new byte[32];
        List<FragmentName> refs = new ArrayList<>();
        long revision = catalog.revision();
        for (int block = 0; block < 2; block++) {
            List<NewFragment> fragments = new ArrayList<>();
            for (int position = 0; position < 2; position++) {
                for (boolean parity : new boolean[] {false, true}) {
                    FragmentName ref = new FragmentName(backupId, block, position, parity);
                    refs.add(ref);
                    fragments.add(new NewFragment(ref, new NamingKey(key).fragment(ref), 100 + block));
                }
            }
            catalog.recordFragments(fragments);
        }
        assertEquals("one change per block recorded", revision + 2, catalog.revision());
        assertEquals(8, catalog.fragments(backupId).size());
        assertTrue(catalog.fragments(backupId).stream().noneMatch(FragmentState::isDelivered));

        List<FragmentName> delivered = refs.stream().filter(ref -> ref.position() == 0 || ref.block() == 0)
                .collect(Collectors.toList());
        FragmentName unknown = new FragmentName(backupId, 5, 0, false);
        List<FragmentName> withUnknown = new ArrayList<>(delivered);
        withUnknown.add(unknown);
        assertEquals(List.of(unknown), catalog.markDelivered(withUnknown));
        assertEquals("one change for the batch", revision + 3, catalog.revision());
        assertEquals(List.of(unknown), catalog.markDelivered(List.of(unknown)));
        assertEquals("nothing delivered, no change", revision + 3, catalog.revision());
        assertEquals(Map.of(backupId, new VersionDelivery(8, 6)), catalog.deliveries());
        assertFalse(catalog.deliveries().get(backupId).whole());

        assertTrue(catalog.missingAt(0).isEmpty());
        List<FragmentState> missing = catalog.missingAt(1);
        assertEquals(List.of(new FragmentName(backupId, 1, 1, false), new FragmentName(backupId, 1, 1, true)),
                missing.stream().map(FragmentState::ref).collect(Collectors.toList()));
        assertEquals(101, missing.get(0).size());
        assertEquals(new NamingKey(key).fragment(missing.get(0).ref()), missing.get(0).objectName());
        assertEquals(clock.now, catalog.fragments(backupId).get(0).delivered());

        assertEquals(4, catalog.markPositionUndelivered(0));
        assertEquals(4, catalog.missingAt(0).size());
        catalog.markUndelivered(new FragmentName(backupId, 0, 1, false));
        assertEquals(3, catalog.missingAt(1).size());
        long before = catalog.revision();
        assertEquals(ErrorCode.NOT_FOUND, code(() -> catalog.recordFragments(List.of(
                new NewFragment(new FragmentName(backupId, 2, 0, false), "y", 1),
                new NewFragment(new FragmentName(pathId + "/F20000101000000AM", 0, 0, false), "x", 1)))));
        assertEquals("a refused batch records nothing", 8, catalog.fragments(backupId).size());
        assertEquals(before, catalog.revision());
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> new NewFragment(new FragmentName(backupId, 0, 0, false),
                "", 1)));
    }

    @Test
    public void aFragmentRecordedAgainIsRewrittenNotDeliveredBesideNewOnesOfItsBlock() {
        String pathId = catalog.add(List.of(NewItem.file("/a", 1))).get(0).pathId();
        String backupId = catalog.startVersion(pathId, "ecc/2x2").backupId();
        FragmentName first = new FragmentName(backupId, 0, 0, false);
        FragmentName second = new FragmentName(backupId, 0, 1, false);
        catalog.recordFragments(List.of(new NewFragment(first, "old", 1)));
        assertEquals(List.of(), catalog.markDelivered(List.of(first)));

        catalog.recordFragments(List.of(new NewFragment(second, "new", 3), new NewFragment(first, "again", 2)));

        List<FragmentState> fragments = catalog.fragments(backupId);
        assertEquals(List.of(first, second), fragments.stream().map(FragmentState::ref).collect(Collectors.toList()));
        assertEquals("again", fragments.get(0).objectName());
        assertEquals(2, fragments.get(0).size());
        assertFalse("recorded again, so not delivered", fragments.get(0).isDelivered());
        assertEquals("new", fragments.get(1).objectName());
    }

    @Test
    public void fragmentsOfFailedVersionsAreNotMissing() {
        String pathId = catalog.add(List.of(NewItem.file("/a", 1))).get(0).pathId();
        String backupId = catalog.startVersion(pathId, "ecc/2x2").backupId();
        catalog.recordFragments(List.of(new NewFragment(new FragmentName(backupId, 0, 0, false), "name", 1)));
        assertEquals(1, catalog.missingAt(0).size());

        catalog.endVersion(backupId, VersionState.FAILED);

        assertTrue(catalog.missingAt(0).isEmpty());
    }

    @Test
    public void aBlockNumberBeyondAnIntIsRefusedNamingTheFragmentAndChangesNothing() {
        String pathId = catalog.add(List.of(NewItem.file("/a", 1))).get(0).pathId();
        String backupId = catalog.startVersion(pathId, "ecc/2x2").backupId();
        FragmentName last = new FragmentName(backupId, Integer.MAX_VALUE, 0, false);
        FragmentName beyond = new FragmentName(backupId, Integer.MAX_VALUE + 1L, 0, false);
        catalog.recordFragments(List.of(new NewFragment(last, "last", 1)));
        long revision = catalog.revision();

        for (Runnable refused : List.<Runnable>of(
                () -> catalog.recordFragments(List.of(new NewFragment(beyond, "beyond", 1))),
                () -> catalog.markDelivered(List.of(last, beyond)),
                () -> catalog.markUndelivered(beyond))) {
            BitDustException e = assertThrows(BitDustException.class, refused::run);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(beyond.toString()));
        }

        assertEquals(revision, catalog.revision());
        List<FragmentState> fragments = catalog.fragments(backupId);
        assertEquals(List.of(last), fragments.stream().map(FragmentState::ref).collect(Collectors.toList()));
        assertEquals("read back as a long", (long) Integer.MAX_VALUE, fragments.get(0).ref().block());
        assertFalse(fragments.get(0).isDelivered());
    }

    @Test
    public void objectNamesAreOpaqueAndKeyed() {
        FragmentName ref = new FragmentName("0/0/1/F20160313043757PM", 3, 2, true);
        byte[] key = new byte[32];
        byte[] other = new byte[32];
        other[0] = 1;

        assertEquals("0/0/1/F20160313043757PM/3-2-Parity", ref.toString());
        assertEquals(ref, FragmentName.parse(ref.toString()));
        assertTrue(new NamingKey(key).fragment(ref).matches("[0-9a-f]{64}"));
        assertEquals(new NamingKey(key).fragment(ref), new NamingKey(key.clone()).fragment(ref));
        assertNotEquals(new NamingKey(key).fragment(ref), new NamingKey(other).fragment(ref));
        assertNotEquals(new NamingKey(key).fragment(ref),
                new NamingKey(key).fragment(new FragmentName(ref.backupId(), 3, 2, false)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> new NamingKey(new byte[8]).fragment(ref)));
    }

    @Test
    public void retentionGivesTheVersionsBeyondMaxCopiesOldestFirst() {
        List<CatalogItem> items = catalog.add(List.of(NewItem.file("/a", 1), NewItem.file("/b", 1)));
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            a.add(complete(items.get(0).pathId()));
            clock.now = clock.now.plusSeconds(1);
            b.add(complete(items.get(1).pathId()));
            clock.now = clock.now.plusSeconds(1);
        }
        catalog.startVersion(items.get(0).pathId(), "ecc/2x2");

        List<String> beyond = catalog.beyondMaxCopies(2).stream().map(CatalogVersion::backupId)
                .collect(Collectors.toList());

        assertEquals(List.of(a.get(0), b.get(0), a.get(1), b.get(1)), beyond);
        assertTrue(catalog.beyondMaxCopies(4).isEmpty());
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> catalog.beyondMaxCopies(0)));
    }

    @Test
    public void deletingAVersionOrAnItemGivesTheirFragments() {
        catalog.add(List.of(NewItem.file("/d/x", 1), NewItem.file("/d/y", 1), NewItem.file("/e", 1)));
        CatalogItem d = catalog.itemByLocalPath("/d").orElseThrow();
        String x = catalog.itemByLocalPath("/d/x").orElseThrow().pathId();
        String y = catalog.itemByLocalPath("/d/y").orElseThrow().pathId();
        String e = catalog.itemByLocalPath("/e").orElseThrow().pathId();
        String vx = catalog.startVersion(x, "ecc/2x2").backupId();
        String vy = catalog.startVersion(y, "ecc/2x2").backupId();
        String ve = catalog.startVersion(e, "ecc/2x2").backupId();
        for (String backupId : List.of(vx, vy, ve)) {
            catalog.recordFragments(List.of(new NewFragment(new FragmentName(backupId, 0, 0, false),
                    "n" + backupId.hashCode(), 1)));
        }

        assertEquals(1, catalog.deleteVersion(ve).size());
        assertTrue(catalog.version(ve).isEmpty());
        assertTrue(catalog.item(e).isPresent());

        List<FragmentState> deleted = catalog.deleteItem(d.pathId());

        assertEquals(List.of(vx, vy).stream().sorted().collect(Collectors.toList()),
                deleted.stream().map(f -> f.ref().backupId()).sorted().collect(Collectors.toList()));
        assertTrue(catalog.item(x).isEmpty());
        assertTrue(catalog.item(d.pathId()).isEmpty());
        assertTrue(catalog.fragments(vx).isEmpty());
        assertEquals(List.of(e), catalog.tree().stream().map(CatalogItem::pathId).collect(Collectors.toList()));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> catalog.deleteItem(d.pathId())));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> catalog.deleteVersion(vx)));
    }

    @Test
    public void aDeletedVersionIsRememberedForGoodAndItsBackupIdNeverUsedAgain() {
        catalog.add(List.of(NewItem.file("/d/x", 1), NewItem.file("/e", 1)));
        String x = catalog.itemByLocalPath("/d/x").orElseThrow().pathId();
        String e = catalog.itemByLocalPath("/e").orElseThrow().pathId();
        String vx = catalog.startVersion(x, "ecc/2x2").backupId();
        catalog.recordFragments(List.of(new NewFragment(new FragmentName(vx, 2, 0, false), "n", 1)));
        catalog.completeVersion(vx, 1, 1, null);
        String ve = catalog.startVersion(e, "ecc/2x2").backupId();
        assertTrue(catalog.deletedVersion(vx).isEmpty());

        catalog.deleteVersion(vx);
        catalog.deleteItem(catalog.itemByLocalPath("/e").orElseThrow().pathId());

        assertEquals(new DeletedVersion(vx, clock.now, 3), catalog.deletedVersion(vx).orElseThrow());
        assertEquals(List.of(vx, ve).stream().sorted().collect(Collectors.toList()), catalog.deletedVersions()
                .stream().map(DeletedVersion::backupId).collect(Collectors.toList()));
        // in the same second, the name a deleted version had is not given again
        CatalogVersion again = catalog.startVersion(x, "ecc/2x2");
        assertNotEquals(vx, again.backupId());
        assertEquals(vx + "1", again.backupId());
        assertEquals(ErrorCode.CONFLICT, code(() -> catalog.adoptVersion(new AdoptedVersion(vx, "ecc/2x2", 1, 1,
                "ref", List.of()))));
        assertTrue(catalog.version(vx).isEmpty());

        databases.remove(0).close();
        CatalogStore reopened = open(data, keys);

        assertEquals(new DeletedVersion(vx, clock.now, 3), reopened.deletedVersion(vx).orElseThrow());
        assertEquals(2, reopened.deletedVersions().size());
        assertEquals(ErrorCode.CONFLICT, code(() -> reopened.adoptVersion(new AdoptedVersion(vx, "ecc/2x2", 1, 1,
                "ref", List.of()))));
    }

    @Test
    public void aCatalogOfTheFirstSchemaGetsTheDeletedVersionsOnUpgrade() throws Exception {
        Path old = folder.newFolder("old").toPath();
        Database first = Database.embedded(old, new Schema("catalog", CatalogStore.SCHEMA.steps().subList(0, 1)));
        CatalogStore before = new CatalogStore(first, keys, RANDOM, clock);
        String pathId = before.add(List.of(NewItem.file("/a", 1))).get(0).pathId();
        String backupId = pathId + "/F20160313043757PM";
        first.transaction(connection -> Database.update(connection, "INSERT INTO VERSIONS (BACKUP_ID, PATH_ID,"
                + " VERSION_NAME, VERSION_STATE, BLOCKS, BYTES, CREATED, ECC_MAP) VALUES (?, ?, ?, ?, 1, 1, 0, ?)",
                backupId, pathId, "F20160313043757PM", "COMPLETE", "ecc/2x2"));
        first.close();

        CatalogStore upgraded = open(old, keys);

        assertEquals(VersionState.COMPLETE, upgraded.version(backupId).orElseThrow().state());
        assertTrue(upgraded.deletedVersions().isEmpty());
        upgraded.deleteVersion(backupId);
        assertTrue(upgraded.deletedVersion(backupId).isPresent());
    }

    @Test
    public void theExportCarriesTheDeletedVersionsAndTheImportMergesThem() throws Exception {
        CatalogItem item = catalog.add(List.of(NewItem.file("/home/a.txt", 5))).get(0);
        String kept = complete(item.pathId());
        clock.now = clock.now.plusSeconds(1);
        String gone = complete(item.pathId());
        catalog.deleteVersion(gone);
        DeletedVersion deleted = catalog.deletedVersion(gone).orElseThrow();
        byte[] export = catalog.export();
        assertEquals(List.of(deleted), new CatalogExport(keys, RANDOM).open(export).deleted());

        // a recovered node that adopted the deleted version from leftovers before the export came
        CatalogStore fresh = open(folder.newFolder("fresh").toPath(), keys);
        fresh.adoptVersion(new AdoptedVersion(gone, "ecc/2x2", 1, 1, "ref", List.of(new NewFragment(
                new FragmentName(gone, 0, 1, true), "leftover", 1))));
        fresh.importExport(export);

        assertEquals(List.of(deleted), fresh.deletedVersions());
        assertTrue(fresh.version(gone).isEmpty());
        assertTrue(fresh.fragments(gone).isEmpty());
        assertEquals(VersionState.COMPLETE, fresh.version(kept).orElseThrow().state());
        assertEquals(ErrorCode.CONFLICT, code(() -> fresh.adoptVersion(new AdoptedVersion(gone, "ecc/2x2", 1, 1,
                "ref", List.of()))));

        // an older export that still has the version is not let bring it back either
        CatalogStore other = open(folder.newFolder("other").toPath(), keys);
        other.importExport(export);
        byte[] older = CatalogExport.content(1, null, clock.now, catalog.tree(), List.of(
                catalog.version(kept).orElseThrow(), new CatalogVersion(gone, item.pathId(),
                        gone.substring(gone.indexOf('/') + 1), VersionState.COMPLETE, 1, 1, clock.now, "ecc/2x2",
                        null)));
        ImportResult result = other.importExport(new CatalogExport(keys, RANDOM).seal(older));
        assertEquals(0, result.versionsAdded());
        assertTrue(other.version(gone).isEmpty());
    }

    @Test
    public void anExportWithoutDeletedVersionsImports() throws Exception {
        CatalogItem item = catalog.add(List.of(NewItem.file("/home/a.txt", 5))).get(0);
        String backupId = complete(item.pathId());
        byte[] content = CatalogExport.content(catalog.revision(), null, clock.now, catalog.tree(),
                catalog.allVersions());
        assertFalse(new String(content, StandardCharsets.UTF_8).contains("\"deleted\""));

        CatalogStore fresh = open(folder.newFolder("fresh").toPath(), keys);
        ImportResult result = fresh.importExport(new CatalogExport(keys, RANDOM).seal(content));

        assertEquals(1, result.versionsAdded());
        assertEquals(VersionState.COMPLETE, fresh.version(backupId).orElseThrow().state());
        assertTrue(fresh.deletedVersions().isEmpty());
    }

    @Test
    public void theRevisionGrowsWithEveryChangeAndSurvivesARestart() {
        assertEquals(0, catalog.revision());
        String pathId = catalog.add(List.of(NewItem.file("/a", 1))).get(0).pathId();
        assertEquals(1, catalog.revision());
        String backupId = catalog.startVersion(pathId, "ecc/2x2").backupId();
        assertEquals(2, catalog.revision());
        FragmentName ref = new FragmentName(backupId, 0, 0, false);
        catalog.recordFragments(List.of(new NewFragment(ref, "name", 1)));
        assertEquals(3, catalog.revision());
        catalog.markDelivered(List.of(ref));
        assertEquals(4, catalog.revision());
        catalog.completeVersion(backupId, 1, 1, null);
        assertEquals(5, catalog.revision());
        assertThrows(BitDustException.class, () -> catalog.completeVersion(backupId, 1, 1, null));
        assertEquals(5, catalog.revision());

        databases.remove(0).close();
        CatalogStore reopened = open(data, keys);

        assertEquals(5, reopened.revision());
        assertEquals(VersionState.COMPLETE, reopened.version(backupId).orElseThrow().state());
        reopened.deleteVersion(backupId);
        assertEquals(6, reopened.revision());
    }

    @Test
    public void anExportImportsIntoAFreshCatalog() throws Exception {
        List<CatalogItem> items = catalog.add(List.of(NewItem.file("/home/a.txt", 5), NewItem.folder("/home/sub")));
        String backupId = complete(items.get(0).pathId());
        catalog.recordFragments(List.of(new NewFragment(new FragmentName(backupId, 0, 0, false), "name", 1)));
        byte[] first = catalog.export();
        byte[] second = catalog.export();

        CatalogStore fresh = open(folder.newFolder("fresh").toPath(), keys);
        ImportResult result = fresh.importExport(second);

        assertEquals(catalog.revision(), result.exportRevision());
        assertEquals(catalog.revision() + 1, result.revision());
        assertEquals(catalog.revision() + 1, fresh.revision());
        assertEquals(3, result.itemsAdded());
        assertEquals(1, result.versionsAdded());
        assertEquals(catalog.tree(), fresh.tree());
        assertEquals(catalog.versions(items.get(0).pathId()), fresh.versions(items.get(0).pathId()));
        assertTrue(fresh.fragments(backupId).isEmpty());
        CatalogExport.Opened opened = new CatalogExport(keys, RANDOM).open(second);
        assertEquals(new CatalogExport(keys, RANDOM).open(first).contentHash(), opened.previous());
        assertEquals(clock.now, opened.date());

        ExportInfo info = fresh.inspectExport(second);
        assertEquals(new ExportInfo(result.exportRevision(), opened.previous(), clock.now, opened.contentHash(), 3, 1),
                info);
        assertEquals(catalog.allVersions(), fresh.allVersions());
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> fresh.inspectExport(new byte[100])));

        ImportResult again = fresh.importExport(second);
        assertEquals(0, again.itemsAdded() + again.versionsAdded());
        assertEquals(result.revision() + 1, again.revision());
    }

    @Test
    public void anImportNeverDeletesOrChangesLocalItems() throws Exception {
        CatalogItem local = catalog.add(List.of(NewItem.file("/mine", 3))).get(0);
        String backupId = complete(local.pathId());
        long before = catalog.revision();
        // an export that knows another item under my item's path ID, a new item and a version, and not my version
        Instant then = clock.now.minusSeconds(60);
        CatalogItem clash = new CatalogItem(local.pathId(), null, "theirs", "/theirs", ItemType.DIR, 0, then);
        String freeId = local.pathId().equals("1") ? "2" : "1";
        CatalogItem added = new CatalogItem(freeId, null, "new", "/new", ItemType.DIR, 0, then);
        CatalogItem child = new CatalogItem(freeId + "/0", freeId, "x", "/mine", ItemType.FILE, 1, then);
        CatalogVersion version = new CatalogVersion(freeId + "/F20160313043657PM", freeId, "F20160313043657PM",
                VersionState.COMPLETE, 2, 9, then, "ecc/2x2", "ref");
        byte[] content = CatalogExport.content(before + 10, null, then, List.of(clash, added, child),
                List.of(version));

        ImportResult result = catalog.importExport(new CatalogExport(keys, RANDOM).seal(content));

        assertEquals(local, catalog.item(local.pathId()).orElseThrow());
        assertEquals(local, catalog.itemByLocalPath("/mine").orElseThrow());
        assertEquals(VersionState.COMPLETE, catalog.version(backupId).orElseThrow().state());
        assertEquals(added, catalog.item(freeId).orElseThrow());
        assertNull("a local path used here is not taken over", catalog.item(freeId + "/0").orElseThrow().localPath());
        assertEquals(List.of(version), catalog.versions(freeId));
        assertEquals(2, result.itemsAdded());
        assertEquals(1, result.versionsAdded());
        assertEquals(before + 11, result.revision());
        assertEquals(before + 11, catalog.revision());
    }

    @Test
    public void aLocalItemWithoutVersionsMakesRoomForTheImportedItemOfItsPathId() throws Exception {
        List<CatalogItem> mine = catalog.add(List.of(NewItem.file("/mine/sub.txt", 3)));
        CatalogItem top = catalog.itemByLocalPath("/mine").orElseThrow();
        long before = catalog.revision();
        Instant then = clock.now.minusSeconds(60);
        CatalogItem theirs = new CatalogItem(top.pathId(), null, "theirs", "/theirs", ItemType.DIR, 0, then);
        CatalogItem below = new CatalogItem(top.pathId() + "/0", top.pathId(), "a", "/theirs/a", ItemType.FILE, 1,
                then);
        CatalogVersion version = new CatalogVersion(below.pathId() + "/F20160313043657PM", below.pathId(),
                "F20160313043657PM", VersionState.COMPLETE, 2, 9, then, "ecc/2x2", "ref");
        byte[] content = CatalogExport.content(before + 10, null, then, List.of(theirs, below), List.of(version));

        ImportResult result = catalog.importExport(new CatalogExport(keys, RANDOM).seal(content));

        assertEquals(theirs, catalog.item(top.pathId()).orElseThrow());
        assertEquals(below, catalog.item(below.pathId()).orElseThrow());
        assertEquals(List.of(version), catalog.versions(below.pathId()));
        CatalogItem moved = catalog.itemByLocalPath("/mine").orElseThrow();
        assertNotEquals(top.pathId(), moved.pathId());
        CatalogItem movedChild = catalog.itemByLocalPath("/mine/sub.txt").orElseThrow();
        assertEquals(moved.pathId(), movedChild.parentId());
        assertEquals(mine.get(0).name(), movedChild.name());
        assertEquals(List.of(movedChild), catalog.children(moved.pathId()));
        assertEquals(2, result.itemsAdded());
        assertEquals(1, result.versionsAdded());
    }

    @Test
    public void anImportedItemClashingWithALocalItemWithVersionsIsLeftOutWithEverythingBelowIt() throws Exception {
        CatalogItem local = catalog.add(List.of(NewItem.folder("/mine"))).get(0);
        String backupId = complete(local.pathId());
        Instant then = clock.now.minusSeconds(60);
        CatalogItem theirs = new CatalogItem(local.pathId(), null, "theirs", "/theirs", ItemType.DIR, 0, then);
        CatalogItem below = new CatalogItem(local.pathId() + "/0", local.pathId(), "a", "/theirs/a", ItemType.FILE,
                1, then);
        CatalogVersion version = new CatalogVersion(below.pathId() + "/F20160313043657PM", below.pathId(),
                "F20160313043657PM", VersionState.COMPLETE, 2, 9, then, "ecc/2x2", "ref");
        byte[] content = CatalogExport.content(catalog.revision() + 10, null, then, List.of(theirs, below),
                List.of(version));

        ImportResult result = catalog.importExport(new CatalogExport(keys, RANDOM).seal(content));

        assertEquals(local, catalog.item(local.pathId()).orElseThrow());
        assertTrue("nothing lands in a local folder it does not belong to", catalog.children(local.pathId()).isEmpty());
        assertEquals(List.of(catalog.version(backupId).orElseThrow()), catalog.allVersions());
        assertEquals(0, result.itemsAdded() + result.versionsAdded());
    }

    @Test
    public void anAdoptedVersionIsCompleteWithItsFragmentsAndPlaceholdersForUnknownItems() throws Exception {
        CatalogItem home = catalog.add(List.of(NewItem.folder("/home"))).get(0);
        String pathId = home.pathId() + "/7/3";
        String backupId = pathId + "/F20160313043757PM1";
        List<NewFragment> fragments = new ArrayList<>();
        for (int block = 0; block < 2; block++) {
            for (int i = 0; i < 4; i++) {
                FragmentName ref = new FragmentName(backupId, block, i % 2, i >= 2);
                fragments.add(new NewFragment(ref, "o" + block + i, 100));
            }
        }
        long before = catalog.revision();

        CatalogVersion adopted = catalog.adoptVersion(new AdoptedVersion(backupId, "ecc/2x2", 2, 300, "ref",
                fragments));

        assertEquals(new CatalogVersion(backupId, pathId, "F20160313043757PM1", VersionState.COMPLETE, 2, 300,
                Instant.parse("2016-03-13T16:37:57Z"), "ecc/2x2", "ref"), adopted);
        assertEquals(adopted, catalog.version(backupId).orElseThrow());
        assertEquals(home, catalog.item(home.pathId()).orElseThrow());
        for (String placeholder : List.of(home.pathId() + "/7", pathId)) {
            CatalogItem item = catalog.item(placeholder).orElseThrow();
            assertTrue(item.toString(), item.placeholder());
            assertEquals("recovered-" + placeholder.replace('/', '-'), item.name());
            assertNull(item.localPath());
            assertEquals(ItemType.DIR, item.type());
        }
        assertEquals(8, catalog.fragments(backupId).size());
        assertTrue(catalog.fragments(backupId).stream().noneMatch(FragmentState::isDelivered));
        assertEquals(4, catalog.missingAt(0).size());
        assertEquals(before + 1, catalog.revision());

        // a later catalog export gives the placeholder its real name and keeps the version
        Instant then = clock.now.minusSeconds(60);
        CatalogItem real = new CatalogItem(pathId, home.pathId() + "/7", "photos", "/home/x/photos", ItemType.DIR, 0,
                then);
        CatalogItem folderAbove = new CatalogItem(home.pathId() + "/7", home.pathId(), "x", "/home/x", ItemType.DIR,
                0, then);
        byte[] content = CatalogExport.content(catalog.revision() + 3, null, then, List.of(home, folderAbove, real),
                List.of());
        catalog.importExport(new CatalogExport(keys, RANDOM).seal(content));
        assertEquals(real, catalog.item(pathId).orElseThrow());
        assertEquals(folderAbove, catalog.item(home.pathId() + "/7").orElseThrow());
        assertEquals(List.of(adopted), catalog.versions(pathId));
    }

    @Test
    public void aRunningVersionOfAnImportedCopyIsCompletedByAdoptionButNotOneRunningHere() {
        CatalogItem item = catalog.add(List.of(NewItem.folder("/srv"))).get(0);
        CatalogVersion imported = catalog.startVersion(item.pathId(), "ecc/2x2");
        FragmentName ref = new FragmentName(imported.backupId(), 0, 1, true);
        long before = catalog.revision();

        CatalogVersion completed = catalog.adoptVersion(new AdoptedVersion(imported.backupId(), "ecc/2x2", 1, 9,
                "ref", List.of(new NewFragment(ref, "o", 5))));

        assertEquals(new CatalogVersion(imported.backupId(), item.pathId(), imported.name(), VersionState.COMPLETE, 1,
                9, imported.created(), "ecc/2x2", "ref"), completed);
        assertEquals(completed, catalog.version(imported.backupId()).orElseThrow());
        assertEquals(List.of(ref), catalog.fragments(imported.backupId()).stream().map(FragmentState::ref).toList());
        assertEquals(before + 1, catalog.revision());

        clock.now = clock.now.plusSeconds(1);
        CatalogVersion here = catalog.startVersion(item.pathId(), "ecc/2x2");
        catalog.recordFragments(List.of(new NewFragment(new FragmentName(here.backupId(), 0, 0, false), "p", 5)));
        assertEquals(ErrorCode.CONFLICT, code(() -> catalog.adoptVersion(new AdoptedVersion(here.backupId(),
                "ecc/2x2", 1, 9, "ref", List.of()))));
        CatalogVersion otherMap = catalog.startVersion(catalog.add(List.of(NewItem.folder("/opt"))).get(0).pathId(),
                "ecc/4x4");
        assertEquals(ErrorCode.CONFLICT, code(() -> catalog.adoptVersion(new AdoptedVersion(otherMap.backupId(),
                "ecc/2x2", 1, 9, "ref", List.of()))));
        assertEquals(VersionState.RUNNING, catalog.version(here.backupId()).orElseThrow().state());
        assertEquals(VersionState.RUNNING, catalog.version(otherMap.backupId()).orElseThrow().state());
    }

    @Test
    public void anAdoptionThatDoesNotFitIsRefusedAndChangesNothing() {
        CatalogItem file = catalog.add(List.of(NewItem.file("/a.txt", 3))).get(0);
        String known = complete(file.pathId());
        long before = catalog.revision();
        List<CatalogItem> tree = catalog.tree();

        assertEquals(ErrorCode.CONFLICT, code(() -> catalog.adoptVersion(new AdoptedVersion(known, "ecc/2x2", 1, 1,
                "ref", List.of()))));
        assertEquals(ErrorCode.CONFLICT, code(() -> catalog.adoptVersion(new AdoptedVersion(file.pathId()
                + "/4/F20160313043757PM", "ecc/2x2", 1, 1, "ref", List.of()))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> catalog.adoptVersion(new AdoptedVersion(
                "01/F20160313043757PM", "ecc/2x2", 1, 1, "ref", List.of()))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> catalog.adoptVersion(new AdoptedVersion(
                "5/G20160313043757PM", "ecc/2x2", 1, 1, "ref", List.of()))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> catalog.adoptVersion(new AdoptedVersion(
                "5/F20161313043757PM", "ecc/2x2", 1, 1, "ref", List.of()))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> new AdoptedVersion("5/F20160313043757PM", "ecc/2x2", 1,
                1, "ref", List.of(new NewFragment(new FragmentName("6/F20160313043757PM", 0, 0, false), "o", 1)))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, code(() -> new AdoptedVersion("5/F20160313043757PM", "ecc/2x2", 0,
                1, "ref", List.of())));

        assertEquals(before, catalog.revision());
        assertEquals(tree, catalog.tree());
    }

    @Test
    public void aTamperedExportIsRefused() {
        catalog.add(List.of(NewItem.file("/a", 1)));
        byte[] export = catalog.export();
        CatalogStore fresh = open(folder.getRoot().toPath().resolve("fresh"), keys);

        byte[] tampered = export.clone();
        tampered[tampered.length - 20] ^= 1;
        BitDustException refused = assertThrows(BitDustException.class, () -> fresh.importExport(tampered));

        assertEquals(ErrorCode.INVALID_ARGUMENT, refused.code());
        assertTrue(refused.getMessage(), refused.getMessage().contains("cannot be opened"));
        assertTrue(fresh.tree().isEmpty());
        assertEquals(0, fresh.revision());
    }

    @Test
    public void anExportOfAnotherNodeIsRefused() throws Exception {
        KeyRing otherKeys = keyRing();
        CatalogStore other = open(folder.newFolder("other").toPath(), otherKeys);
        other.add(List.of(NewItem.file("/a", 1)));

        BitDustException sealedElsewhere = assertThrows(BitDustException.class,
                () -> catalog.importExport(other.export()));
        assertEquals(ErrorCode.INVALID_ARGUMENT, sealedElsewhere.code());

        // signed by the other node but sealed to my key: opens, and its signature does not verify
        byte[] content = CatalogExport.content(7, null, clock.now, other.tree(), List.of());
        byte[] signed = new CatalogExport(otherKeys, RANDOM).seal(content);
        byte[] plaintext = otherKeys.openSealed(signed);
        byte[] resealed = SealedBox.seal(keys.agreementPublicKey(), plaintext, RANDOM);
        BitDustException signedElsewhere = assertThrows(BitDustException.class,
                () -> catalog.importExport(resealed));
        assertEquals(ErrorCode.INVALID_ARGUMENT, signedElsewhere.code());
        assertTrue(signedElsewhere.getMessage(), signedElsewhere.getMessage().contains("not signed with my key"));
        assertTrue(catalog.tree().isEmpty());
        assertEquals(0, catalog.revision());
    }

    @Test
    public void aSignedExportThatIsNotACatalogIsRefused() {
        byte[] garbage = new CatalogExport(keys, RANDOM).seal("{\"format\":\"other\"}"
                .getBytes(StandardCharsets.UTF_8));

        BitDustException refused = assertThrows(BitDustException.class, () -> catalog.importExport(garbage));

        assertEquals(ErrorCode.INVALID_ARGUMENT, refused.code());
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("not a catalog export"));
    }

    @Test
    public void theLabelIsPartOfWhatIsSigned() {
        byte[] content = CatalogExport.content(1, null, clock.now, List.of(), List.of());
        byte[] plaintext = keys.openSealed(new CatalogExport(keys, RANDOM).seal(content));
        byte[] signature = Arrays.copyOfRange(plaintext, content.length, plaintext.length);

        assertArrayEquals(content, Arrays.copyOf(plaintext, content.length));
        assertFalse(io.bitdust.crypto.Signatures.verify(keys.signingPublicKey(), content, signature));
        assertEquals(64, signature.length);
    }

    private String complete(String pathId) {
        return complete(pathId, catalog);
    }

    private String complete(String pathId, CatalogStore store) {
        String backupId = store.startVersion(pathId, "ecc/2x2").backupId();
        store.completeVersion(backupId, 1, 1, null);
        return backupId;
    }

    private CatalogStore open(Path node, KeyRing ring) {
        Database database = Database.embedded(node, CatalogStore.SCHEMA);
        databases.add(0, database);
        return new CatalogStore(database, ring, RANDOM, clock);
    }

    private KeyRing keyRing() throws Exception {
        FileKeyRing ring = new FileKeyRing(folder.newFolder().toPath(), RANDOM);
        ring.create();
        return ring;
    }

    private static ErrorCode code(Runnable work) {
        return assertThrows(BitDustException.class, work::run).code();
    }

    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
