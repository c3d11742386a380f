package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.customers.dto.CustomerDTO;
import io.bitdust.customers.dto.SpaceDonatedDTO;
import io.bitdust.storage.StorageProtocol;
import io.bitdust.storage.StoredData;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Storage contracts between kit nodes that run both sides ({@link SuppliersExtension} and
 * {@link CustomersExtension}): customers hire suppliers found through the identity server's directory, replace one cut
 * off, follow the supplier count, a rejected customer hires someone else, and suppliers never accept more than they
 * donate.
 */
public class ContractsIT {
    private static final long MB = 1024 * 1024;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aCustomerHiresReplacesAndResizesItsFamily() throws Exception {
        try (Network network = new Network(temp.getRoot().toPath())) {
            network.identityServer();
            List<Node> nodes = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace")) {
                nodes.add(node(network, name, false, "64 MB"));
            }
            network.awaitPublished();
            Node alice = nodes.get(0);
            SupplierService family = alice.extension(SupplierService.class);
            alice.config().set("services/customer/enabled", "true");

            // (a) four suppliers from the directory, each a customer desk that knows alice
            awaitActive(family, 4);
            Set<String> hired = active(family);
            assertFalse(hired.contains(alice.idurl().toString()));
            assertEquals(4, hired.size());
            long bytes = StorageProtocol.bytesPerSupplier(4 * MB, 4);
            for (SupplierDTO supplier : family.suppliers()) {
                Node node = byIdurl(nodes, supplier.idurl);
                Await.until(() -> node.extension(CustomersExtension.Running.class).customers().stream()
                        .anyMatch(c -> alice.idurl().toString().equals(c.idurl) && c.allocatedBytes == bytes),
                        node.name() + " holds alice's contract");
            }
            assertEquals(4 * bytes, family.space().allocatedBytes);

            // (b) a supplier cut off is replaced at its position
            SupplierDTO lost = family.suppliers().get(1);
            Node cut = byIdurl(nodes, lost.idurl);
            cut.cutOff();
            Await.until(() -> {
                SupplierDTO now = family.suppliers().get(1);
                return "active".equals(now.contract) && !lost.idurl.equals(now.idurl);
            }, "position 1 has a new supplier");
            assertNotEquals(lost.idurl, family.suppliers().get(1).idurl);
            cut.reconnect();
            awaitActive(family, 4);

            // (c) 4 -> 2 -> 4
            List<SupplierDTO> four = family.suppliers();
            alice.config().set("services/customer/suppliers-number", "2");
            Await.until(() -> family.suppliers().size() == 2 && "ecc/2x2".equals(family.space().eccMap)
                    && family.space().allocatedBytes == 2 * StorageProtocol.bytesPerSupplier(4 * MB, 2)
                    && family.suppliers().stream().allMatch(s -> "active".equals(s.contract)),
                    "two suppliers on ecc/2x2");
            assertEquals(four.get(0).idurl, family.suppliers().get(0).idurl);
            assertEquals(four.get(1).idurl, family.suppliers().get(1).idurl);
            for (SupplierDTO fired : four.subList(2, 4)) {
                Node node = byIdurl(nodes, fired.idurl);
                Await.until(() -> node.extension(CustomersExtension.Running.class).customers().stream()
                        .noneMatch(c -> alice.idurl().toString().equals(c.idurl)), node.name() + " let alice go");
            }
            alice.config().set("services/customer/suppliers-number", "4");
            Await.until(() -> active(family).size() == 4 && "ecc/4x4".equals(family.space().eccMap)
                    && family.space().allocatedBytes == 4 * bytes, "four suppliers on ecc/4x4 again");
            assertEquals(four.get(0).idurl, family.suppliers().get(0).idurl);
            assertEquals(four.get(1).idurl, family.suppliers().get(1).idurl);
        }
    }

    @Test
    public void aRejectedCustomerIsToldHiresSomeoneElseAndItsFilesGoWhileTheOtherContractStays() throws Exception {
        try (Network network = new Network(temp.getRoot().toPath())) {
            network.identityServer();
            List<Node> nodes = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
                nodes.add(node(network, name, false, "64 MB"));
            }
            network.awaitPublished();
            Node alice = nodes.get(0);
            Node bob = nodes.get(1);
            // alice and bob are each other's supplier and customer: a CancelService between them goes both ways
            alice.config().set("services/employer/candidates", idurls(nodes, "bob", "carol", "dave", "erin", "frank"));
            bob.config().set("services/employer/candidates", idurls(nodes, "alice", "carol", "dave", "erin"));
            alice.config().set("services/customer/enabled", "true");
            bob.config().set("services/customer/enabled", "true");
            SupplierService alices = alice.extension(SupplierService.class);
            SupplierService bobs = bob.extension(SupplierService.class);
            awaitActive(alices, 4);
            awaitActive(bobs, 4);
            assertTrue(active(alices).contains(bob.idurl().toString()));

            Packet stored = alice.gateway().request(alice.gateway().packet(Command.DATA, bob.idurl(),
                    new StoredData("0/1/F1/0-1-Data", new byte[4096]).toBytes())).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertEquals(new String(stored.payload(), StandardCharsets.UTF_8), Command.ACK, stored.command());
            Path bobsFiles = bob.folder().resolve("customers");
            assertEquals(1, files(bobsFiles));

            bob.extension(CustomersExtension.Running.class).reject(alice.idurl());
            Await.until(() -> !active(alices).contains(bob.idurl().toString()) && active(alices).size() == 4,
                    "alice replaced bob, who rejected her");
            assertTrue(active(alices).contains(nodes.get(5).idurl().toString()));
            Await.until(() -> files(bobsFiles) == 0, "bob deleted alice's files (no grace period here)");
            assertTrue("bob's own contract at alice stays", active(bobs).contains(alice.idurl().toString()));
            assertTrue(alice.extension(CustomersExtension.Running.class).customers().stream()
                    .anyMatch(c -> bob.idurl().toString().equals(c.idurl)));
        }
    }

    @Test
    public void tenCustomersAmongFiftyNodesNeverOverfillASupplier() throws Exception {
        try (Network network = new Network(temp.getRoot().toPath())) {
            network.identityServer();
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                // 2 MB per contract (4 MB needed, 4 suppliers) and 5 MB donated: two contracts fit, a third does not
                nodes.add(node(network, String.format("node-%02d", i), false, "5 MB"));
            }
            network.awaitPublished();
            List<Node> customers = nodes.subList(0, 10);
            for (Node customer : customers) {
                customer.config().set("services/customer/enabled", "true");
            }
            for (Node customer : customers) {
                awaitActive(customer.extension(SupplierService.class), 4);
            }
            long bytes = StorageProtocol.bytesPerSupplier(4 * MB, 4);
            int contracts = 0;
            for (Node node : nodes) {
                SpaceDonatedDTO space = node.extension(CustomersExtension.Running.class).space();
                List<CustomerDTO> held = node.extension(CustomersExtension.Running.class).customers();
                long allocated = held.stream().mapToLong(c -> c.allocatedBytes).sum();
                assertTrue(node.name() + " allocates " + allocated + " of " + space.donatedBytes,
                        allocated <= 5 * MB && held.size() <= 2);
                contracts += held.size();
            }
            assertEquals(40, contracts);
            for (Node customer : customers) {
                Set<String> suppliers = active(customer.extension(SupplierService.class));
                assertEquals(4, suppliers.size());
                assertFalse(suppliers.contains(customer.idurl().toString()));
                for (String supplier : suppliers) {
                    Node node = byIdurl(nodes, supplier);
                    assertTrue(node.extension(CustomersExtension.Running.class).customers().stream()
                            .anyMatch(c -> customer.idurl().toString().equals(c.idurl) && c.allocatedBytes == bytes));
                }
            }
        }
    }

    /**
     * Starts a node with both sides, its options written before it starts so that nothing is hired before the test
     * says so: pings every second, an offline supplier replaced at once, 4 MB needed, the given donated space.
     */
    private Node node(Network network, String name, boolean customer, String donated) throws IOException {
        Map<String, String> presets = Map.of("services/customer/enabled", Boolean.toString(customer),
                "services/customer/needed-space", "4 MB",
                "services/employer/ping-interval-seconds", "1",
                "services/employer/replace-offline-minutes", "0",
                "services/supplier/donated-space", donated,
                "services/supplier/delete-grace-hours", "0");
        return network.node(name, NodeSettings.DEFAULT.withPresets(presets).with(new SuppliersExtension(network))
                .with(new CustomersExtension()));
    }

    private static void awaitActive(SupplierService family, int count) {
        Await.until(() -> active(family).size() == count && family.suppliers().size() == count,
                count + " active suppliers");
    }

    private static Set<String> active(SupplierService family) {
        return family.suppliers().stream().filter(s -> "active".equals(s.contract)).map(s -> s.idurl)
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static String idurls(List<Node> nodes, String... names) {
        List<String> wanted = List.of(names);
        return nodes.stream().filter(node -> wanted.contains(node.name())).map(node -> node.idurl().toString())
                .collect(Collectors.joining(","));
    }

    private static long files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Node byIdurl(List<Node> nodes, String idurl) {
        return nodes.stream().filter(node -> node.idurl().toString().equals(idurl)).findFirst().orElseThrow();
    }
}
