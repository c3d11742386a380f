package io.bitdust.restore.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.backup.remote.SupplierFragmentSink;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.internal.CatalogStore;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.derby.Database;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.pipeline.PackSettings;
import io.bitdust.pipeline.Packer;
import io.bitdust.pipeline.ProgressListener;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccMap;
import io.bitdust.restore.RestoreJob;
import io.bitdust.restore.RestoreState;
import io.bitdust.restore.internal.Fakes.FakeGateway;
import io.bitdust.restore.internal.Fakes.Family;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RestoresTest {
    private static final int BLOCK = 64 * 1024;
    private static final Duration LONG = Duration.ofSeconds(60);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();
    private final ExecutorService packing = Executors.newFixedThreadPool(2);
    private final Family family = Family.of(4);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private KeyRing keys;
    private FakeGateway gateway;
    private CatalogStore catalog;
    private Restores restores;

    @Before
    public void setUp() throws Exception {
        FileKeyRing ring = new FileKeyRing(temp.newFolder("keys").toPath(), random);
        ring.create();
        keys = ring;
        gateway = new FakeGateway(keys::sign);
        Database database = Database.embedded(temp.newFolder("node").toPath(), CatalogStore.SCHEMA);
        closing.add(database::close);
        catalog = new CatalogStore(database, keys, random, Clock.systemUTC());
        restores = restores(keys, () -> Optional.of(Fakes.ME), 2);
    }

    @After
    public void stop() throws Exception {
        packing.shutdownNow();
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    @Test
    public void aVersionComesBackByteExactWithItsProgress() throws Exception {
        Path source = sample(temp.newFolder("source").toPath().resolve("docs"));
        String backupId = backup(source);
        Path destination = temp.getRoot().toPath().resolve("restored");

        RestoreJob accepted = restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        assertEquals(backupId, accepted.backupId());
        assertEquals(destination.toString(), accepted.destination());
        assertEquals(Fakes.ME.toString(), accepted.creatorId());
        RestoreJob done = awaitEnd(backupId);

        assertEquals(done.toString(), RestoreState.DONE, done.state());
        assertSameFiles(source, destination.resolve("docs"));
        int blocks = catalog.version(backupId).orElseThrow().blocks();
        assertTrue(blocks > 1);
        assertEquals(blocks, done.blockCount());
        assertEquals(blocks, done.blocksDone());
        assertEquals(100.0, done.progress(), 0.0);
        assertEquals(catalog.version(backupId).orElseThrow().bytes(), done.totalBytes());
        assertEquals(done.totalBytes(), done.bytesWritten());
        assertEquals(5, done.entries());
        assertEquals(0, done.rejectedFragments());
        assertEquals(List.of(), done.badSuppliers());
        assertEquals("nothing changed while it was backed up", List.of(), done.changedFiles());
        assertEquals("ecc/4x4", done.eccMap());
        assertEquals(backupId, done.pathId() + "/" + done.version());
        assertNotNull(done.started());
        assertNotNull(done.ended());
        assertEquals(0, done.etaSeconds());
        assertNull(done.error());
        assertEquals(List.of(), restores.running());
        assertEquals(List.of(done), restores.finished());
        assertEquals(Map.of(), restores.badDataBySupplier());
    }

    @Test
    public void aFileThatChangedWhileItWasBackedUpIsNamedByItsRestore() throws Exception {
        Path source = sample(temp.newFolder("source").toPath().resolve("docs"));
        Path busy = source.resolve("busy.bin");
        byte[] content = new byte[64 * BLOCK];
        new Random(5).nextBytes(content);
        Files.write(busy, content);
        String backupId = backup(source, new ProgressListener() {
            @Override
            public void progress(long bytes, long blocks) {
                if (blocks == 1) {
                    try {
                        // the reader is at most a few blocks ahead of the workers: the file is still being read
                        Files.setLastModifiedTime(busy, FileTime.fromMillis(Files.getLastModifiedTime(busy)
                                .toMillis() + 5000));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        });
        Path destination = temp.getRoot().toPath().resolve("restored");

        restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        RestoreJob done = awaitEnd(backupId);

        assertEquals(done.toString(), RestoreState.DONE, done.state());
        assertEquals(List.of("docs/busy.bin: was modified while it was read: it may mix old and new content"),
                done.changedFiles());
        assertSameFiles(source, destination.resolve("docs"));
    }

    @Test
    public void aSupplierServingBadDataIsNamedAndTheRestoreStillSucceeds() throws Exception {
        Path source = sample(temp.newFolder("source").toPath().resolve("docs"));
        String backupId = backup(source);
        gateway.corrupting.add(Fakes.supplier(1));
        Path destination = temp.getRoot().toPath().resolve("restored");

        restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        RestoreJob done = awaitEnd(backupId);

        assertEquals(done.toString(), RestoreState.DONE, done.state());
        assertSameFiles(source, destination.resolve("docs"));
        assertEquals(List.of(Fakes.supplier(1).toString()), done.badSuppliers());
        assertEquals(done.blockCount(), done.rejectedFragments());
        assertEquals(Map.of(Fakes.supplier(1).toString(), (int) done.blockCount()), restores.badDataBySupplier());
    }

    @Test
    public void aSupplierServingPacketsSignedWithAnotherKeyIsNamedAndTheRestoreStillSucceeds() throws Exception {
        Path source = sample(temp.newFolder("source").toPath().resolve("docs"));
        String backupId = backup(source);
        gateway.forging.add(Fakes.supplier(2));
        Path destination = temp.getRoot().toPath().resolve("restored");

        restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        RestoreJob done = awaitEnd(backupId);

        assertEquals(done.toString(), RestoreState.DONE, done.state());
        assertSameFiles(source, destination.resolve("docs"));
        assertEquals(List.of(Fakes.supplier(2).toString()), done.badSuppliers());
        assertTrue(done.toString(), done.rejectedFragments() >= done.blockCount());
        assertEquals("one count per block", Map.of(Fakes.supplier(2).toString(), (int) done.blockCount()),
                restores.badDataBySupplier());
    }

    @Test
    public void aSupplierServingAForgedManifestIsCountedForItAndTheManifestOfAnotherIsUsed() throws Exception {
        Path source = sample(temp.newFolder("source").toPath().resolve("docs"));
        String backupId = backup(source);
        // position 0 is asked for the manifest first: its forged copy is refused and counted, the next is taken
        gateway.forging.add(Fakes.supplier(0));
        Path destination = temp.getRoot().toPath().resolve("restored");

        restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        RestoreJob done = awaitEnd(backupId);

        assertEquals(done.toString(), RestoreState.DONE, done.state());
        assertSameFiles(source, destination.resolve("docs"));
        assertEquals(List.of(Fakes.supplier(0).toString()), done.badSuppliers());
        assertEquals("one count per block and one for the manifest",
                Map.of(Fakes.supplier(0).toString(), (int) done.blockCount() + 1), restores.badDataBySupplier());
    }

    @Test
    public void unknownAndIncompleteVersionsAreRefused() throws Exception {
        Path destination = temp.getRoot().toPath().resolve("restored");
        assertRefused(ErrorCode.NOT_FOUND, "0/0/9/F20260101010101AM is not in the catalog",
                () -> restores.start("0/0/9/F20260101010101AM", destination, ExistingFilePolicy.FAIL_IF_EXISTS));
        CatalogItem item = catalog.add(List.of(NewItem.folder(temp.newFolder("running").toString()))).get(0);
        String running = catalog.startVersion(item.pathId(), "ecc/4x4").backupId();
        assertRefused(ErrorCode.NOT_FOUND, running + " is running, not complete",
                () -> restores.start(running, destination, ExistingFilePolicy.FAIL_IF_EXISTS));
        assertNothingHappened(destination);
    }

    @Test
    public void badDestinationsAreRefusedAndNothingIsCreated() throws Exception {
        String backupId = backup(sample(temp.newFolder("source").toPath().resolve("docs")));
        assertRefused(ErrorCode.INVALID_ARGUMENT, "destination restored is not an absolute path",
                () -> restores.start(backupId, Path.of("restored"), ExistingFilePolicy.FAIL_IF_EXISTS));
        Path file = temp.newFile("a-file").toPath();
        assertRefused(ErrorCode.INVALID_ARGUMENT, "destination " + file + " exists and is not a folder",
                () -> restores.start(backupId, file, ExistingFilePolicy.FAIL_IF_EXISTS));
        Path belowFile = file.resolve("restored");
        assertRefused(ErrorCode.INVALID_ARGUMENT, "cannot be created: " + file + " is not a folder",
                () -> restores.start(backupId, belowFile, ExistingFilePolicy.FAIL_IF_EXISTS));

        Path readOnly = temp.newFolder("read-only").toPath();
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        // root writes through permissions: a folder of the kernel's then, which nobody can write
        Path unwritable = Files.isWritable(readOnly) ? Path.of("/proc/1") : readOnly;
        Path below = unwritable.resolve("restored").resolve("here");
        assertRefused(ErrorCode.INVALID_ARGUMENT, "cannot be created: " + unwritable + " is not writable",
                () -> restores.start(backupId, below, ExistingFilePolicy.FAIL_IF_EXISTS));
        assertRefused(ErrorCode.INVALID_ARGUMENT, "destination " + unwritable + " is not writable",
                () -> restores.start(backupId, unwritable, ExistingFilePolicy.FAIL_IF_EXISTS));
        assertFalse(Files.exists(below.getParent()));
        assertTrue(file.toFile().length() == 0);
        assertNothingHappened(below);
    }

    @Test
    public void withoutSuppliersKeysOrIdentityARestoreIsUnavailable() throws Exception {
        String backupId = backup(sample(temp.newFolder("source").toPath().resolve("docs")));
        Path destination = temp.getRoot().toPath().resolve("restored");
        Restores keyless = restores(new FileKeyRing(temp.newFolder("no-keys").toPath(), random),
                () -> Optional.of(Fakes.ME), 1);
        assertRefused(ErrorCode.UNAVAILABLE, "the node has no keys",
                () -> keyless.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS));
        Restores nobody = restores(keys, Optional::empty, 1);
        assertRefused(ErrorCode.UNAVAILABLE, "the node has no identity",
                () -> nobody.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS));
        family.hired.clear();
        assertRefused(ErrorCode.UNAVAILABLE, "no supplier is hired",
                () -> restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS));
        assertNothingHappened(destination);
        assertEquals(List.of(), keyless.finished());
        assertEquals(List.of(), nobody.finished());
    }

    @Test
    public void anAbortMidWayLeavesTheDestinationAsItWas() throws Exception {
        Path source = sample(temp.newFolder("source").toPath().resolve("docs"));
        String backupId = backup(source);
        Path destination = temp.newFolder("restored").toPath();
        Files.writeString(destination.resolve("keep.txt"), "mine");
        NamingKey naming = NamingKey.of(keys);
        Set<String> firstBlock = new HashSet<>(Set.of(naming.manifest(backupId)));
        for (int position = 0; position < 4; position++) {
            firstBlock.add(naming.fragment(backupId, 0, position, false));
            firstBlock.add(naming.fragment(backupId, 0, position, true));
        }
        gateway.hold = name -> !firstBlock.contains(name);

        restores.start(backupId, destination, ExistingFilePolicy.OVERWRITE);
        await(() -> restores.job(backupId).orElseThrow().blocksDone() == 1 && !gateway.held.isEmpty(),
                "block 0 restored, the next ones waiting");
        assertEquals(RestoreState.RUNNING, restores.job(backupId).orElseThrow().state());
        assertEquals(1, restores.running().size());
        RestoreJob aborted = restores.abort(backupId);

        assertEquals(aborted.toString(), RestoreState.ABORTED, aborted.state());
        assertNull(aborted.error());
        assertEquals(List.of(Path.of("keep.txt")), entries(destination));
        assertEquals("mine", Files.readString(destination.resolve("keep.txt")));
        assertEquals(List.of(), restores.running());
        assertEquals(aborted, restores.job(backupId).orElseThrow());
        assertRefused(ErrorCode.NOT_FOUND, "no restore of backup " + backupId + " is queued or running",
                () -> restores.abort(backupId));

        gateway.hold = name -> false;
        restores.start(backupId, destination, ExistingFilePolicy.OVERWRITE);
        assertEquals(RestoreState.DONE, awaitEnd(backupId).state());
        assertSameFiles(source, destination.resolve("docs"));
        assertEquals(2, restores.finished().size());
        assertEquals(RestoreState.DONE, restores.finished().get(0).state());
    }

    @Test
    public void aSecondRestoreOfTheSameVersionConflictsAndOneBeyondTheLimitWaitsItsTurn() throws Exception {
        String first = backup(sample(temp.newFolder("source").toPath().resolve("docs")));
        String second = backup(sample(temp.newFolder("other").toPath().resolve("docs")));
        Restores one = restores(keys, () -> Optional.of(Fakes.ME), 1);
        gateway.hold = name -> true;
        Path destination = temp.getRoot().toPath().resolve("first");
        one.start(first, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        await(() -> !gateway.held.isEmpty(), "the first restore asks for its manifest");
        assertRefused(ErrorCode.CONFLICT, "a restore of backup " + first + " is running already, into "
                + destination, () -> one.start(first, temp.getRoot().toPath().resolve("again"),
                        ExistingFilePolicy.FAIL_IF_EXISTS));

        RestoreJob queued = one.start(second, temp.getRoot().toPath().resolve("second"),
                ExistingFilePolicy.FAIL_IF_EXISTS);
        assertEquals(RestoreState.QUEUED, queued.state());
        assertEquals(List.of(RestoreState.RUNNING, RestoreState.QUEUED),
                one.running().stream().map(RestoreJob::state).toList());
        RestoreJob abortedWhileQueued = one.abort(second);
        assertEquals(RestoreState.ABORTED, abortedWhileQueued.state());
        assertNull(abortedWhileQueued.started());
        assertEquals(RestoreState.ABORTED, one.abort(first).state());
        assertEquals(List.of(first, second), one.finished().stream().map(RestoreJob::backupId).toList());
        assertFalse(Files.exists(destination));
    }

    @Test
    public void theLastFiftyEndedJobsAreKeptMostRecentFirst() throws Exception {
        Restores one = restores(keys, () -> Optional.of(Fakes.ME), 1);
        gateway.hold = name -> true;
        String running = backup(sample(temp.newFolder("source").toPath().resolve("docs")));
        one.start(running, temp.getRoot().toPath().resolve("first"), ExistingFilePolicy.FAIL_IF_EXISTS);
        List<String> queued = new ArrayList<>();
        for (int i = 0; i <= Restores.KEPT; i++) {
            CatalogItem item = catalog.add(List.of(NewItem.folder("/queued/" + i))).get(0);
            String backupId = catalog.startVersion(item.pathId(), "ecc/4x4").backupId();
            catalog.completeVersion(backupId, 1, 1, null);
            one.start(backupId, temp.getRoot().toPath().resolve("queued-" + i), ExistingFilePolicy.FAIL_IF_EXISTS);
            assertEquals(RestoreState.ABORTED, one.abort(backupId).state());
            queued.add(0, backupId);
        }
        assertEquals(queued.subList(0, Restores.KEPT), one.finished().stream().map(RestoreJob::backupId).toList());
        assertEquals(Optional.empty(), one.job(queued.get(Restores.KEPT)));
        assertEquals(List.of(running), one.running().stream().map(RestoreJob::backupId).toList());
    }

    @Test
    public void aFailedRestoreNamesTheProblemAndRemovesTheFoldersItCreated() throws Exception {
        String backupId = backup(sample(temp.newFolder("source").toPath().resolve("docs")));
        NamingKey naming = NamingKey.of(keys);
        Set<String> secondBlock = new HashSet<>();
        for (int position = 0; position < 4; position++) {
            secondBlock.add(naming.fragment(backupId, 1, position, false));
            secondBlock.add(naming.fragment(backupId, 1, position, true));
        }
        gateway.lost = secondBlock::contains;
        Path destination = temp.getRoot().toPath().resolve("new").resolve("restored");

        restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        RestoreJob failed = awaitEnd(backupId);

        assertEquals(failed.toString(), RestoreState.FAILED, failed.state());
        assertTrue(failed.error(), failed.error().contains("block 1 of " + backupId));
        assertEquals(1, failed.blocksDone());
        assertFalse(Files.exists(temp.getRoot().toPath().resolve("new")));
    }

    @Test
    public void closingAbortsWhatRuns() throws Exception {
        String backupId = backup(sample(temp.newFolder("source").toPath().resolve("docs")));
        gateway.hold = name -> true;
        Path destination = temp.getRoot().toPath().resolve("restored");
        restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        await(() -> !gateway.held.isEmpty(), "the restore asks for its manifest");
        long started = System.nanoTime();
        restores.close();
        assertTrue(System.nanoTime() - started < Restores.ABORT_WAIT.toNanos());
        assertEquals(RestoreState.ABORTED, restores.job(backupId).orElseThrow().state());
        assertRefused(ErrorCode.UNAVAILABLE, "restores are stopping",
                () -> restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS));
        assertFalse(Files.exists(destination));
    }

    private Restores restores(KeyRing ring, Supplier<Optional<IdUrl>> me, int parallel) {
        Restores created = new Restores(gateway, family, catalog, ring, me, Fakes.CODEC, LONG, parallel,
                Clock.systemUTC());
        closing.add(0, created);
        return created;
    }

    /** Backs a folder up to the fake suppliers and records the complete version in the catalog. */
    private String backup(Path folder) {
        return backup(folder, ProgressListener.NONE);
    }

    /** As {@link #backup(Path)}, telling {@code listener} how the packing goes. */
    private String backup(Path folder, ProgressListener listener) {
        CatalogItem item = catalog.add(List.of(NewItem.folder(folder.toString()))).get(0);
        String backupId = catalog.startVersion(item.pathId(), "ecc/4x4").backupId();
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, NamingKey.of(keys), 4, LONG);
        VersionManifest manifest = new Packer(PackSettings.of(EccMap.parse("ecc/4x4"), BLOCK), packing, random)
                .pack(folder, backupId, keys, sink, listener);
        catalog.completeVersion(backupId, (int) manifest.blockCount(), size(folder), null);
        gateway.sent.clear();
        return backupId;
    }

    private RestoreJob awaitEnd(String backupId) throws InterruptedException {
        await(() -> restores.job(backupId).orElseThrow().state().ended(), "the restore of " + backupId + " ends");
        return restores.job(backupId).orElseThrow();
    }

    private void assertNothingHappened(Path destination) {
        assertFalse(Files.exists(destination));
        assertEquals(List.of(), restores.running());
        assertEquals(List.of(), restores.finished());
        assertEquals(0, gateway.retrieves());
    }

    private static void assertRefused(ErrorCode code, String message, Runnable call) {
        try {
            call.run();
            fail("refused: " + message);
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), code, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited in vain: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Path sample(Path root) throws IOException {
        Files.createDirectories(root.resolve("sub"));
        Random bytes = new Random(root.toString().hashCode());
        byte[] noise = new byte[3 * BLOCK + 777];
        bytes.nextBytes(noise);
        Files.write(root.resolve("noise.bin"), noise);
        Files.writeString(root.resolve("sub").resolve("notes.txt"), "hello ".repeat(5000));
        Files.createFile(root.resolve("empty"));
        return root;
    }

    private static long size(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> entries(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(path -> !path.equals(root)).map(root::relativize).sorted().collect(Collectors.toList());
        }
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> all = entries(expected);
        assertEquals(all, entries(actual));
        for (Path path : all) {
            if (Files.isRegularFile(expected.resolve(path))) {
                assertArrayEquals(path.toString(), Files.readAllBytes(expected.resolve(path)),
                        Files.readAllBytes(actual.resolve(path)));
            }
        }
    }
}
