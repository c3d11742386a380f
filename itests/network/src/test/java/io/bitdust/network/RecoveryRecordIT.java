package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.RecoveryRecords;
import io.bitdust.identity.internal.HttpRecoveryRecords;
import io.bitdust.identity.internal.LocalIdentity;
import io.bitdust.suppliers.SupplierService;
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
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * After a disaster the node finds its suppliers again: a customer's family is kept in its recovery record on the
 * identity server, and a fresh node that recovered the customer's identity and keys, with nothing else, hires the same
 * suppliers at the same positions, who still hold its contract.
 */
public class RecoveryRecordIT {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aRecoveredNodeHiresTheSameSuppliersAtTheSamePositions() throws Exception {
        try (Network network = new Network(temp.getRoot().toPath())) {
            network.identityServer();
            Node alice = node(network, "alice", NodeSettings.DEFAULT.with(new SuppliersExtension(network)));
            List<Node> suppliers = new ArrayList<>();
            for (String name : List.of("bob", "carol", "dave", "erin", "frank", "grace")) {
                suppliers.add(node(network, name, NodeSettings.DEFAULT.with(new CustomersExtension())));
            }
            network.awaitPublished();
            SupplierService family = alice.extension(SupplierService.class);
            alice.config().set("services/customer/enabled", "true");
            Await.until(() -> active(family) == 4, "alice hires 4 suppliers");
            List<String> hired = family.suppliers().stream().map(s -> s.idurl).toList();
            Await.until(() -> family.recordPublished().isPresent(), "alice's family is published as her record");
            RecoveryRecords.Fetched record = new HttpRecoveryRecords(alice.identity(), alice.keys(),
                    Duration.ofSeconds(10), Clock.systemUTC()).fetch();
            String content = new String(record.content().orElseThrow(), StandardCharsets.UTF_8);
            for (String supplier : hired) {
                assertTrue(content, content.contains(supplier));
            }

            // the disaster: alice is gone; what is left is her key backup and her identity on the server
            byte[] keyBackup = alice.keys().exportKeys(PASSPHRASE);
            alice.stop();
            Identity published = network.published(alice.idurl());

            Path fresh = temp.getRoot().toPath().resolve("alice-recovered");
            FileKeyRing keys = new FileKeyRing(fresh.resolve("keys"), new SecureRandom());
            keys.importKeys(keyBackup, PASSPHRASE, published.signingKey());
            try (LocalIdentity identity = new LocalIdentity(fresh.resolve("identity"), keys, network::identityServers,
                    Duration.ofSeconds(10), Clock.systemUTC())) {
                identity.recover(published);
            }
            try (var left = Files.list(fresh)) {
                assertEquals("the fresh node has nothing but alice's keys and identity", List.of("identity", "keys"),
                        left.map(file -> file.getFileName().toString()).sorted().toList());
            }
            Node recovered = node(network, "alice-recovered",
                    NodeSettings.DEFAULT.with(new SuppliersExtension(network)));
            assertEquals(alice.idurl(), recovered.idurl());
            recovered.awaitPublished();
            SupplierService again = recovered.extension(SupplierService.class);
            recovered.config().set("services/customer/enabled", "true");
            Await.until(() -> active(again) == 4, "the recovered node has 4 suppliers");
            assertEquals("the same suppliers at the same positions", hired,
                    again.suppliers().stream().map(s -> s.idurl).toList());
            for (Node supplier : suppliers) {
                long contracts = supplier.extension(CustomersExtension.Running.class).customers().stream()
                        .filter(c -> alice.idurl().toString().equals(c.idurl)).count();
                assertEquals(supplier.name() + " holds alice's contract only if it was hired",
                        hired.contains(supplier.idurl().toString()) ? 1 : 0, contracts);
            }
            Await.until(() -> again.recordPublished().isPresent(), "the recovered node publishes its family again");
        }
    }

    @Test
    public void aRunningNodeThatRecoversAnIdentityDropsItsOwnSuppliersAndHiresTheRecoveredOnes() throws Exception {
        try (Network network = new Network(temp.getRoot().toPath())) {
            network.identityServer();
            Node alice = node(network, "alice", NodeSettings.DEFAULT.with(new SuppliersExtension(network)));
            List<Node> suppliers = new ArrayList<>();
            for (String name : List.of("bob", "carol", "dave", "erin", "frank", "grace", "heidi")) {
                suppliers.add(node(network, name, NodeSettings.DEFAULT.with(new CustomersExtension())));
            }
            // a fresh node, as a new installation starts: an identity of its own, which hires suppliers at once
            Node fresh = node(network, "newcomer", NodeSettings.DEFAULT.with(new SuppliersExtension(network)));
            network.awaitPublished();
            SupplierService family = alice.extension(SupplierService.class);
            alice.config().set("services/customer/enabled", "true");
            Await.until(() -> active(family) == 4, "alice hires 4 suppliers");
            List<String> hired = family.suppliers().stream().map(s -> s.idurl).toList();
            Await.until(() -> family.recordPublished().isPresent(), "alice's family is published as her record");
            byte[] keyBackup = alice.keys().exportKeys(PASSPHRASE);
            alice.stop();
            Identity published = network.published(alice.idurl());

            SupplierService freshFamily = fresh.extension(SupplierService.class);
            fresh.config().set("services/customer/enabled", "true");
            Await.until(() -> active(freshFamily) == 4, "the fresh node hires 4 suppliers of its own");

            // identity_recover on the running node: the keys first, then the identity
            fresh.keys().importKeys(keyBackup, PASSPHRASE, published.signingKey());
            fresh.identity().recover(published);
            Await.until(() -> active(freshFamily) == 4 && freshFamily.suppliers().stream().map(s -> s.idurl).toList()
                    .equals(hired), "the recovered node has alice's 4 suppliers at their positions");
            for (Node supplier : suppliers) {
                Await.until(() -> supplier.extension(CustomersExtension.Running.class).customers().stream()
                        .filter(c -> alice.idurl().toString().equals(c.idurl)).count()
                        == (hired.contains(supplier.idurl().toString()) ? 1 : 0),
                        supplier.name() + " holds alice's contract only if it was hired");
            }
            Await.until(() -> network.published(alice.idurl()).contacts().equals(fresh.identity().identity()
                    .orElseThrow().contacts()) && network.published(alice.idurl()).revision() > published.revision(),
                    "alice's identity lists the recovered node's contacts");
        }
    }

    private static int active(SupplierService family) {
        return (int) family.suppliers().stream().filter(s -> "active".equals(s.contract))
                .count();
    }

    /** A node whose options are written before it starts: 4 MB needed, 64 MB donated, pings every second. */
    private Node node(Network network, String name, NodeSettings settings) throws IOException {
        Map<String, String> presets = Map.of("services/customer/enabled", "false",
                "services/customer/needed-space", "4 MB",
                "services/employer/ping-interval-seconds", "1",
                "services/supplier/donated-space", "64 MB");
        return network.node(name, settings.withPresets(presets));
    }
}
