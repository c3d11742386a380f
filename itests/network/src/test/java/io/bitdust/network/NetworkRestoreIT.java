package io.bitdust.network;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.remote.SupplierFragmentSink;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.internal.CatalogStore;
import io.bitdust.derby.Database;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.pipeline.PackSettings;
import io.bitdust.pipeline.Packer;
import io.bitdust.pipeline.ProgressListener;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccMap;
import io.bitdust.restore.RestoreJob;
import io.bitdust.restore.RestoreState;
import io.bitdust.restore.internal.Restores;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.io.Writer;
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
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Restore across the network: a customer packs a folder into its four suppliers (ecc/4x4) and records the version in
 * its catalog; the restore area brings it back byte-exact, and again once one supplier is cut off.
 */
public class NetworkRestoreIT {
    private static final int BLOCK = 256 * 1024;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aCompleteVersionComesBackThroughTheRestoreServiceAlsoWithOneSupplierCutOff() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
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

            Database database = Database.embedded(alice.folder(), CatalogStore.SCHEMA);
            CatalogStore catalog = new CatalogStore(database, alice.keys(), new SecureRandom(), Clock.systemUTC());
            try (database; Restores restores = new Restores(alice.gateway(), family, catalog, alice.keys(),
                    () -> Optional.of(alice.idurl()), new PacketCodec(), Duration.ofSeconds(30), 2,
                    Clock.systemUTC())) {
                Path source = sampleFolder(temp.newFolder("source").toPath().resolve("data"));
                CatalogItem item = catalog.add(List.of(NewItem.folder(source.toString()))).get(0);
                String backupId = catalog.startVersion(item.pathId(), "ecc/4x4").backupId();
                SupplierFragmentSink sink = new SupplierFragmentSink(alice.gateway(), family,
                        NamingKey.of(alice.keys()), 4, Duration.ofSeconds(60));
                VersionManifest manifest = new Packer(PackSettings.of(EccMap.parse("ecc/4x4"), BLOCK), workers,
                        new SecureRandom()).pack(source, backupId, alice.keys(), sink, ProgressListener.NONE);
                catalog.completeVersion(backupId, (int) manifest.blockCount(), size(source), null);

                Path restored = temp.getRoot().toPath().resolve("restored");
                RestoreJob all = restore(restores, backupId, restored);
                assertEquals(all.toString(), RestoreState.DONE, all.state());
                assertEquals(manifest.blockCount(), all.blocksDone());
                assertEquals(0, all.rejectedFragments());
                assertSameFiles(source, restored.resolve("data"));

                SupplierDTO lost = family.suppliers().get(2);
                nodes.stream().filter(node -> node.idurl().toString().equals(lost.idurl)).findFirst().orElseThrow()
                        .cutOff();
                Path again = temp.getRoot().toPath().resolve("restored-without-one");
                RestoreJob three = restore(restores, backupId, again);
                assertEquals(three.toString(), RestoreState.DONE, three.state());
                assertTrue(three.toString(), three.rejectedFragments() > 0);
                assertEquals("missing fragments are not bad data", List.of(), three.badSuppliers());
                assertEquals(Map.of(), restores.badDataBySupplier());
                assertSameFiles(source, again.resolve("data"));
                assertEquals(List.of(three, all), restores.finished());
            }
        } finally {
            workers.shutdownNow();
        }
    }

    private static RestoreJob restore(Restores restores, String backupId, Path destination) {
        restores.start(backupId, destination, ExistingFilePolicy.FAIL_IF_EXISTS);
        Await.until(() -> restores.job(backupId).orElseThrow().state().ended(), "the restore of " + backupId);
        return restores.job(backupId).orElseThrow();
    }

    private static Path sampleFolder(Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Random random = new Random(21);
        byte[] noise = new byte[3 * BLOCK + 4321];
        random.nextBytes(noise);
        Files.write(root.resolve("noise.bin"), noise);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < BLOCK; i++) {
            text.append("line ").append(i).append(": restored across the network\n");
        }
        Files.writeString(root.resolve("docs").resolve("notes.txt"), text);
        Files.createFile(root.resolve("empty"));
        return root;
    }

    private static long size(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> files = relativeFiles(expected);
        assertEquals(files, relativeFiles(actual));
        for (Path file : files) {
            assertArrayEquals(file.toString(), Files.readAllBytes(expected.resolve(file)),
                    Files.readAllBytes(actual.resolve(file)));
        }
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(root::relativize).sorted().collect(Collectors.toList());
        }
    }

    private Node node(Network network, String name) throws IOException {
        Path folder = temp.getRoot().toPath().resolve(name);
        Files.createDirectories(folder);
        Properties options = new Properties();
        options.putAll(Map.of("services/customer/enabled", "false",
                "services/customer/needed-space", "64 MB",
                "services/employer/ping-interval-seconds", "1",
                "services/employer/replace-critically-offline-enabled", "false",
                "services/supplier/donated-space", "256 MB",
                "services/supplier/delete-grace-hours", "0"));
        try (Writer out = Files.newBufferedWriter(folder.resolve("options.properties"), StandardCharsets.ISO_8859_1)) {
            options.store(out, null);
        }
        return network.node(name, NodeSettings.DEFAULT.with(new SuppliersExtension(network))
                .with(new CustomersExtension()));
    }
}
