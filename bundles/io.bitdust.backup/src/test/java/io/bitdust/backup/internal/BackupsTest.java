package io.bitdust.backup.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.BackupJob;
import io.bitdust.backup.BackupState;
import io.bitdust.backup.Deletion;
import io.bitdust.backup.UpdateResult;
import io.bitdust.backup.remote.FakeNetwork;
import io.bitdust.backup.remote.SupplierFragmentSource;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.FragmentState;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.VersionState;
import io.bitdust.catalog.internal.CatalogStore;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.derby.Database;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.pipeline.ProgressListener;
import io.bitdust.pipeline.Unpacker;
import io.bitdust.storage.DeleteRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BackupsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BLOCK = 64 * 1024;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicReference<Backups.Settings> settings = new AtomicReference<>(
            new Backups.Settings(true, BLOCK, 2, false));
    private FileKeyRing keys;
    private FakeNetwork.FakeGateway gateway;
    private FakeNetwork.Family family;
    private Database database;
    private CatalogStore catalog;
    private Path localCopies;

    @Before
    public void setUp() throws Exception {
        keys = new FileKeyRing(folder.newFolder("keys").toPath(), RANDOM);
        keys.create();
        gateway = new FakeNetwork.FakeGateway(keys::sign);
        gateway.ackAll();
        family = FakeNetwork.Family.of(4);
        database = Database.embedded(folder.newFolder("node").toPath(), CatalogStore.SCHEMA);
        catalog = new CatalogStore(database, keys, RANDOM, Clock.systemUTC());
        localCopies = folder.getRoot().toPath().resolve("local");
    }

    @After
    public void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        database.close();
    }

    private Backups backups() {
        Backups backups = new Backups(catalog, family, gateway, keys, () -> Optional.of(FakeNetwork.ME),
                FakeNetwork.CODEC, settings::get, localCopies, Duration.ofSeconds(30), Clock.systemUTC());
        closing.add(0, backups);
        return backups;
    }

    private CatalogItem item(Path path) throws Exception {
        NewItem entry = Files.isDirectory(path) ? NewItem.folder(path.toString())
                : NewItem.file(path.toString(), Files.size(path));
        return catalog.add(List.of(entry)).get(0);
    }

    private Path sample(String name, int files) throws Exception {
        Path root = folder.newFolder(name).toPath();
        for (int i = 0; i < files; i++) {
            byte[] data = new byte[40_000 + i * 7_000];
            RANDOM.nextBytes(data);
            Files.createDirectories(root.resolve("d" + (i % 3)));
            Files.write(root.resolve("d" + (i % 3)).resolve("f" + i + ".bin"), data);
        }
        return root;
    }

    @Test
    public void aFolderIsBackedUpToTheSuppliersRecordedAndRestoredByteExact() throws Exception {
        Path source = sample("docs", 8);
        CatalogItem item = item(source);
        Backups backups = backups();

        BackupJob queued = backups.start(item.pathId());
        assertEquals(item.pathId(), queued.pathId());
        BackupJob done = awaitEnd(backups, item.pathId());
        assertEquals(done.error(), BackupState.DONE, done.state());
        assertEquals(100.0, done.progress(), 0.0);
        assertTrue(done.totalBytes() > 8 * 40_000);
        assertEquals(done.totalBytes(), done.bytesProcessed());
        assertEquals("ecc/4x4", done.eccMap());

        CatalogVersion version = catalog.version(done.backupId()).orElseThrow();
        assertEquals(VersionState.COMPLETE, version.state());
        assertTrue(version.blocks() > 1);
        List<FragmentState> fragments = catalog.fragments(done.backupId());
        assertEquals(version.blocks() * 8, fragments.size());
        assertTrue(fragments.stream().allMatch(FragmentState::isDelivered));
        await(() -> IntStream.range(0, 4).allMatch(position -> gateway.stored
                .get(FakeNetwork.supplier(position)).containsKey(NamingKey.CATALOG_OBJECT)),
                "the catalog is pushed to every supplier after the backup");
        NamingKey naming = NamingKey.of(keys);
        for (FragmentState fragment : fragments) {
            assertTrue(fragment.ref().toString(), gateway.stored.get(FakeNetwork.supplier(fragment.ref().position()))
                    .containsKey(fragment.objectName()));
        }

        Path restored = folder.newFolder("restored").toPath();
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            new Unpacker(workers, 2).unpack(done.backupId(), new SupplierFragmentSource(gateway, family, naming,
                    FakeNetwork.ME, keys.signingPublicKey(), FakeNetwork.CODEC, Duration.ofSeconds(10)), keys,
                    keys.signingPublicKey(), restored, ExistingFilePolicy.FAIL_IF_EXISTS, ProgressListener.NONE);
        } finally {
            workers.shutdownNow();
        }
        Path back = restored.resolve(source.getFileName());
        for (int i = 0; i < 8; i++) {
            Path relative = Path.of("d" + (i % 3), "f" + i + ".bin");
            assertArrayEquals(Files.readAllBytes(source.resolve(relative)), Files.readAllBytes(back.resolve(relative)));
        }
        assertEquals(List.of(done), backups.finished());
        assertTrue(backups.running().isEmpty());
    }

    @Test
    public void badRequestsAreRefusedAndChangeNothing() throws Exception {
        Path file = folder.newFile("a.txt").toPath();
        Files.writeString(file, "hello");
        CatalogItem item = item(file);
        Backups backups = backups();

        assertEquals(ErrorCode.NOT_FOUND, code(() -> backups.start("9/9/9")));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> backups.cancelPending(item.pathId())));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> backups.abort(item.pathId() + "/F20260101120000AM")));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> backups.delete("9/9")));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> backups.deleteLocal("9/F20260101120000AM")));

        family.hired.remove(2);
        BitDustException partial = assertThrows(BitDustException.class, () -> backups.start(item.pathId()));
        assertEquals(ErrorCode.UNAVAILABLE, partial.code());
        assertTrue(partial.getMessage(), partial.getMessage().contains("3 of 4"));
        family.hired.clear();
        ExecutionException noSupplier = assertThrows(ExecutionException.class,
                () -> backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS));
        assertTrue(noSupplier.getCause().getMessage(), noSupplier.getCause().getMessage().contains("none of the 4"));
        for (int position = 0; position < 4; position++) {
            family.hired.put(position, FakeNetwork.supplier(position));
        }

        settings.set(new Backups.Settings(false, BLOCK, 2, false));
        assertEquals(ErrorCode.UNAVAILABLE, code(() -> backups.start(item.pathId())));
        settings.set(new Backups.Settings(true, BLOCK, 2, false));

        Files.delete(file);
        BitDustException gone = assertThrows(BitDustException.class, () -> backups.start(item.pathId()));
        assertEquals(ErrorCode.NOT_FOUND, gone.code());
        assertTrue(gone.getMessage(), gone.getMessage().contains(file.toString()));

        assertTrue(backups.queue().isEmpty());
        assertTrue(catalog.versions(item.pathId()).isEmpty());
        assertTrue(gateway.sent.isEmpty());
    }

    @Test
    public void noSupplierMeansNoBackup() throws Exception {
        family = FakeNetwork.Family.of(0);
        Path file = folder.newFile("b.txt").toPath();
        CatalogItem item = item(file);
        BitDustException e = assertThrows(BitDustException.class, () -> backups().start(item.pathId()));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("no supplier is hired"));
    }

    @Test
    public void aQueuedJobCanBeCancelledAndARunningOneAbortedAndCleanedUp() throws Exception {
        gateway.rules.clear();
        CatalogItem first = item(sample("first", 6));
        CatalogItem second = item(sample("second", 2));
        Backups backups = backups();
        backups.start(first.pathId());
        BitDustException twice = assertThrows(BitDustException.class, () -> backups.start(first.pathId()));
        assertEquals(ErrorCode.CONFLICT, twice.code());
        backups.start(second.pathId());
        await(() -> !backups.running().isEmpty() && backups.running().get(0).backupId() != null
                && !gateway.held.isEmpty(), "the first backup sends");
        assertEquals(List.of(second.pathId()), backups.queue().stream().map(BackupJob::pathId).toList());

        BackupJob cancelled = backups.cancelPending(second.pathId());
        assertEquals(BackupState.CANCELLED, cancelled.state());
        assertTrue(backups.queue().isEmpty());

        String backupId = backups.running().get(0).backupId();
        assertEquals(ErrorCode.CONFLICT, code(() -> backups.delete(first.pathId())));
        BackupJob aborting = backups.abort(backupId);
        assertTrue("the job ended before it was aborted: " + aborting.state() + ", " + aborting.error(),
                aborting.aborting());
        BackupJob aborted = awaitEnd(backups, first.pathId());
        assertEquals(BackupState.ABORTED, aborted.state());
        assertEquals(BackupState.CANCELLED, backups.finished().get(1).state());

        gateway.ackAll();
        await(() -> catalog.version(backupId).isEmpty(), "the aborted version leaves the catalog");
        for (int position = 0; position < 4; position++) {
            assertTrue("position " + position + " was told to delete",
                    deletes(position).contains(NamingKey.of(keys).manifest(backupId)));
        }
        assertTrue(catalog.versions(second.pathId()).isEmpty());
    }

    @Test
    public void retentionKeepsMaxCopiesAndDeletesOlderVersionsAtTheSuppliers() throws Exception {
        settings.set(new Backups.Settings(true, BLOCK, 1, false));
        Path file = folder.newFile("c.bin").toPath();
        byte[] data = new byte[150_000];
        RANDOM.nextBytes(data);
        Files.write(file, data);
        CatalogItem item = item(file);
        Backups backups = backups();
        backups.start(item.pathId());
        String first = awaitEnd(backups, item.pathId()).backupId();
        List<FragmentState> old = catalog.fragments(first);
        backups.start(item.pathId());
        BackupJob second = awaitEnd(backups, item.pathId());
        assertEquals(BackupState.DONE, second.state());

        assertEquals(List.of(second.backupId()), catalog.versions(item.pathId()).stream()
                .map(CatalogVersion::backupId).toList());
        for (FragmentState fragment : old) {
            assertTrue(fragment.ref().toString(), deletes(fragment.ref().position()).contains(fragment.objectName()));
        }
        assertFalse(deletes(0).contains(NamingKey.of(keys).manifest(second.backupId())));
    }

    @Test
    public void deletingAnItemDeletesItsVersionsEverywhereAndLocalCopiesAreKeptWhenAsked() throws Exception {
        settings.set(new Backups.Settings(true, BLOCK, 2, true));
        Path source = sample("kept", 3);
        CatalogItem item = item(source);
        Backups backups = backups();
        backups.start(item.pathId());
        BackupJob done = awaitEnd(backups, item.pathId());
        assertEquals(BackupState.DONE, done.state());
        Path local = localCopies.resolve(done.backupId());
        assertTrue(Files.isRegularFile(local.resolve("manifest")));

        Deletion localOnly = backups.deleteLocal(done.backupId());
        assertEquals(catalog.fragments(done.backupId()).size() + 1, localOnly.localFiles());
        assertTrue(localOnly.localBytes() > 0);
        assertFalse(Files.exists(local));
        assertTrue(catalog.version(done.backupId()).isPresent());

        Deletion deleted = backups.delete(item.pathId());
        assertEquals(List.of(done.backupId()), deleted.versions());
        assertEquals(4, deleted.suppliers());
        assertTrue(deleted.unconfirmed().isEmpty());
        assertTrue(catalog.item(item.pathId()).isEmpty());
        assertTrue(catalog.version(done.backupId()).isEmpty());
    }

    @Test
    public void aVersionLeftRunningByACrashIsDiscardedAtStart() throws Exception {
        CatalogItem item = item(folder.newFile("d.txt").toPath());
        CatalogVersion left = catalog.startVersion(item.pathId(), "ecc/4x4");
        backups();
        await(() -> catalog.version(left.backupId()).isEmpty(), "the unfinished version is removed");
        assertTrue(deletes(0).contains(NamingKey.of(keys).manifest(left.backupId())));
    }

    @Test
    public void aVersionLeftRunningIsDiscardedOnceASupplierAwayAtStartAnswers() throws Exception {
        CatalogItem item = item(folder.newFile("e.txt").toPath());
        CatalogVersion left = catalog.startVersion(item.pathId(), "ecc/4x4");
        gateway.offline.add(FakeNetwork.supplier(2));
        backups();
        String manifest = NamingKey.of(keys).manifest(left.backupId());
        await(() -> deletes(0).contains(manifest), "the clean-up at start asks the suppliers");
        assertTrue("kept while a supplier did not confirm", catalog.version(left.backupId()).isPresent());

        gateway.offline.remove(FakeNetwork.supplier(2));
        await(() -> catalog.version(left.backupId()).isEmpty(), "the unfinished version removed by a clean-up run "
                + "again, " + Backups.CLEANUP_RETRY + " later, without an update");
        assertTrue(deletes(2).contains(manifest));
    }

    @Test
    public void aSupplierOverItsQuotaIsLeftForARebuildAndTwoFailTheVersion() throws Exception {
        gateway.listingKey = keys.agreementPublicKey();
        gateway.rules.put(FakeNetwork.supplier(1), Optional.of("quota: over the allocation"));
        CatalogItem item = item(sample("full", 2));
        Backups backups = backups();
        backups.start(item.pathId());
        BackupJob done = awaitEnd(backups, item.pathId());
        assertEquals(done.error(), BackupState.DONE, done.state());
        assertTrue(done.warning(), done.warning().contains("positions [1]")
                && done.warning().contains("quota: over the allocation"));
        List<FragmentState> atOne = catalog.fragments(done.backupId()).stream()
                .filter(fragment -> fragment.ref().position() == 1).toList();
        assertFalse(atOne.isEmpty());
        assertTrue(atOne.stream().noneMatch(FragmentState::isDelivered));
        assertTrue(catalog.fragments(done.backupId()).stream().filter(f -> f.ref().position() != 1)
                .allMatch(FragmentState::isDelivered));
        assertEquals("a supplier out of space is kept: its quota may grow", List.of(), family.replaced);

        gateway.rules.put(FakeNetwork.supplier(1), Optional.empty());
        UpdateResult update = backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(update.toString(), atOne.size(), update.fragmentsRebuilt());
        assertTrue(catalog.fragments(done.backupId()).stream().allMatch(FragmentState::isDelivered));
        assertTrue("the manifest reached the supplier that was away", gateway.stored.get(FakeNetwork.supplier(1))
                .containsKey(NamingKey.of(keys).manifest(done.backupId())));

        gateway.rules.put(FakeNetwork.supplier(1), Optional.of("quota: over the allocation"));
        gateway.rules.put(FakeNetwork.supplier(3), Optional.of("quota exceeded"));
        Files.writeString(Path.of(item.localPath()).resolve("new.txt"), "more");
        backups.start(item.pathId());
        BackupJob failed = awaitEnd(backups, item.pathId());
        assertEquals(BackupState.FAILED, failed.state());
        assertTrue(failed.error(), failed.error().contains("quota: over the allocation")
                || failed.error().contains("quota exceeded"));
        assertEquals(List.of(done.backupId()), catalog.versions(item.pathId()).stream()
                .filter(v -> v.state() == VersionState.COMPLETE).map(CatalogVersion::backupId).toList());
    }

    @Test
    public void anAreaStartedAfterItsSuppliersWereHiredGetsItsCatalogBackWithoutAChangeOfTheFamily()
            throws Exception {
        gateway.listingKey = keys.agreementPublicKey();
        Path source = sample("before", 2);
        CatalogItem item = item(source);
        Backups backups = backups();
        backups.start(item.pathId());
        BackupJob done = awaitEnd(backups, item.pathId());
        assertEquals(done.error(), BackupState.DONE, done.state());
        await(() -> gateway.stored.get(FakeNetwork.supplier(0)).containsKey(NamingKey.CATALOG_OBJECT),
                "the catalog pushed");

        // a recovered node: its backup area starts with an empty catalog, its family hired already (no change to
        // hear of); the component asks for an update soon
        Database freshDatabase = Database.embedded(folder.newFolder("started-late").toPath(), CatalogStore.SCHEMA);
        try {
            CatalogStore fresh = new CatalogStore(freshDatabase, keys, RANDOM, Clock.systemUTC());
            Backups late = new Backups(fresh, family, gateway, keys, () -> Optional.of(FakeNetwork.ME),
                    FakeNetwork.CODEC, settings::get, localCopies, Duration.ofSeconds(30), Clock.systemUTC());
            closing.add(0, late);
            late.updateSoon("the start of the backup area");
            await(() -> fresh.version(done.backupId()).isPresent(), "the catalog back from the suppliers");
            assertEquals(source.toString(), fresh.item(item.pathId()).orElseThrow().localPath());
        } finally {
            freshDatabase.close();
        }
    }

    @Test
    public void anUpdateRebuildsWhatAPositionLostAndAFreshCatalogComesBackFromTheSuppliers() throws Exception {
        gateway.listingKey = keys.agreementPublicKey();
        Path source = sample("precious", 6);
        CatalogItem item = item(source);
        Backups backups = backups();
        backups.start(item.pathId());
        BackupJob done = awaitEnd(backups, item.pathId());
        assertEquals(done.error(), BackupState.DONE, done.state());
        List<FragmentState> atTwo = catalog.fragments(done.backupId()).stream()
                .filter(fragment -> fragment.ref().position() == 2).toList();
        Map<String, byte[]> original = new HashMap<>();
        gateway.stored.get(FakeNetwork.supplier(2)).forEach((name, packet) -> original.put(name,
                StoredData.parse(packet.payload()).data()));
        gateway.stored.get(FakeNetwork.supplier(2)).clear();

        UpdateResult result = backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(result.problems().toString(), result.problems().isEmpty());
        assertEquals(4, result.suppliersListed());
        assertEquals(atTwo.size(), result.fragmentsMissing());
        assertEquals(atTwo.size(), result.fragmentsRebuilt());
        Map<String, Packet> rebuilt = gateway.stored.get(FakeNetwork.supplier(2));
        for (FragmentState fragment : atTwo) {
            assertArrayEquals(fragment.ref().toString() + " is rebuilt byte-exact", original.get(fragment.objectName()),
                    StoredData.parse(rebuilt.get(fragment.objectName()).payload()).data());
        }
        assertTrue("the manifest is back", rebuilt.containsKey(NamingKey.of(keys).manifest(done.backupId())));
        assertTrue(catalog.fragments(done.backupId()).stream().allMatch(FragmentState::isDelivered));
        for (int position = 0; position < 4; position++) {
            assertTrue("the catalog is pushed to " + position, gateway.stored.get(FakeNetwork.supplier(position))
                    .containsKey(NamingKey.CATALOG_OBJECT));
        }

        Database freshDatabase = Database.embedded(folder.newFolder("fresh").toPath(), CatalogStore.SCHEMA);
        try {
            CatalogStore fresh = new CatalogStore(freshDatabase, keys, RANDOM, Clock.systemUTC());
            Backups recovered = new Backups(fresh, family, gateway, keys, () -> Optional.of(FakeNetwork.ME),
                    FakeNetwork.CODEC, settings::get, localCopies, Duration.ofSeconds(30), Clock.systemUTC());
            closing.add(0, recovered);
            // a recorded supplier is away (its position not hired again yet) while the node recovers
            family.hired.remove(1);
            UpdateResult recovery = recovered.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertTrue(recovery.catalog(), recovery.catalog().startsWith("recovered"));
            assertTrue("says who did not answer: " + recovery.catalog(), recovery.catalog().contains("position 1"));
            assertEquals(VersionState.COMPLETE, fresh.version(done.backupId()).orElseThrow().state());
            assertEquals(source.toString(), fresh.item(item.pathId()).orElseThrow().localPath());
            family.hired.put(1, FakeNetwork.supplier(1));
        } finally {
            freshDatabase.close();
        }

        gateway.offline.add(FakeNetwork.supplier(0));
        gateway.offline.add(FakeNetwork.supplier(1));
        Path restored = folder.newFolder("from-two-and-three").toPath();
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            new Unpacker(workers, 2).unpack(done.backupId(), new SupplierFragmentSource(gateway, family,
                    NamingKey.of(keys), FakeNetwork.ME, keys.signingPublicKey(), FakeNetwork.CODEC,
                    Duration.ofSeconds(10)), keys, keys.signingPublicKey(), restored,
                    ExistingFilePolicy.FAIL_IF_EXISTS, ProgressListener.NONE);
        } finally {
            workers.shutdownNow();
        }
        Path relative = Path.of("d2", "f5.bin");
        assertArrayEquals(Files.readAllBytes(source.resolve(relative)),
                Files.readAllBytes(restored.resolve(source.getFileName()).resolve(relative)));
    }

    @Test
    public void aSupplierWhoseDiskIsFullIsReplacedAndTheBackupCompletesWithoutIt() throws Exception {
        gateway.rules.put(FakeNetwork.supplier(2), Optional.of("disk: cannot store the object now"));
        CatalogItem item = item(sample("big", 2));
        Backups backups = backups();
        backups.start(item.pathId());
        BackupJob done = awaitEnd(backups, item.pathId());
        assertEquals(done.error(), BackupState.DONE, done.state());
        assertTrue(done.warning(), done.warning().contains("positions [2]"));
        assertEquals(List.of(2), family.replaced);
    }

    /** @return the object names the supplier at a position was asked to delete */
    private List<String> deletes(int position) {
        List<String> names = new ArrayList<>();
        for (Packet packet : gateway.sent) {
            if (packet.command() == Command.DELETE_FILE && packet.remote().equals(FakeNetwork.supplier(position))) {
                names.addAll(DeleteRequest.parse(packet.payload()).names());
            }
        }
        return names;
    }

    @Test
    public void anUpdateAskedForWhileOneRunsRunsAgainAfterIt() throws Exception {
        gateway.listingKey = keys.agreementPublicKey();
        item(sample("later", 1));
        gateway.rules.remove(FakeNetwork.supplier(3)); // its listing waits: the first update is still running
        Backups backups = backups();
        CompletableFuture<UpdateResult> first = backups.update().toCompletableFuture();
        await(() -> listings(FakeNetwork.supplier(3)) == 1, "the first update asks supplier 3 for its listing");

        // e.g. a position hired now: the running update listed the suppliers before
        CompletableFuture<UpdateResult> second = backups.update().toCompletableFuture();
        assertNotSame("a call while an update runs gets the next one", first, second);
        assertSame("calls while the next one waits join it", second, backups.update().toCompletableFuture());
        assertFalse(second.isDone());

        gateway.ackAll();
        first.get(60, TimeUnit.SECONDS);
        UpdateResult again = second.get(60, TimeUnit.SECONDS);
        assertEquals("the next update lists every supplier again", 2, listings(FakeNetwork.supplier(3)));
        assertEquals(again.toString(), 4, again.suppliersListed());
    }

    private long listings(IdUrl supplier) {
        return gateway.sent.stream().filter(packet -> packet.command() == Command.LIST_FILES
                && packet.remote().equals(supplier)).count();
    }

    /** @return the job of a path ID once it ended, waiting up to a minute */
    static BackupJob awaitEnd(Backups backups, String pathId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean busy = backups.queue().stream().anyMatch(job -> job.pathId().equals(pathId))
                    || backups.running().stream().anyMatch(job -> job.pathId().equals(pathId));
            if (!busy) {
                for (BackupJob job : backups.finished()) {
                    if (job.pathId().equals(pathId)) {
                        return job;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the backup of " + pathId + " did not end");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            Thread.sleep(20);
        }
    }

    private static ErrorCode code(Runnable work) {
        return assertThrows(BitDustException.class, work::run).code();
    }
}
