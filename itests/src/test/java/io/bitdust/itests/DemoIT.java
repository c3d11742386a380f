package io.bitdust.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * {@code ./bitdust demo --exit} as a user runs it, from the built distribution: an identity server, alice and four
 * suppliers as separate processes on free ports of 127.0.0.1 (the demo picks them), a backup of a sample folder from
 * alice, one supplier stopped, a restore, and every byte compared; and {@code ./bitdust demo}, whose nodes stay up
 * behind the web page it prints until {@code ./bitdust demo-stop}. Its nodes live in {@code target/demo}
 * ({@code BITDUST_DEMO_HOME}), not in the user's own {@code run/demo}; {@code demo-stop} runs whatever happens.
 */
public class DemoIT {
    private static final int DEMO_MINUTES = 10;

    @Test
    public void theDemoBacksUpAndRestoresWithOneSupplierOfflineAndEveryByteMatches() throws Exception {
        Path demo = Paths.get("target/demo").toAbsolutePath();
        Launcher.deleteTree(demo);
        try {
            Run run = bitdust(demo, DEMO_MINUTES, "demo", "--exit");
            assertEquals("./bitdust demo --exit exited " + run.exitCode + ":\n" + run.output, 0, run.exitCode);
            assertTrue(run.output, run.output.contains("alice hired 4 suppliers"));
            // the backup and the restore each end with the launcher's line for their job: size (and rate)
            assertTrue(run.output, run.output.lines().anyMatch(line -> line.matches(
                    "backup [0-9/]+ done: [0-9.]+ (B|KB|MB|GB)(, [0-9.]+ (B|KB|MB|GB)/s)?")));
            assertTrue(run.output, run.output.lines().anyMatch(line -> line.matches(
                    "\\[[0-9]+:[0-9]{2}\\] supplier[0-9] stopped: the restore has 3 of 4 suppliers")));
            assertTrue(run.output, run.output.lines().anyMatch(line -> line.matches(
                    "restore [0-9/]+/F[0-9AMP]+ done: [0-9.]+ (B|KB|MB|GB)(, [0-9.]+ (B|KB|MB|GB)/s)?")));
            assertTrue(run.output, run.output.lines().anyMatch(line -> line.contains("verified: ")
                    && line.contains("identical to the sample, byte for byte")));
            assertTrue(run.output, run.output.contains("demo nodes stopped"));
        } finally {
            Run stopped = bitdust(demo, 3, "demo-stop");
            assertEquals(stopped.output, 0, stopped.exitCode);
        }
    }

    @Test
    public void withoutExitTheNodesKeepRunningBehindTheWebPageItPrintsUntilDemoStop() throws Exception {
        Path demo = Paths.get("target/demo-kept").toAbsolutePath();
        Launcher.deleteTree(demo);
        try {
            Run run = bitdust(demo, DEMO_MINUTES, "demo");
            assertEquals("./bitdust demo exited " + run.exitCode + ":\n" + run.output, 0, run.exitCode);
            assertTrue(run.output, run.output.contains("The demo nodes keep running"));
            Matcher link = Pattern.compile("(?m)^  (http://127\\.0\\.0\\.1:[0-9]+/)#secret=([^\\s]+)$")
                    .matcher(run.output);
            assertTrue(run.output, link.find());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue("alice's web page", page.body().contains("<html"));
            HttpResponse<String> suppliers = http.send(HttpRequest.newBuilder(URI.create(link.group(1)
                    + "api/v1/suppliers_list")).header("X-Api-Secret", link.group(2)).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(suppliers.body(), 200, suppliers.statusCode());
            assertTrue(suppliers.body(), suppliers.body().contains("\"status\" : \"OK\""));
            assertEquals("4 suppliers hired: " + suppliers.body(), 4,
                    Pattern.compile("\"position\"").matcher(suppliers.body()).results().count());

            Matcher idServer = Pattern.compile("identity server: http://127\\.0\\.0\\.1:([0-9]+)/")
                    .matcher(run.output);
            assertTrue(run.output, idServer.find());
            aFreshMachineWithAlicesKeyFileGetsHerBackupBack(demo, Integer.parseInt(idServer.group(1)));

            Run stopped = bitdust(demo, 3, "demo-stop");
            assertEquals(stopped.output, 0, stopped.exitCode);
            assertTrue("the identity server, the recovered alice and the 3 suppliers still running: "
                    + stopped.output, stopped.output.contains("Stopped 5 demo node(s)"));
            try {
                http.send(HttpRequest.newBuilder(URI.create(link.group(1))).build(),
                        HttpResponse.BodyHandlers.ofString());
                fail("alice still answers after demo-stop");
            } catch (ConnectException e) {
                // stopped
            }
        } finally {
            Run stopped = bitdust(demo, 3, "demo-stop");
            assertEquals(stopped.output, 0, stopped.exitCode);
        }
    }

    /**
     * The disaster of the README, through the launcher and the API only: alice writes her identity file, her machine
     * is gone (node stopped, home deleted), a fresh node on new ports recovers her identity from the file (the
     * suppliers it hired under its own first identity are let go), re-hires the suppliers of her recovery record (one
     * of them still offline), gets her catalog back from them and restores the demo's backup, which matches the
     * sample byte for byte.
     */
    private static void aFreshMachineWithAlicesKeyFileGetsHerBackupBack(Path demo, int idPort) throws Exception {
        String passphrase = "correct horse battery staple";
        Launcher alice = Launcher.existing(demo.resolve("alice"));
        Path keyFile = demo.resolve("alice-identity.json");
        alice.okWithInput(passphrase + "\n", "api", "identity_backup", "destination_filepath=" + keyFile,
                "passphrase=-");
        JsonNode backups = alice.api("backups_id_list", Map.of()).envelope.path("result");
        assertEquals(backups.toString(), 1, backups.size());
        String backupId = backups.get(0).path("backupid").asText();
        String idurl = alice.api("identity_get", Map.of()).envelope.path("result").path("idurls").get(0).asText();
        alice.ok("stop");
        Launcher.deleteTree(alice.home());

        Launcher fresh = new Launcher(demo.resolve("alice-again"), Launcher.nodePresets(idPort, "new-machine"));
        fresh.ok("start");
        // a node's first start makes an identity of its own, which hires suppliers from the identity server's directory
        awaitAnswer(fresh, "suppliers_list", answer -> answer.contains("\"active\""), 2,
                "the fresh node hires a supplier");
        String recovered = fresh.okWithInput(passphrase + "\n", "api", "identity_recover",
                "private_key_source=" + keyFile, "passphrase=-");
        assertTrue(recovered, recovered.contains("\"OK\""));
        assertEquals(idurl, fresh.api("identity_get", Map.of()).envelope.path("result").path("idurls").get(0)
                .asText());
        awaitAnswer(fresh, "backups_id_list", answer -> answer.contains(backupId), 5,
                "the catalog comes back from the suppliers");

        // the suppliers the fresh node hired as itself before the recovery let it go: no space kept for it
        for (String supplier : List.of("supplier1", "supplier2", "supplier4")) {
            awaitAnswer(Launcher.existing(demo.resolve(supplier)), "customers_list",
                    answer -> !answer.contains("new-machine.json"), 2,
                    supplier + " no longer serves the fresh node's first identity");
        }

        Path restored = demo.resolve("recovered");
        Files.createDirectories(restored);
        String restore = fresh.ok("api", "restore_single", "pathID_or_backupID_or_localPath=" + backupId,
                "destinationPath=" + restored, "--wait");
        assertTrue(restore, restore.contains("restore " + backupId + " done"));
        Path sample = demo.resolve("sample");
        Path copy = Files.isDirectory(restored.resolve("sample")) ? restored.resolve("sample")
                : restored.resolve(sample.toString().substring(1));
        assertSameTree(sample, copy);
    }

    /**
     * Calls an API function of a node every second until its answer (the envelope as JSON text) meets the condition.
     *
     * @param minutes how long to wait at most; then the test fails with the last answer and the node's suppliers
     */
    private static void awaitAnswer(Launcher node, String function, Predicate<String> condition, int minutes,
            String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        while (true) {
            String answer = node.api(function, Map.of()).envelope.toString();
            if (condition.test(answer)) {
                return;
            }
            if (System.nanoTime() >= end) {
                fail("not within " + minutes + " min: " + what + "; " + function + " says " + answer
                        + "; suppliers_list says " + node.api("suppliers_list", Map.of()).envelope);
            }
            Thread.sleep(1000);
        }
    }

    /** Asserts that {@code copy} holds the same files as {@code original}, byte for byte, and nothing else. */
    private static void assertSameTree(Path original, Path copy) throws IOException {
        List<Path> files;
        List<Path> copies;
        try (Stream<Path> walk = Files.walk(original)) {
            files = walk.filter(Files::isRegularFile).map(original::relativize).sorted().collect(Collectors.toList());
        }
        try (Stream<Path> walk = Files.walk(copy)) {
            copies = walk.filter(Files::isRegularFile).map(copy::relativize).sorted().collect(Collectors.toList());
        }
        assertEquals("the files restored into " + copy, files, copies);
        assertFalse(files.isEmpty());
        for (Path file : files) {
            assertArrayEquals(file.toString(), Files.readAllBytes(original.resolve(file)),
                    Files.readAllBytes(copy.resolve(file)));
        }
    }

    /** What one call printed and how it exited. */
    private record Run(int exitCode, String output) {
    }

    /** Runs the launcher with the demo's home in {@code demo} and none of the user's BITDUST_* presets. */
    private static Run bitdust(Path demo, int minutes, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("bitdust.launcher")).getAbsolutePath());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("BITDUST_"));
        builder.environment().put("BITDUST_DEMO_HOME", demo.toString());
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "demo-output");
        reader.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroyForcibly();
            reader.join(10_000);
            fail(command + " did not finish within " + minutes + " min:\n" + text(output));
        }
        reader.join(10_000);
        return new Run(process.exitValue(), text(output));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
