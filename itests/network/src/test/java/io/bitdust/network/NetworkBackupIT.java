package io.bitdust.network;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.backup.remote.SupplierFragmentSink;
import io.bitdust.backup.remote.SupplierFragmentSource;
import io.bitdust.catalog.NamingKey;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.pipeline.PackSettings;
import io.bitdust.pipeline.Packer;
import io.bitdust.pipeline.ProgressListener;
import io.bitdust.pipeline.RestoreResult;
import io.bitdust.pipeline.Unpacker;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccMap;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Backup and restore across the network: a customer packs a folder into {@link SupplierFragmentSink} (its four
 * suppliers on ecc/4x4), restores it byte-exact from {@link SupplierFragmentSource}, and again once one supplier is
 * cut off.
 */
public class NetworkBackupIT {
    private static final int BLOCK = 1024 * 1024;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aFolderComesBackByteExactAlsoWithOneSupplierCutOff() throws Exception {
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
            assertEquals("ecc/4x4", family.space().eccMap);

            Path source = sampleFolder(temp.newFolder("source").toPath().resolve("data"));
            NamingKey namingKey = NamingKey.of(alice.keys());
            String backupId = "0/0/1/F20261203140000PM";
            SupplierFragmentSink sink = new SupplierFragmentSink(alice.gateway(), family, namingKey, 4,
                    Duration.ofSeconds(60));
            VersionManifest manifest = new Packer(PackSettings.of(EccMap.parse("ecc/4x4"), BLOCK), workers,
                    new SecureRandom()).pack(source, backupId, alice.keys(), sink, ProgressListener.NONE);
            assertTrue(manifest.blockCount() > 1);

            SupplierFragmentSource fragments = new SupplierFragmentSource(alice.gateway(), family, namingKey,
                    alice.idurl(), alice.keys().signingPublicKey(), new PacketCodec(), Duration.ofSeconds(30));
            RestoreResult all = restore(alice, backupId, fragments, workers, "restored");
            assertEquals(manifest.blockCount(), all.blocks());
            assertEquals(List.of(), all.rejectedFragments());
            assertSameFiles(source, temp.getRoot().toPath().resolve("restored").resolve("data"));

            SupplierDTO lost = family.suppliers().get(2);
            nodes.stream().filter(node -> node.idurl().toString().equals(lost.idurl)).findFirst().orElseThrow()
                    .cutOff();
            RestoreResult three = restore(alice, backupId, fragments, workers, "restored-without-one");
            assertEquals(manifest.blockCount(), three.blocks());
            assertTrue(three.rejectedFragments().toString(), !three.rejectedFragments().isEmpty()
                    && three.rejectedFragments().stream().allMatch(fragment -> fragment.contains("-2-")));
            assertSameFiles(source, temp.getRoot().toPath().resolve("restored-without-one").resolve("data"));
            assertEquals("the cut-off supplier was not replaced", lost.idurl, family.suppliers().get(2).idurl);
        } finally {
            workers.shutdownNow();
        }
    }

    private RestoreResult restore(Node customer, String backupId, SupplierFragmentSource fragments,
            ExecutorService workers, String folder) {
        return new Unpacker(workers, 2).unpack(backupId, fragments, customer.keys(),
                customer.keys().signingPublicKey(), temp.getRoot().toPath().resolve(folder),
                ExistingFilePolicy.FAIL_IF_EXISTS, ProgressListener.NONE);
    }

    private static Path sampleFolder(Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Random random = new Random(12);
        byte[] noise = new byte[3 * BLOCK + 12345];
        random.nextBytes(noise);
        Files.write(root.resolve("noise.bin"), noise);
        byte[] small = new byte[70_000];
        random.nextBytes(small);
        Files.write(root.resolve("docs").resolve("small.bin"), small);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 2 * BLOCK; i++) {
            text.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
        }
        Files.writeString(root.resolve("docs").resolve("notes.txt"), text);
        Files.createFile(root.resolve("empty"));
        return root;
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
