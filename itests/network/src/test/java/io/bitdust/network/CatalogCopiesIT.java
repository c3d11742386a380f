package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.internal.CatalogReplicator;
import io.bitdust.backup.internal.CatalogReplicator.Delivery;
import io.bitdust.backup.internal.CatalogReplicator.PushResult;
import io.bitdust.backup.internal.CatalogReplicator.PushStatus;
import io.bitdust.backup.internal.CatalogReplicator.RecoveryResult;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.internal.CatalogStore;
import io.bitdust.common.IdUrl;
import io.bitdust.derby.Database;
import io.bitdust.storage.CatalogCopy;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The catalog's copies at the suppliers across the network: alice pushes her real catalog to her four suppliers
 * ({@link CatalogReplicator} over {@link CustomersExtension} desks), again after a change; a supplier refuses an older
 * revision, also after a restart; then a fresh node with alice's keys and identity and an empty catalog, pointed at
 * the same suppliers, recovers every item and version.
 */
public class CatalogCopiesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aFreshNodeWithMyKeysRecoversTheCatalogMySuppliersKeep() throws Exception {
        List<Database> databases = new ArrayList<>();
        try (Network network = new Network(temp.getRoot().toPath())) {
            network.identityServer();
            List<Node> nodes = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol", "dave", "erin")) {
                nodes.add(node(network, name));
            }
            network.awaitPublished();
            Node alice = nodes.get(0);
            SupplierService family = alice.extension(SupplierService.class);
            alice.config().set("services/customer/enabled", "true");
            Await.until(() -> family.suppliers().size() == 4
                    && family.suppliers().stream().allMatch(s -> "active".equals(s.contract)), "4 active suppliers");
            List<IdUrl> hired = new ArrayList<>();
            for (int position = 0; position < 4; position++) {
                hired.add(family.supplier(position).orElseThrow());
            }

            Database aliceDatabase = Database.embedded(alice.folder(), CatalogStore.SCHEMA);
            databases.add(aliceDatabase);
            CatalogStore catalog = new CatalogStore(aliceDatabase, alice.keys(), new SecureRandom(),
                    Clock.systemUTC());
            CatalogItem notes = catalog.add(List.of(NewItem.folder("/home/alice/docs"),
                    NewItem.file("/home/alice/docs/notes.txt", 1234))).get(1);
            CatalogVersion first = catalog.startVersion(notes.pathId(), "ecc/4x4");
            catalog.completeVersion(first.backupId(), 2, 1234, "manifest-of-notes");
            CatalogReplicator replicator = new CatalogReplicator(alice.gateway(), family, catalog, alice.idurl(),
                    alice.keys().signingPublicKey(), new PacketCodec(), WAIT);

            PushResult pushed = replicator.push();
            assertEquals(pushed.summary(), List.of(PushStatus.ACCEPTED, PushStatus.ACCEPTED, PushStatus.ACCEPTED,
                    PushStatus.ACCEPTED), statuses(pushed));
            long older = pushed.revision();
            byte[] olderExport = catalog.export();
            assertEquals(older, catalog.inspectExport(olderExport).revision());

            // a change, pushed again
            CatalogItem photo = catalog.add(List.of(NewItem.file("/home/alice/photo.jpg", 99_000))).get(0);
            CatalogVersion second = catalog.startVersion(photo.pathId(), "ecc/4x4");
            catalog.completeVersion(second.backupId(), 1, 99_000, "manifest-of-photo");
            CatalogVersion running = catalog.startVersion(notes.pathId(), "ecc/4x4");
            PushResult again = replicator.push();
            assertTrue(again.revision() > older);
            assertEquals(again.summary(), List.of(PushStatus.ACCEPTED, PushStatus.ACCEPTED, PushStatus.ACCEPTED,
                    PushStatus.ACCEPTED), statuses(again));
            for (IdUrl supplier : hired) {
                Node node = byIdurl(nodes, supplier);
                assertTrue(node.name() + " keeps one object of alice's",
                        node.extension(CustomersExtension.Running.class).customers().stream().anyMatch(
                                c -> alice.idurl().toString().equals(c.idurl) && c.files == 1));
            }

            // a supplier refuses the older revision, and still does after a restart
            Node bob = byIdurl(nodes, hired.get(0));
            Packet stale = alice.gateway().request(alice.gateway().packet(Command.DATA, bob.idurl(),
                    new CatalogCopy(older, olderExport).toStoredData().toBytes())).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(Command.FAIL, stale.command());
            assertEquals("stale-catalog: revision " + older + " is not higher than " + again.revision() + " held",
                    new String(stale.payload(), StandardCharsets.UTF_8));
            bob.restart();
            bob.awaitPublished();
            Packet afterRestart = alice.gateway().request(alice.gateway().packet(Command.DATA, bob.idurl(),
                    new CatalogCopy(older, olderExport).toStoredData().toBytes())).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(new String(afterRestart.payload(), StandardCharsets.UTF_8), Command.FAIL,
                    afterRestart.command());
            assertTrue(new String(afterRestart.payload(), StandardCharsets.UTF_8).startsWith("stale-catalog: "));
            assertEquals(Long.valueOf(1), bob.extension(CustomersExtension.Running.class).refusals()
                    .get(CatalogCopy.STALE));

            List<CatalogItem> items = catalog.tree();
            List<CatalogVersion> versions = catalog.allVersions();
            assertEquals(5, items.size());
            assertEquals(3, versions.size());

            // alice's machine is lost; a fresh node gets her keys and identity back, with an empty catalog
            alice.stop();
            aliceDatabase.close();
            Path freshFolder = temp.getRoot().toPath().resolve("alice-again");
            copyTree(alice.folder().resolve("keys"), freshFolder.resolve("keys"));
            copyTree(alice.folder().resolve("identity"), freshFolder.resolve("identity"));
            Node fresh = network.node("alice-again");
            assertEquals(alice.idurl(), fresh.idurl());
            fresh.awaitPublished();
            Database freshDatabase = Database.embedded(fresh.folder(), CatalogStore.SCHEMA);
            databases.add(freshDatabase);
            CatalogStore recovered = new CatalogStore(freshDatabase, fresh.keys(), new SecureRandom(),
                    Clock.systemUTC());
            assertEquals(List.of(), recovered.tree());
            Family sameSuppliers = new Family(hired);
            CatalogReplicator freshReplicator = new CatalogReplicator(fresh.gateway(), sameSuppliers, recovered,
                    fresh.idurl(), fresh.keys().signingPublicKey(), new PacketCodec(), WAIT);

            RecoveryResult result = freshReplicator.recover();
            assertEquals(result.summary(), 4, result.asked());
            assertEquals(result.summary(), 4, result.answered());
            assertEquals(result.summary(), 4, result.valid());
            assertEquals(List.of(), result.problems());
            assertEquals(again.revision(), result.revision().getAsLong());
            assertEquals(5, result.imported().orElseThrow().itemsAdded());
            assertEquals(3, result.imported().orElseThrow().versionsAdded());
            assertEquals(items, recovered.tree());
            assertEquals(versions, recovered.allVersions());
            assertEquals("manifest-of-photo", recovered.version(second.backupId()).orElseThrow().manifest());
            assertEquals(running.state(), recovered.version(running.backupId()).orElseThrow().state());

            // the recovered catalog goes on: its next revision is taken by every supplier
            assertTrue(recovered.revision() > again.revision());
            PushResult onward = freshReplicator.push();
            assertEquals(onward.summary(), List.of(PushStatus.ACCEPTED, PushStatus.ACCEPTED, PushStatus.ACCEPTED,
                    PushStatus.ACCEPTED), statuses(onward));
        } finally {
            databases.forEach(Database::close);
        }
    }

    private static List<PushStatus> statuses(PushResult result) {
        return result.deliveries().stream().map(Delivery::status).collect(Collectors.toList());
    }

    private static Node byIdurl(List<Node> nodes, IdUrl idurl) {
        return nodes.stream().filter(node -> node.idurl().equals(idurl)).findFirst().orElseThrow();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private Node node(Network network, String name) throws IOException {
        Map<String, String> presets = Map.of("services/customer/enabled", "false",
                "services/customer/needed-space", "64 MB",
                "services/employer/ping-interval-seconds", "1",
                "services/employer/replace-critically-offline-enabled", "false",
                "services/supplier/donated-space", "256 MB");
        return network.node(name, NodeSettings.DEFAULT.withPresets(presets).with(new SuppliersExtension(network))
                .with(new CustomersExtension()));
    }

    /** The fresh node's family: alice's suppliers at their positions, before it hires its own. */
    private record Family(List<IdUrl> hired) implements SupplierService {
        @Override
        public List<SupplierDTO> suppliers() {
            List<SupplierDTO> all = new ArrayList<>();
            for (int position = 0; position < hired.size(); position++) {
                SupplierDTO dto = new SupplierDTO();
                dto.position = position;
                dto.idurl = hired.get(position).toString();
                dto.contract = "active";
                all.add(dto);
            }
            return all;
        }

        @Override
        public Optional<IdUrl> supplier(int position) {
            return position >= 0 && position < hired.size() ? Optional.of(hired.get(position)) : Optional.empty();
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
    }
}
