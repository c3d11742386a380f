package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.common.IdUrl;
import io.bitdust.customers.CustomerService;
import io.bitdust.customers.dto.CustomerDTO;
import io.bitdust.network.CustomersExtension;
import io.bitdust.network.Network;
import io.bitdust.network.Node;
import io.bitdust.network.NodeSettings;
import io.bitdust.network.SampleFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code kill -9} in the middle of a backup, of the customer and of a supplier. The customer and one supplier run as
 * separate processes of the built distribution; three more suppliers and the identity server are network kit nodes in
 * this JVM. The customer, with {@code ecc/4x4}, hires the four. Each test leaves both processes running, so they do
 * not depend on their order.
 */
public class BackupCrashIT {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final int BLOCK = 256 * 1024;
    /** The folder being backed up when a node is killed: 64 blocks and more, 512 fragments, seconds of sending. */
    private static final int BIG_BYTES = 16 << 20;
    /** Fragments the kit's suppliers must have received from the running backup before the kill. */
    private static final int KILL_AFTER = 30;

    private static Path root;
    private static Network network;
    private static final List<Node> kit = new ArrayList<>();
    private static Launcher customer;
    private static Launcher supplier;
    private static IdUrl customerId;
    private static IdUrl supplierId;

    @BeforeClass
    public static void customerAndSupplierProcessesWithThreeKitSuppliers() throws Exception {
        root = Paths.get("target/backup-crash").toAbsolutePath();
        Launcher.deleteTree(root);
        network = new Network(root.resolve("network"));
        int idPort = network.identityServer().port();
        Map<String, String> kitPresets = Map.of("services/customer/enabled", "false",
                "services/supplier/donated-space", "1 GB",
                "services/supplier/delete-grace-hours", "0");
        for (int i = 1; i <= 3; i++) {
            kit.add(network.node("kit-supplier-" + i, NodeSettings.DEFAULT.withPresets(kitPresets)
                    .with(new CustomersExtension())));
        }
        network.awaitPublished();
        supplierId = IdUrl.parse("http://127.0.0.1:" + idPort + "/crash-supplier.json");
        customerId = IdUrl.parse("http://127.0.0.1:" + idPort + "/crash-customer.json");

        Map<String, String> supplierPresets = Launcher.nodePresets(idPort, "crash-supplier");
        supplierPresets.put("BITDUST_SERVICES_CUSTOMER_ENABLED", "false");
        supplierPresets.put("BITDUST_SERVICES_SUPPLIER_DONATED_SPACE", "1 GB");
        supplierPresets.put("BITDUST_SERVICES_SUPPLIER_DELETE_GRACE_HOURS", "0");
        // as the demo's suppliers: the client compiler and a one-thread collector boot faster beside the customer
        supplierPresets.put("EXTRA_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        supplierPresets.put("BITDUST_FEATURES",
                "bitdust-customers, bitdust-http, bitdust-transport-tcp, bitdust-transport-http");
        supplier = new Launcher(root.resolve("supplier"), supplierPresets);

        Map<String, String> customerPresets = Launcher.nodePresets(idPort, "crash-customer");
        List<String> candidates = new ArrayList<>();
        kit.forEach(node -> candidates.add(node.idurl().toString()));
        candidates.add(supplierId.toString());
        customerPresets.put("BITDUST_SERVICES_EMPLOYER_CANDIDATES", String.join(",", candidates));
        customerPresets.put("BITDUST_SERVICES_CUSTOMER_SUPPLIERS_NUMBER", "4");
        customerPresets.put("BITDUST_SERVICES_CUSTOMER_NEEDED_SPACE", "512 MB");
        customerPresets.put("BITDUST_SERVICES_CUSTOMER_ENABLED", "false");
        customerPresets.put("BITDUST_SERVICES_EMPLOYER_PING_INTERVAL_SECONDS", "2");
        customerPresets.put("BITDUST_SERVICES_EMPLOYER_REPLACE_CRITICALLY_OFFLINE_ENABLED", "false");
        customerPresets.put("BITDUST_SERVICES_BACKUPS_BLOCK_SIZE", "256 KB");
        customer = new Launcher(root.resolve("customer"), customerPresets);

        CompletableFuture<String> supplierUp = CompletableFuture.supplyAsync(() -> start(supplier));
        start(customer);
        supplierUp.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await("the supplier's identity lists its contacts",
                () -> SupplierCrashIT.published(network, supplierId));
        await("the customer's identity lists its contacts",
                () -> SupplierCrashIT.published(network, customerId));
        // the API may answer before the suppliers area has declared its options ("unknown option" until then)
        await("the customer turns its customer service on", () -> answers(customer, "config_set",
                Map.of("key", "services/customer/enabled", "value", "true")));
        awaitFourActive();
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            for (Launcher node : new Launcher[] {customer, supplier}) {
                if (node != null) {
                    node.run("stop");
                }
            }
        } finally {
            if (network != null) {
                network.close();
            }
        }
    }

    /**
     * The customer is killed while the suppliers receive a version's fragments, and restarted while one supplier is
     * away. The version left running stays in the catalog (failed) until that supplier is back, then it is gone from
     * the catalog and its fragments from every supplier (each holds what the complete versions need, nothing more),
     * and a new backup of the same folder restores byte for byte.
     */
    @Test
    public void theCustomerKilledMidBackupDiscardsTheVersionEverywhereAndBacksUpAgain() throws Exception {
        awaitFourActive();
        Path small = SampleFolders.create(root.resolve("customer-crash/small"), BLOCK, 21);
        String smallId = backupAndWait(small);
        awaitEveryPositionFilled("after a complete backup");
        long before = kitFiles();

        Path big = bigFolder(root.resolve("customer-crash/big"), 22);
        String bigId = startBackup(big);
        awaitKitFilesAbove(before + KILL_AFTER, "the big backup's first fragments at the suppliers");
        kill(customer);
        assertTrue("fragments of the unfinished version stay at the suppliers until the customer is back",
                kitFiles() > before);

        Node away = kit.get(2);
        away.cutOff();
        try {
            start(customer);
            await(() -> "while a supplier is away, the version left running waits in the catalog as failed: "
                    + ok(customer, "backups_list", Map.of()), () -> versions(ok(customer, "backups_list", Map.of()),
                            bigId).stream().map(version -> version.path("state").asText()).toList()
                            .equals(List.of("failed")));
        } finally {
            away.reconnect();
            away.awaitPublished();
        }
        await(() -> "after the restart, the unfinished version leaves the catalog: "
                + ok(customer, "backups_list", Map.of()), () -> versions(ok(customer, "backups_list", Map.of()), bigId)
                        .isEmpty());
        awaitSuppliersHoldWhatCompleteVersionsNeed("after the restart, without the unfinished version");
        JsonNode items = ok(customer, "backups_list", Map.of());
        assertEquals(items.toString(), List.of(), versions(items, bigId));
        assertEquals(items.toString(), List.of("complete"), versions(items, smallId).stream()
                .map(version -> version.path("state").asText()).collect(Collectors.toList()));
        for (JsonNode item : items) {
            for (JsonNode version : item.path("versions")) {
                assertEquals(items.toString(), "complete", version.path("state").asText());
            }
        }

        String again = backupAndWait(big, bigId);
        assertEquals(again, bigId, again);
        awaitSuppliersHoldWhatCompleteVersionsNeed("after the new backup");
        String backupId = versions(ok(customer, "backups_list", Map.of()), bigId).get(0).path("backup_id").asText();
        Path restored = root.resolve("customer-crash/restored");
        restoreAndWait(backupId, restored);
        SampleFolders.assertSameFiles(big, restored.resolve(big.getFileName()));
    }

    /**
     * A supplier is killed while it receives a version's fragments and started again. The backup completes, the
     * supplier's position gets every fragment it lacks (when it returns, or rebuilt by {@code backups_update}), its
     * stored usage is what its disk holds, and a restore that needs its fragments (two other suppliers cut off) is
     * byte-exact.
     */
    @Test
    public void aSupplierKilledMidBackupGetsItsFragmentsAndCarriesARestore() throws Exception {
        awaitFourActive();
        long before = kitFiles();
        Path big = bigFolder(root.resolve("supplier-crash/big"), 31);
        String pathId = startBackup(big);
        awaitKitFilesAbove(before + KILL_AFTER, "the big backup's first fragments at the suppliers");
        kill(supplier);
        start(supplier);
        JsonNode job = awaitBackupEnded(pathId);
        assertEquals(job.toString(), "done", job.path("state").asText());

        awaitEveryPositionFilled("after the supplier's restart");
        await(() -> "the restarted supplier's usage matches its disk: "
                + ok(supplier, "space_donated", Map.of()), BackupCrashIT::usageMatchesDisk);

        String backupId = versions(ok(customer, "backups_list", Map.of()), pathId).get(0).path("backup_id").asText();
        List<Node> cut = kit.subList(0, 2);
        cut.forEach(Node::cutOff);
        try {
            Path restored = root.resolve("supplier-crash/restored");
            restoreAndWait(backupId, restored);
            SampleFolders.assertSameFiles(big, restored.resolve(big.getFileName()));
        } finally {
            for (Node node : cut) {
                node.reconnect();
                node.awaitPublished();
            }
        }
    }

    /** Files, in parts of 4 MB of random bytes (incompressible), and a small sample beside them. */
    private static Path bigFolder(Path folder, long seed) throws IOException {
        SampleFolders.create(folder, BLOCK, seed);
        Random random = new Random(seed);
        byte[] part = new byte[4 << 20];
        for (int i = 0; i < BIG_BYTES / part.length; i++) {
            random.nextBytes(part);
            Files.write(folder.resolve("part-" + i + ".bin"), part);
        }
        return folder;
    }

    /** @return the path ID of the item whose backup was queued */
    private static String startBackup(Path folder) throws Exception {
        String answer = ok(customer, "backup_start_path", Map.of("path", folder.toString())).asText();
        String[] words = answer.split(" ");
        assertTrue(answer, answer.startsWith("uploading ") && words.length > 1);
        return words[1];
    }

    /** @return the path ID of the folder, backed up completely */
    private static String backupAndWait(Path folder) throws Exception {
        String pathId = startBackup(folder);
        JsonNode job = awaitBackupEnded(pathId);
        assertEquals(job.toString(), "done", job.path("state").asText());
        return pathId;
    }

    /** @return the path ID of the item, backed up again completely */
    private static String backupAndWait(Path folder, String pathId) throws Exception {
        awaitFourActive();
        await("the backup of " + pathId + " starts", () -> {
            try {
                return ok(customer, "backup_start_id", Map.of("pathID", pathId)) != null;
            } catch (AssertionError e) {
                return false; // e.g. the suppliers are not all online yet after the restart
            }
        });
        JsonNode job = awaitBackupEnded(pathId);
        assertEquals(job.toString(), "done", job.path("state").asText());
        return pathId;
    }

    /** @return the newest job of the item once it ended */
    private static JsonNode awaitBackupEnded(String pathId) throws Exception {
        JsonNode[] job = new JsonNode[1];
        await(() -> "the backup of " + pathId + " ends: " + job[0], () -> {
            for (JsonNode one : ok(customer, "backups_running", Map.of("finished", "true"))) {
                if (pathId.equals(one.path("path_id").asText())) {
                    job[0] = one;
                    return List.of("done", "failed", "aborted", "cancelled").contains(one.path("state").asText());
                }
            }
            return false;
        }, WAIT.toSeconds());
        return job[0];
    }

    private static void restoreAndWait(String backupId, Path destination) throws Exception {
        Files.createDirectories(destination);
        ok(customer, "restore_single", Map.of("pathID_or_backupID_or_localPath", backupId,
                "destinationPath", destination.toString()));
        JsonNode[] job = new JsonNode[1];
        await(() -> "the restore of " + backupId + " ends: " + job[0], () -> {
            for (JsonNode one : ok(customer, "restores_running", Map.of("finished", "true"))) {
                if (backupId.equals(one.path("backup_id").asText())) {
                    job[0] = one;
                    return !List.of("queued", "running").contains(one.path("state").asText());
                }
            }
            return false;
        }, WAIT.toSeconds());
        assertEquals(job[0].toString(), "done", job[0].path("state").asText());
    }

    /** @return the versions of the item with this path ID in a {@code backups_list} */
    private static List<JsonNode> versions(JsonNode items, String pathId) {
        List<JsonNode> versions = new ArrayList<>();
        for (JsonNode item : items) {
            if (pathId.equals(item.path("id").asText())) {
                item.path("versions").forEach(versions::add);
            }
        }
        return versions;
    }

    /**
     * @return per supplier IDURL, the objects it must hold for the customer: of each complete version both fragments
     *     of its position in every block and the manifest, and the catalog copy
     */
    private static Map<String, Long> expectedFiles() {
        long objects = 1;
        for (JsonNode item : ok(customer, "backups_list", Map.of())) {
            for (JsonNode version : item.path("versions")) {
                if ("complete".equals(version.path("state").asText())) {
                    objects += 2 * version.path("blocks").asLong() + 1;
                }
            }
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        for (JsonNode position : ok(customer, "suppliers_list", Map.of())) {
            expected.put(position.path("idurl").asText(), objects);
        }
        return expected;
    }

    /** @return per supplier IDURL, how many objects it holds for the customer */
    private static Map<String, Long> suppliersFiles() {
        Map<String, Long> held = new HashMap<>();
        for (Node node : kit) {
            held.put(node.idurl().toString(), mine(node.extension(CustomerService.class).customers()));
        }
        long files = 0;
        for (JsonNode one : ok(supplier, "space_donated", Map.of()).path("customers")) {
            if (customerId.toString().equals(one.path("idurl").asText())) {
                files = one.path("files").asLong();
            }
        }
        held.put(supplierId.toString(), files);
        return held;
    }

    private static long mine(List<CustomerDTO> customers) {
        return customers.stream().filter(c -> c.idurl.equals(customerId.toString())).mapToLong(c -> c.files).sum();
    }

    private static long kitFiles() {
        return kit.stream().mapToLong(node -> mine(node.extension(CustomerService.class).customers())).sum();
    }

    private static void awaitKitFilesAbove(long files, String what) throws Exception {
        await(() -> what + ": the kit's suppliers hold " + kitFiles() + ", waiting for " + files,
                () -> kitFiles() >= files, WAIT.toSeconds());
    }

    private static void awaitSuppliersHoldWhatCompleteVersionsNeed(String when) throws Exception {
        await(() -> when + ": the suppliers hold " + suppliersFiles() + ", the complete versions "
                + "need " + expectedFiles(), BackupCrashIT::holdWhatCompleteVersionsNeed, WAIT.toSeconds());
    }

    /**
     * Waits until every supplier holds what the complete versions need, asking for {@code backups_update} (listings
     * and rebuild) every 30 s: the positions another test left incomplete are filled, as a supplier killed mid-backup
     * gets its fragments.
     */
    private static void awaitEveryPositionFilled(String when) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        Instant nextUpdate = Instant.now();
        while (!holdWhatCompleteVersionsNeed()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(when + ": after " + WAIT.toSeconds() + " s the suppliers hold "
                        + describe(() -> suppliersFiles().toString()) + ", the complete versions need "
                        + describe(() -> expectedFiles().toString()));
            }
            if (Instant.now().isAfter(nextUpdate)) {
                try {
                    ok(customer, "backups_update", Map.of());
                } catch (AssertionError e) {
                    // the customer is not ready for it yet: next time
                }
                nextUpdate = Instant.now().plusSeconds(30);
            }
            Thread.sleep(500);
        }
    }

    private static boolean holdWhatCompleteVersionsNeed() {
        try {
            return expectedFiles().equals(suppliersFiles());
        } catch (AssertionError e) {
            return false; // a node's API is not up (again) yet
        }
    }

    /** The supplier's bookkeeping (as SupplierCrashIT checks it) against the files in its customers' folders. */
    private static boolean usageMatchesDisk() {
        List<Path> stored;
        try {
            stored = SupplierCrashIT.storedFiles(supplier.home().resolve("data/bitdust/customers"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode space = ok(supplier, "space_donated", Map.of());
        JsonNode mine = space.path("customers").path(0);
        long onDisk = stored.stream().mapToLong(SupplierCrashIT::size).sum();
        return space.path("customers").size() == 1 && space.path("pending_delete_bytes").asLong() == 0
                && stored.size() == mine.path("files").asLong()
                && onDisk + stored.size() * 1024L == mine.path("used_bytes").asLong();
    }

    private static void awaitFourActive() throws Exception {
        await(() -> "4 active suppliers, all online: " + ok(customer, "suppliers_list", Map.of()), () -> {
            int active = 0;
            for (JsonNode position : ok(customer, "suppliers_list", Map.of())) {
                if ("active".equals(position.path("contract").asText()) && position.path("online").asBoolean()) {
                    active++;
                }
            }
            return active == 4;
        }, WAIT.toSeconds());
    }

    /** Polls {@code condition} (an assertion error counts as false) until it holds; fails after {@code seconds}. */
    private static void await(Supplier<String> what, BooleanSupplier condition, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (AssertionError | RuntimeException e) {
                last = " (last: " + e.getMessage() + ")";
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for: " + describe(what) + last);
            }
            Thread.sleep(200);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(() -> what, condition, WAIT.toSeconds());
    }

    private static void await(Supplier<String> what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, WAIT.toSeconds());
    }

    private static void await(String what, BooleanSupplier condition, long seconds) throws InterruptedException {
        await(() -> what, condition, seconds);
    }

    private static String describe(Supplier<String> what) {
        try {
            return what.get();
        } catch (AssertionError | RuntimeException e) {
            return e.toString();
        }
    }

    private static void kill(Launcher node) throws Exception {
        long pid = Long.parseLong(Files.readString(node.home().resolve("karaf.pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String start(Launcher node) {
        try {
            return node.ok("start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return whether a function answered OK */
    private static boolean answers(Launcher node, String function, Map<String, String> params) {
        try {
            return node.api(function, params).ok();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the result of a function that must answer OK */
    private static JsonNode ok(Launcher node, String function, Map<String, String> params) {
        try {
            Http.Answer answer = node.api(function, params);
            assertTrue(function + " " + params + ": " + answer.envelope, answer.ok());
            return answer.envelope.path("result");
        } catch (IOException e) {
            throw new AssertionError(function + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(function + " interrupted", e);
        }
    }
}
