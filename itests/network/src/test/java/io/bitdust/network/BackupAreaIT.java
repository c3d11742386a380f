package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.BackupJob;
import io.bitdust.backup.BackupState;
import io.bitdust.backup.Deletion;
import io.bitdust.backup.UpdateResult;
import io.bitdust.backup.internal.Backups;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.FragmentState;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.internal.LocalIdentity;
import io.bitdust.customers.CustomerService;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.restore.RestoreJob;
import io.bitdust.restore.RestoreState;
import io.bitdust.storage.CatalogCopy;
import io.bitdust.storage.DeleteRequest;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The original's regression scenarios on the backup and restore areas, across real nodes: a folder backed up to four
 * suppliers comes back byte-exact; again with one supplier cut off; the supplier at position 0 is replaced, its
 * position is rebuilt by itself, and the new supplier's fragments are needed and enough for a restore with two
 * others cut off; retention keeps one version; a version of four suppliers outlives a family of two and is rebuilt at
 * the new positions when the family is four again; a fresh node with the key backup finds its suppliers, its catalog,
 * and the version the catalog copy lacks by its signed manifest; a version deleted while two suppliers were away is
 * not adopted back from what they kept, and they lose it once they are back.
 */
public class BackupAreaIT {
    private static final int BLOCK = 256 * 1024;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void backupRestoreLoseASupplierReplaceItAndRebuildItsPosition() throws Exception {
        try (Network network = new Network(temp.getRoot().toPath())) {
            List<Node> nodes = aliceWithFourSuppliers(network);
            Node alice = nodes.get(0);
            SupplierService family = alice.extension(SupplierService.class);
            BackupsExtension.Running areas = alice.extension(BackupsExtension.Running.class);

            Path source = SampleFolders.create(temp.newFolder("source").toPath().resolve("data"), BLOCK, 7);
            CatalogItem item = areas.catalog().add(List.of(NewItem.folder(source.toString()))).get(0);
            BackupJob first = backup(areas.backups(), item.pathId());
            assertEquals(first.error(), BackupState.DONE, first.state());
            assertTrue(areas.catalog().fragments(first.backupId()).stream().allMatch(FragmentState::isDelivered));

            RestoreJob all = restore(areas, first.backupId(), temp.getRoot().toPath().resolve("restored"));
            assertEquals(all.toString(), RestoreState.DONE, all.state());
            SampleFolders.assertSameFiles(source, temp.getRoot().toPath().resolve("restored").resolve("data"));

            Node lost = byIdurl(nodes, family.suppliers().get(1).idurl);
            lost.cutOff();
            RestoreJob three = restore(areas, first.backupId(), temp.getRoot().toPath().resolve("without-one"));
            assertEquals(three.toString(), RestoreState.DONE, three.state());
            assertTrue(three.toString(), three.rejectedFragments() > 0);
            SampleFolders.assertSameFiles(source, temp.getRoot().toPath().resolve("without-one").resolve("data"));
            lost.reconnect();
            lost.awaitPublished();
            Await.until(() -> family.suppliers().stream().allMatch(s -> s.online), "alice sees her suppliers again");

            Node spare = node(network, "frank", false);
            spare.awaitPublished();
            Node old = byIdurl(nodes, family.suppliers().get(0).idurl);
            Await.until(() -> {
                try {
                    return spare.idurl().toString().equals(family.change(0, spare.idurl()).idurl);
                } catch (BitDustException e) {
                    return false; // frank's identity offering the supplier service is not published yet
                }
            }, "alice hires frank at position 0");
            Await.until(() -> "active".equals(family.suppliers().get(0).contract), "frank's contract");
            long atZero = areas.catalog().fragments(first.backupId()).stream().filter(f -> f.ref().position() == 0)
                    .count();
            CustomerService franks = spare.extension(CustomerService.class);
            Await.until(() -> franks.customers().stream().anyMatch(c -> c.idurl.equals(alice.idurl().toString())
                    && c.files >= atZero + 1), "position 0 rebuilt at frank's by itself: " + atZero
                    + " fragments and the manifest");
            areas.backups().update().toCompletableFuture().get(120, TimeUnit.SECONDS); // may join the automatic one
            UpdateResult again = areas.backups().update().toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertEquals(again.toString(), 0, again.fragmentsMissing());
            assertEquals(again.toString(), 4, again.suppliersListed());
            old.cutOff();

            List<Node> cut = List.of(byIdurl(nodes, family.suppliers().get(1).idurl),
                    byIdurl(nodes, family.suppliers().get(2).idurl));
            cut.forEach(Node::cutOff);
            Path needsFrank = temp.getRoot().toPath().resolve("needs-frank");
            RestoreJob rebuilt = restore(areas, first.backupId(), needsFrank);
            assertEquals(rebuilt.toString(), RestoreState.DONE, rebuilt.state());
            SampleFolders.assertSameFiles(source, needsFrank.resolve("data"));
            for (Node node : cut) {
                node.reconnect();
                node.awaitPublished();
            }
            Await.until(() -> family.suppliers().stream().allMatch(s -> s.online), "alice sees her suppliers again");

            Files.writeString(source.resolve("docs").resolve("later.txt"), "a second version");
            BackupJob second = backup(areas.backups(), item.pathId());
            assertEquals(second.error(), BackupState.DONE, second.state());
            assertEquals("max-copies 1 keeps the newest version only", List.of(second.backupId()),
                    areas.catalog().versions(item.pathId()).stream().map(CatalogVersion::backupId)
                            .collect(Collectors.toList()));
        }
    }

    @Test
    public void aSupplierAwayDuringABackupGetsItsFragmentsWhenItComesBack() throws Exception {
        try (Network network = new Network(temp.getRoot().toPath())) {
            List<Node> nodes = aliceWithFourSuppliers(network);
            Node alice = nodes.get(0);
            SupplierService family = alice.extension(SupplierService.class);
            BackupsExtension.Running areas = alice.extension(BackupsExtension.Running.class);
            Node away = byIdurl(nodes, family.suppliers().get(3).idurl);
            away.cutOff();

            Path source = SampleFolders.create(temp.newFolder("source").toPath().resolve("data"), BLOCK, 7);
            CatalogItem item = areas.catalog().add(List.of(NewItem.folder(source.toString()))).get(0);
            BackupJob done = backup(areas.backups(), item.pathId());
            assertEquals(done.error(), BackupState.DONE, done.state());
            assertTrue(done.warning(), done.warning().contains("positions [3]"));
            assertTrue(areas.catalog().fragments(done.backupId()).stream().filter(f -> f.ref().position() == 3)
                    .noneMatch(FragmentState::isDelivered));

            away.reconnect();
            away.awaitPublished();
            Await.until(() -> family.suppliers().stream().allMatch(s -> s.online), "alice sees her suppliers again");
            UpdateResult update = areas.backups().update().toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertTrue(update.toString(), update.fragmentsRebuilt() > 0);
            assertTrue(areas.catalog().fragments(done.backupId()).stream().allMatch(FragmentState::isDelivered));
            byIdurl(nodes, family.suppliers().get(0).idurl).cutOff();
            byIdurl(nodes, family.suppliers().get(1).idurl).cutOff();
            Path restored = temp.getRoot().toPath().resolve("needs-the-one-away");
            RestoreJob job = restore(areas, done.backupId(), restored);
            assertEquals(job.toString(), RestoreState.DONE, job.state());
            SampleFolders.assertSameFiles(source, restored.resolve("data"));
        }
    }

    @Test
    public void aFreshNodeWithTheKeyBackupFindsItsSuppliersItsCatalogAndEveryByte() throws Exception {
        char[] passphrase = "correct horse battery staple".toCharArray();
        try (Network network = new Network(temp.getRoot().toPath())) {
            Node alice = aliceWithFourSuppliers(network).get(0);
            SupplierService family = alice.extension(SupplierService.class);
            List<String> hired = family.suppliers().stream().map(s -> s.idurl).collect(Collectors.toList());
            BackupsExtension.Running areas = alice.extension(BackupsExtension.Running.class);
            Path source = SampleFolders.create(temp.newFolder("home").toPath().resolve("data"), BLOCK, 11);
            CatalogItem item = areas.catalog().add(List.of(NewItem.folder(source.toString()))).get(0);
            BackupJob done = backup(areas.backups(), item.pathId());
            assertEquals(done.error(), BackupState.DONE, done.state());
            Await.until(() -> family.recordPublished().isPresent(), "alice's family is in her recovery record");

            // a version made after the last catalog copy the suppliers keep: each supplier is given back the copy
            // of before it (the newest copy is lost); its signed manifest at the suppliers brings it back
            byte[] olderExport = areas.catalog().export();
            long olderRevision = areas.catalog().inspectExport(olderExport).revision();
            Instant beforeLater = Instant.now();
            Path later = SampleFolders.create(temp.newFolder("later").toPath().resolve("notes"), BLOCK, 12);
            CatalogItem laterItem = areas.catalog().add(List.of(NewItem.folder(later.toString()))).get(0);
            BackupJob laterDone = backup(areas.backups(), laterItem.pathId());
            assertEquals(laterDone.error(), BackupState.DONE, laterDone.state());
            areas.backups().update().toCompletableFuture().get(120, TimeUnit.SECONDS);
            Await.until(() -> family.recordPublished().orElseThrow().isAfter(beforeLater),
                    "the recovery record names the newest catalog copy");
            for (String supplier : hired) {
                IdUrl idurl = IdUrl.parse(supplier);
                assertEquals(Command.ACK, ask(alice, idurl, Command.DELETE_FILE,
                        new DeleteRequest(List.of(NamingKey.CATALOG_OBJECT)).toBytes()).command());
                assertEquals(Command.ACK, ask(alice, idurl, Command.DATA,
                        new CatalogCopy(olderRevision, olderExport).toStoredData().toBytes()).command());
            }

            // the disaster: alice's machine is gone; she has her key backup, her identity is on the server
            byte[] keyBackup = alice.keys().exportKeys(passphrase);
            alice.stop();
            Identity published = network.published(alice.idurl());
            Path fresh = temp.getRoot().toPath().resolve("alice-again");
            FileKeyRing keys = new FileKeyRing(fresh.resolve("keys"), new SecureRandom());
            keys.importKeys(keyBackup, passphrase, published.signingKey());
            try (LocalIdentity identity = new LocalIdentity(fresh.resolve("identity"), keys, network::identityServers,
                    Duration.ofSeconds(10), Clock.systemUTC())) {
                identity.recover(published);
            }
            Node again = node(network, "alice-again", true);
            again.awaitPublished();
            SupplierService recoveredFamily = again.extension(SupplierService.class);
            again.config().set("services/customer/enabled", "true");
            Await.until(() -> recoveredFamily.suppliers().stream().filter(s -> "active".equals(s.contract)).count()
                    == 4, "the same 4 suppliers hired again");
            assertEquals(hired, recoveredFamily.suppliers().stream().map(s -> s.idurl).collect(Collectors.toList()));

            BackupsExtension.Running recovered = again.extension(BackupsExtension.Running.class);
            Await.until(() -> recovered.catalog().version(done.backupId()).isPresent(),
                    "the catalog comes back from the suppliers by itself");
            assertEquals(source.toString(), recovered.catalog().item(item.pathId()).orElseThrow().localPath());
            Path restored = temp.getRoot().toPath().resolve("restored-after-disaster");
            RestoreJob job = restore(recovered, done.backupId(), restored);
            assertEquals(job.toString(), RestoreState.DONE, job.state());
            SampleFolders.assertSameFiles(source, restored.resolve("data"));

            Await.until(() -> recovered.catalog().version(laterDone.backupId())
                    .filter(version -> version.state() == VersionState.COMPLETE).isPresent(),
                    "the version the older catalog copy lacks is adopted from its signed manifest");
            assertTrue(recovered.catalog().item(laterItem.pathId()).orElseThrow().placeholder());
            Path restoredLater = temp.getRoot().toPath().resolve("restored-later");
            RestoreJob laterJob = restore(recovered, laterDone.backupId(), restoredLater);
            assertEquals(laterJob.toString(), RestoreState.DONE, laterJob.state());
            SampleFolders.assertSameFiles(later, restoredLater.resolve("notes"));
        }
    }

    @Test
    public void aVersionOfFourSuppliersOutlivesTwoAndIsRebuiltWhenTheyAreFourAgain() throws Exception {
        try (Network network = new Network(temp.getRoot().toPath())) {
            List<Node> nodes = aliceWithFourSuppliers(network);
            Node alice = nodes.get(0);
            SupplierService family = alice.extension(SupplierService.class);
            BackupsExtension.Running areas = alice.extension(BackupsExtension.Running.class);
            Path source = SampleFolders.create(temp.newFolder("four").toPath().resolve("data"), BLOCK, 5);
            CatalogItem item = areas.catalog().add(List.of(NewItem.folder(source.toString()))).get(0);
            BackupJob wide = backup(areas.backups(), item.pathId());
            assertEquals(wide.error(), BackupState.DONE, wide.state());
            assertEquals("ecc/4x4", wide.eccMap());

            List<Node> fired = List.of(byIdurl(nodes, family.suppliers().get(2).idurl),
                    byIdurl(nodes, family.suppliers().get(3).idurl));
            alice.config().set("services/customer/suppliers-number", "2");
            Await.until(() -> family.suppliers().size() == 2
                    && family.suppliers().stream().allMatch(s -> "active".equals(s.contract)), "2 active suppliers");
            for (Node node : fired) {
                CustomerService desk = node.extension(CustomerService.class);
                Await.until(() -> desk.customers().stream().noneMatch(c -> c.idurl.equals(alice.idurl().toString())
                        && c.files > 0), node.idurl() + " fired and alice's objects purged there");
            }
            UpdateResult atTwoUpdate = areas.backups().update().toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertEquals(atTwoUpdate.toString(), 2, atTwoUpdate.suppliersListed());
            assertEquals(atTwoUpdate.toString(), 0, atTwoUpdate.fragmentsMissing());
            assertEquals(atTwoUpdate.toString(), List.of(), atTwoUpdate.problems());
            Path atTwo = temp.getRoot().toPath().resolve("four-at-two");
            RestoreJob fromTwo = restore(areas, wide.backupId(), atTwo);
            assertEquals(fromTwo.toString(), RestoreState.DONE, fromTwo.state());
            SampleFolders.assertSameFiles(source, atTwo.resolve("data"));

            Path narrowSource = SampleFolders.create(temp.newFolder("two").toPath().resolve("data"), BLOCK, 6);
            CatalogItem narrowItem = areas.catalog().add(List.of(NewItem.folder(narrowSource.toString()))).get(0);
            BackupJob narrow = backup(areas.backups(), narrowItem.pathId());
            assertEquals(narrow.error(), BackupState.DONE, narrow.state());
            assertEquals("ecc/2x2", narrow.eccMap());

            alice.config().set("services/customer/suppliers-number", "4");
            Await.until(() -> family.suppliers().size() == 4
                    && family.suppliers().stream().allMatch(s -> "active".equals(s.contract)), "4 active suppliers");
            for (int position : List.of(2, 3)) {
                long held = areas.catalog().fragments(wide.backupId()).stream()
                        .filter(f -> f.ref().position() == position).count();
                CustomerService desk = byIdurl(nodes, family.suppliers().get(position).idurl)
                        .extension(CustomerService.class);
                Await.until(() -> desk.customers().stream().anyMatch(c -> c.idurl.equals(alice.idurl().toString())
                        && c.files >= held + 1), "position " + position + " rebuilt by itself: " + held
                        + " fragments and the manifest");
            }
            areas.backups().update().toCompletableFuture().get(120, TimeUnit.SECONDS); // may join the automatic one
            UpdateResult again = areas.backups().update().toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertEquals(again.toString(), 0, again.fragmentsMissing());
            assertEquals(again.toString(), List.of(), again.problems());

            List<Node> cut = List.of(byIdurl(nodes, family.suppliers().get(0).idurl),
                    byIdurl(nodes, family.suppliers().get(1).idurl));
            cut.forEach(Node::cutOff);
            Path rebuilt = temp.getRoot().toPath().resolve("four-from-new-positions");
            RestoreJob fromNew = restore(areas, wide.backupId(), rebuilt);
            assertEquals(fromNew.toString(), RestoreState.DONE, fromNew.state());
            SampleFolders.assertSameFiles(source, rebuilt.resolve("data"));
            for (Node node : cut) {
                node.reconnect();
                node.awaitPublished();
            }
            Await.until(() -> family.suppliers().stream().allMatch(s -> s.online), "alice sees her suppliers again");
            Path narrowBack = temp.getRoot().toPath().resolve("two-at-four");
            RestoreJob narrowJob = restore(areas, narrow.backupId(), narrowBack);
            assertEquals(narrowJob.toString(), RestoreState.DONE, narrowJob.state());
            SampleFolders.assertSameFiles(narrowSource, narrowBack.resolve("data"));
        }
    }

    @Test
    public void aVersionDeletedWhileTwoSuppliersWereAwayStaysDeletedAndTheirObjectsGo() throws Exception {
        try (Network network = new Network(temp.getRoot().toPath())) {
            List<Node> nodes = aliceWithFourSuppliers(network);
            Node alice = nodes.get(0);
            SupplierService family = alice.extension(SupplierService.class);
            BackupsExtension.Running areas = alice.extension(BackupsExtension.Running.class);
            Path source = SampleFolders.create(temp.newFolder("source").toPath().resolve("data"), BLOCK, 5);
            CatalogItem item = areas.catalog().add(List.of(NewItem.folder(source.toString()))).get(0);
            BackupJob done = backup(areas.backups(), item.pathId());
            assertEquals(done.error(), BackupState.DONE, done.state());
            NamingKey naming = NamingKey.of(alice.keys());
            List<Node> away = List.of(byIdurl(nodes, family.suppliers().get(2).idurl),
                    byIdurl(nodes, family.suppliers().get(3).idurl));
            away.forEach(Node::cutOff);

            // positions 2 and 3 keep the manifest and N of the 2N fragments of every block: enough to adopt it
            Deletion deleted = areas.backups().delete(done.backupId());
            assertEquals(deleted.toString(), 2, deleted.unconfirmed().size());
            for (Node node : away) {
                node.reconnect();
                node.awaitPublished();
            }
            Await.until(() -> family.suppliers().stream().allMatch(s -> s.online), "alice sees her suppliers again");
            for (int position = 2; position < 4; position++) {
                assertEquals(Command.DATA, retrieve(alice, family, position, naming.manifest(done.backupId())));
            }
            UpdateResult update = areas.backups().update().toCompletableFuture().get(120, TimeUnit.SECONDS);

            assertEquals(update.toString(), List.of(), update.versionsAdopted());
            assertTrue(areas.catalog().version(done.backupId()).isEmpty());
            assertTrue(areas.catalog().deletedVersion(done.backupId()).isPresent());
            for (int position = 2; position < 4; position++) {
                int at = position;
                for (String name : List.of(naming.manifest(done.backupId()),
                        naming.fragment(new FragmentName(done.backupId(), 0, position, false)))) {
                    Await.until(() -> retrieve(alice, family, at, name) == Command.FAIL, "position " + at
                            + " deletes " + name + " of the deleted version");
                }
            }
        }
    }

    /** @return what the supplier at a position answers a Retrieve of a name: Data when it holds it, Fail when not */
    private static Command retrieve(Node node, SupplierService family, int position, String name) {
        try {
            return ask(node, IdUrl.parse(family.suppliers().get(position).idurl), Command.RETRIEVE,
                    new RetrieveRequest(name).toBytes()).command();
        } catch (Exception e) {
            throw new AssertionError("no answer from position " + position + ": " + e, e);
        }
    }

    /** @return alice, a customer with four active suppliers, then the four (bob, carol, dave, erin) */
    private List<Node> aliceWithFourSuppliers(Network network) {
        network.identityServer();
        List<Node> nodes = new ArrayList<>();
        nodes.add(node(network, "alice", true));
        for (String name : List.of("bob", "carol", "dave", "erin")) {
            nodes.add(node(network, name, false));
        }
        network.awaitPublished();
        SupplierService family = nodes.get(0).extension(SupplierService.class);
        nodes.get(0).config().set("services/customer/enabled", "true");
        Await.until(() -> family.suppliers().size() == 4
                && family.suppliers().stream().allMatch(s -> "active".equals(s.contract)), "4 active suppliers");
        return nodes;
    }

    private static Packet ask(Node node, IdUrl peer, Command command, byte[] payload) throws Exception {
        return node.gateway().request(node.gateway().packet(command, peer, payload)).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    private static Node byIdurl(List<Node> nodes, String idurl) {
        return nodes.stream().filter(node -> node.idurl().toString().equals(idurl)).findFirst().orElseThrow();
    }

    private static BackupJob backup(Backups backups, String pathId) {
        backups.start(pathId);
        Await.until(() -> backups.queue().isEmpty() && backups.running().isEmpty()
                && backups.finished().stream().anyMatch(job -> job.pathId().equals(pathId)), "the backup of " + pathId);
        return backups.finished().get(0);
    }

    private static RestoreJob restore(BackupsExtension.Running areas, String backupId, Path destination) {
        areas.restores().start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        Await.until(() -> areas.restores().job(backupId).orElseThrow().state().ended(), "the restore of " + backupId);
        return areas.restores().job(backupId).orElseThrow();
    }

    private Node node(Network network, String name, boolean customer) {
        Map<String, String> presets = Map.of("services/customer/enabled", "false",
                "services/customer/needed-space", "64 MB",
                "services/employer/ping-interval-seconds", "1",
                "services/employer/replace-critically-offline-enabled", "false",
                "services/supplier/donated-space", "256 MB",
                "services/supplier/delete-grace-hours", "0");
        NodeSettings settings = NodeSettings.DEFAULT.withPresets(presets).with(new SuppliersExtension(network))
                .with(new CustomersExtension());
        if (customer) {
            settings = settings.with(new BackupsExtension(() -> new Backups.Settings(true, BLOCK, 1, false)));
        }
        return network.node(name, settings);
    }
}
