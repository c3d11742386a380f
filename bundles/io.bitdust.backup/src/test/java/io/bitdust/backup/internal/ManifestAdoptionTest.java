package io.bitdust.backup.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.BackupJob;
import io.bitdust.backup.BackupState;
import io.bitdust.backup.UpdateResult;
import io.bitdust.backup.remote.FakeNetwork;
import io.bitdust.backup.remote.SupplierFragmentSource;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.FragmentState;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.VersionState;
import io.bitdust.catalog.internal.CatalogStore;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.derby.Database;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.ManifestSigner;
import io.bitdust.pipeline.ProgressListener;
import io.bitdust.pipeline.Unpacker;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.storage.CatalogCopy;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A recovered node adopts the versions whose signed manifests its suppliers list and its catalog copy lacks. */
public class ManifestAdoptionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BLOCK = 64 * 1024;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private FileKeyRing keys;
    private FakeNetwork.FakeGateway gateway;
    private FakeNetwork.Family family;
    private NamingKey naming;

    @Before
    public void setUp() throws Exception {
        keys = new FileKeyRing(folder.newFolder("keys").toPath(), RANDOM);
        keys.create();
        naming = NamingKey.of(keys);
        gateway = new FakeNetwork.FakeGateway(keys::sign);
        gateway.ackAll();
        gateway.listingKey = keys.agreementPublicKey();
        family = FakeNetwork.Family.of(4);
    }

    @After
    public void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private CatalogStore catalog(String name) throws Exception {
        Database database = Database.embedded(folder.newFolder(name).toPath(), CatalogStore.SCHEMA);
        closing.add(database::close);
        return new CatalogStore(database, keys, RANDOM, Clock.systemUTC());
    }

    private Backups backups(CatalogStore catalog) {
        Backups backups = new Backups(catalog, family, gateway, keys, () -> Optional.of(FakeNetwork.ME),
                FakeNetwork.CODEC, () -> new Backups.Settings(true, BLOCK, 2, false), folder.getRoot().toPath()
                        .resolve("local"), Duration.ofSeconds(30), Clock.systemUTC());
        closing.add(0, backups);
        return backups;
    }

    @Test
    public void versionsMadeAfterTheLastCatalogCopyAreAdoptedRebuiltAndRestored() throws Exception {
        CatalogStore catalog = catalog("node");
        Backups backups = backups(catalog);
        Path first = sample("first", 2);
        CatalogItem old = catalog.add(List.of(NewItem.folder(first.toString()))).get(0);
        String kept = backup(backups, old.pathId());
        backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        Map<Integer, Packet> oldCopies = catalogCopies();

        // two versions made after that copy: one of a known item, one of an item the copy does not know
        Files.writeString(first.resolve("later.txt"), "a change");
        String newer = backup(backups, old.pathId());
        Path second = sample("second", 3);
        CatalogItem added = catalog.add(List.of(NewItem.folder(second.toString()))).get(0);
        String unknown = backup(backups, added.pathId());
        backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long head = family.head.revision();
        // the node is lost and the suppliers hold the old catalog copy (its last push never came; the recovery
        // record, on the identity servers, names the last one)
        oldCopies.forEach((position, packet) -> gateway.stored.get(FakeNetwork.supplier(position))
                .put(NamingKey.CATALOG_OBJECT, packet));
        // and position 1 lost one fragment of the unknown version: the rebuild after the adoption fills it
        FragmentState lost = catalog.fragments(unknown).stream().filter(f -> f.ref().position() == 1).findFirst()
                .orElseThrow();
        gateway.stored.get(FakeNetwork.supplier(1)).remove(lost.objectName());

        CatalogStore fresh = catalog("fresh");
        UpdateResult result = backups(fresh).update().toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertTrue(result.catalog(), result.catalog().startsWith("recovered"));
        long oldRevision = CatalogCopy.parse(StoredData.parse(oldCopies.get(0).payload()).data()).revision();
        assertTrue(result.catalog(), result.catalog().contains("the newest catalog copy found is revision "
                + oldRevision + "; the recovery record names revision " + head));
        assertEquals(result.toString(), List.of(newer, unknown).stream().sorted().toList(),
                result.versionsAdopted().stream().sorted().toList());
        assertTrue(result.problems().toString(), result.problems().isEmpty());
        assertEquals(1, result.fragmentsRebuilt());
        assertEquals(VersionState.COMPLETE, fresh.version(kept).orElseThrow().state());
        for (String backupId : List.of(newer, unknown)) {
            assertEquals(backupId, VersionState.COMPLETE, fresh.version(backupId).orElseThrow().state());
            assertEquals(catalog.version(backupId).orElseThrow().blocks(), fresh.version(backupId).orElseThrow()
                    .blocks());
            assertEquals(catalog.version(backupId).orElseThrow().bytes(), fresh.version(backupId).orElseThrow()
                    .bytes());
            assertEquals(catalog.fragments(backupId).size(), fresh.fragments(backupId).size());
            assertTrue(fresh.fragments(backupId).stream().allMatch(FragmentState::isDelivered));
        }
        assertEquals("the known item keeps its name", old.name(), fresh.item(old.pathId()).orElseThrow().name());
        CatalogItem placeholder = fresh.item(added.pathId()).orElseThrow();
        assertTrue(placeholder.toString(), placeholder.placeholder());
        assertTrue(gateway.stored.get(FakeNetwork.supplier(1)).containsKey(lost.objectName()));

        Path restored = folder.newFolder("restored").toPath();
        restore(unknown, restored);
        Path back = restored.resolve(second.getFileName());
        for (int i = 0; i < 3; i++) {
            Path relative = Path.of("d" + i, "f" + i + ".bin");
            assertArrayEquals(Files.readAllBytes(second.resolve(relative)), Files.readAllBytes(back.resolve(relative)));
        }

        UpdateResult again = backups(fresh).update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals("nothing is adopted twice", List.of(), again.versionsAdopted());
    }

    @Test
    public void aVersionTheCatalogCopyHadRunningIsCompletedFromItsManifest() throws Exception {
        CatalogStore catalog = catalog("node");
        Backups backups = backups(catalog);
        Path source = sample("long", 3);
        CatalogItem item = catalog.add(List.of(NewItem.folder(source.toString()))).get(0);
        gateway.rules.clear(); // the suppliers hold their answers: the backup runs
        backups.start(item.pathId());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (gateway.held.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String backupId = backups.running().get(0).backupId();
        // a copy of the catalog pushed while the backup ran (e.g. by the periodic update)
        byte[] export = catalog.export();
        long revision = catalog.inspectExport(export).revision();
        gateway.serveAll();
        assertEquals(backupId, awaitDone(backups, item.pathId()));
        backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        for (int position = 0; position < 4; position++) {
            gateway.stored.get(FakeNetwork.supplier(position)).put(NamingKey.CATALOG_OBJECT, gateway.packet(
                    Command.DATA, FakeNetwork.supplier(position), new CatalogCopy(revision, export).toStoredData()
                            .toBytes()));
        }

        CatalogStore fresh = catalog("fresh");
        UpdateResult result = backups(fresh).update().toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertTrue(result.catalog(), result.catalog().startsWith("recovered: imported revision " + revision));
        assertEquals(result.toString(), List.of(backupId), result.versionsAdopted());
        assertEquals(VersionState.COMPLETE, fresh.version(backupId).orElseThrow().state());
        assertEquals(source.toString(), fresh.item(item.pathId()).orElseThrow().localPath());
        assertTrue(fresh.fragments(backupId).stream().allMatch(FragmentState::isDelivered));
        Path restored = folder.newFolder("restored").toPath();
        restore(backupId, restored);
        Path relative = Path.of("d2", "f2.bin");
        assertArrayEquals(Files.readAllBytes(source.resolve(relative)),
                Files.readAllBytes(restored.resolve(source.getFileName()).resolve(relative)));
    }

    @Test
    public void aManifestNotSignedByMeIsNeverAdoptedNorAVersionWithTooFewFragments() throws Exception {
        CatalogStore catalog = catalog("node");
        String backupId = backedUp(catalog);
        String name = naming.manifest(backupId);
        byte[] genuine = StoredData.parse(gateway.stored.get(FakeNetwork.supplier(0)).get(name).payload()).data();
        FileKeyRing other = new FileKeyRing(folder.newFolder("other").toPath(), RANDOM);
        other.create();
        byte[] foreign = resign(VersionManifest.parse(genuine, keys.signingPublicKey()), ManifestSigner.of(other));
        forgetCatalogCopies();
        for (int position = 0; position < 4; position++) {
            store(position, name, foreign);
        }

        CatalogStore fresh = catalog("fresh");
        Backups recovered = backups(fresh);
        UpdateResult refused = recovered.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(List.of(), refused.versionsAdopted());
        assertTrue(fresh.version(backupId).isEmpty());
        assertTrue(refused.problems().toString(), refused.problems().stream()
                .anyMatch(problem -> problem.contains(name) && problem.contains("not adopted")));

        // my own manifest, but only N-1 fragments of a block left at the suppliers: it could not be restored
        store(2, name, genuine);
        Map<String, Packet> removed = new HashMap<>();
        for (FragmentState fragment : catalog.fragments(backupId)) {
            if (fragment.ref().block() == 0 && (fragment.ref().parity() || fragment.ref().position() > 2)) {
                Map<String, Packet> objects = gateway.stored.get(FakeNetwork.supplier(fragment.ref().position()));
                removed.put(fragment.objectName(), objects.remove(fragment.objectName()));
            }
        }
        UpdateResult tooFew = recovered.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(List.of(), tooFew.versionsAdopted());
        assertTrue(tooFew.problems().toString(), tooFew.problems().stream()
                .anyMatch(problem -> problem.contains("block 0 has 3 of the 4")));
        assertTrue(fresh.version(backupId).isEmpty());

        for (FragmentState fragment : catalog.fragments(backupId)) {
            Packet packet = removed.get(fragment.objectName());
            if (packet != null) {
                gateway.stored.get(FakeNetwork.supplier(fragment.ref().position())).put(fragment.objectName(), packet);
            }
        }
        UpdateResult adopted = recovered.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(List.of(backupId), adopted.versionsAdopted());
        assertEquals(VersionState.COMPLETE, fresh.version(backupId).orElseThrow().state());
        assertTrue(fresh.fragments(backupId).stream().allMatch(FragmentState::isDelivered));
    }

    @Test
    public void anUpdateFetchesABoundedNumberOfManifestsMineFirst() throws Exception {
        String backupId = backedUp(catalog("node"));
        int madeUp = ManifestAdopter.MAX_FETCHES + 8;
        for (int i = 0; i < madeUp; i++) {
            store(1, String.format("%s%064x", NamingKey.MANIFEST_PREFIX, i), new byte[] {1});
        }
        forgetCatalogCopies();

        CatalogStore fresh = catalog("fresh");
        Backups recovered = backups(fresh);
        int before = gateway.sent.size();
        UpdateResult result = recovered.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long retrieves = gateway.sent.subList(before, gateway.sent.size()).stream()
                .filter(packet -> packet.command() == Command.RETRIEVE
                        && NamingKey.isManifest(RetrieveRequest.parse(packet.payload()).name())).count();

        assertEquals("my manifest, listed by every supplier, came first", List.of(backupId),
                result.versionsAdopted());
        assertTrue(result.problems().toString(), result.problems().contains((madeUp + 1 - ManifestAdopter.MAX_FETCHES)
                + " more manifests the suppliers list were not fetched: at most " + ManifestAdopter.MAX_FETCHES
                + " are in one update, those listed at the most positions first"));
        assertTrue("retrieves: " + retrieves, retrieves <= ManifestAdopter.MAX_FETCHES);
        assertTrue(retrieves >= ManifestAdopter.MAX_FETCHES - 1);
    }

    @Test
    public void aDeletedVersionWhoseObjectsSuppliersKeptIsNotAdoptedAndTheyAreDeletedAgain() throws Exception {
        CatalogStore catalog = catalog("node");
        Backups backups = backups(catalog);
        CatalogItem item = catalog.add(List.of(NewItem.folder(sample("mine", 3).toString()))).get(0);
        String backupId = backup(backups, item.pathId());
        String kept = backup(backups, item.pathId());
        backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        // positions 2 and 3 are away while the version is deleted: they keep its manifest and its fragments, N of
        // the 2N of every block, enough to restore it
        Map<Integer, Map<String, Packet>> away = objectsAt(catalog, backupId, List.of(2, 3));
        assertTrue(away.toString(), away.get(2).size() > 1 && away.get(3).size() > 1);

        backups.delete(backupId);
        assertTrue(catalog.deletedVersion(backupId).isPresent());
        putBack(away);
        UpdateResult result = backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertEquals(result.toString(), List.of(), result.versionsAdopted());
        assertTrue(catalog.version(backupId).isEmpty());
        assertEquals(VersionState.COMPLETE, catalog.version(kept).orElseThrow().state());
        awaitGone(away);

        // a recovered node imports the catalog copy, which names the deleted version, and does not adopt it either
        putBack(away);
        CatalogStore fresh = catalog("fresh");
        UpdateResult recovered = backups(fresh).update().toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertTrue(recovered.catalog(), recovered.catalog().startsWith("recovered: imported"));
        assertEquals(recovered.toString(), List.of(), recovered.versionsAdopted());
        assertTrue(fresh.version(backupId).isEmpty());
        assertTrue(fresh.deletedVersion(backupId).isPresent());
        assertEquals(VersionState.COMPLETE, fresh.version(kept).orElseThrow().state());
        awaitGone(away);
    }

    /** @return per position, the objects of a version stored there (its manifest and its fragments), copied */
    private Map<Integer, Map<String, Packet>> objectsAt(CatalogStore catalog, String backupId,
            List<Integer> positions) {
        Map<Integer, Map<String, Packet>> objects = new HashMap<>();
        for (int position : positions) {
            Map<String, Packet> stored = gateway.stored.get(FakeNetwork.supplier(position));
            Map<String, Packet> copy = new HashMap<>();
            String manifest = naming.manifest(backupId);
            copy.put(manifest, stored.get(manifest));
            for (FragmentState fragment : catalog.fragments(backupId)) {
                if (fragment.ref().position() == position) {
                    copy.put(fragment.objectName(), stored.get(fragment.objectName()));
                }
            }
            copy.values().forEach(packet -> assertTrue(packet != null));
            objects.put(position, copy);
        }
        return objects;
    }

    private void putBack(Map<Integer, Map<String, Packet>> objects) {
        objects.forEach((position, copy) -> gateway.stored.get(FakeNetwork.supplier(position)).putAll(copy));
    }

    private void awaitGone(Map<Integer, Map<String, Packet>> objects) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (objects.entrySet().stream().anyMatch(entry -> entry.getValue().keySet().stream()
                .anyMatch(gateway.stored.get(FakeNetwork.supplier(entry.getKey()))::containsKey))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the deleted version's objects are still at the suppliers");
            }
            Thread.sleep(20);
        }
    }

    /** @return the ID of a version of a sample folder, backed up from the catalog's node, with its catalog pushed */
    private String backedUp(CatalogStore catalog) throws Exception {
        Backups backups = backups(catalog);
        CatalogItem item = catalog.add(List.of(NewItem.folder(sample("mine", 2).toString()))).get(0);
        String backupId = backup(backups, item.pathId());
        backups.update().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return backupId;
    }

    /** The suppliers lose my catalog copies: a recovered node finds its versions by their manifests alone. */
    private void forgetCatalogCopies() {
        for (int position = 0; position < 4; position++) {
            gateway.stored.get(FakeNetwork.supplier(position)).remove(NamingKey.CATALOG_OBJECT);
        }
    }

    private String backup(Backups backups, String pathId) throws Exception {
        backups.start(pathId);
        return awaitDone(backups, pathId);
    }

    private String awaitDone(Backups backups, String pathId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (BackupJob job : backups.finished()) {
                if (job.pathId().equals(pathId) && job.state().ended() && backups.running().isEmpty()
                        && backups.queue().isEmpty() && !job.backupId().equals(lastDone.get(pathId))) {
                    assertEquals(job.error(), BackupState.DONE, job.state());
                    lastDone.put(pathId, job.backupId());
                    return job.backupId();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the backup of " + pathId + " did not end");
    }

    private final Map<String, String> lastDone = new HashMap<>();

    private Map<Integer, Packet> catalogCopies() {
        Map<Integer, Packet> copies = new HashMap<>();
        for (int position = 0; position < 4; position++) {
            copies.put(position, gateway.stored.get(FakeNetwork.supplier(position)).get(NamingKey.CATALOG_OBJECT));
        }
        return copies;
    }

    private void store(int position, String name, byte[] data) {
        gateway.stored.get(FakeNetwork.supplier(position)).put(name, gateway.packet(Command.DATA,
                FakeNetwork.supplier(position), new StoredData(name, data).toBytes()));
    }

    private void restore(String backupId, Path destination) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            new Unpacker(workers, 2).unpack(backupId, new SupplierFragmentSource(gateway, family, naming,
                    FakeNetwork.ME, keys.signingPublicKey(), FakeNetwork.CODEC, Duration.ofSeconds(10)), keys,
                    keys.signingPublicKey(), destination, ExistingFilePolicy.FAIL_IF_EXISTS, ProgressListener.NONE);
        } finally {
            workers.shutdownNow();
        }
    }

    /** @return the same manifest signed by another owner */
    private static byte[] resign(VersionManifest manifest, ManifestSigner signer) {
        int n = manifest.map().dataShards();
        ByteArrayOutputStream hashes = new ByteArrayOutputStream();
        for (long block = 0; block < manifest.blockCount(); block++) {
            for (boolean parity : new boolean[] {false, true}) {
                for (int position = 0; position < n; position++) {
                    hashes.writeBytes(manifest.fragmentHash(new FragmentName(manifest.backupId(), block, position,
                            parity)));
                }
            }
        }
        return VersionManifest.sign(manifest.backupId(), manifest.map(), manifest.blockSize(), manifest.blockCount(),
                manifest.sourceBytes(), manifest.sealedKey(), hashes.toByteArray(), signer).toBytes();
    }

    private Path sample(String name, int files) throws Exception {
        Path root = folder.newFolder(name).toPath();
        for (int i = 0; i < files; i++) {
            byte[] data = new byte[40_000 + i * 7_000];
            RANDOM.nextBytes(data);
            Files.createDirectories(root.resolve("d" + i));
            Files.write(root.resolve("d" + i).resolve("f" + i + ".bin"), data);
        }
        return root;
    }
}
