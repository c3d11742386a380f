package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The distribution as a user runs it: installed and started by the {@code bitdust} launcher as a separate process,
 * every port it opens a free ephemeral one (API, TCP, HTTP transport, identity server, ssh), its identity on its own
 * identity server. The node starts while its API port and its TCP port are held by another process: the launcher
 * prints the node's warnings, the API serves on a fallback port, and the TCP transport comes up once its port is
 * free. Then the passphrase from stdin, one shell command, {@code show} and {@code restart(showgui=true)} opening the
 * web page through the desktop's opener, an option that survives {@code restart}, {@code stop}
 * that returns once the JVM has exited, and {@code config-reset} while stopped. And the same distribution running an
 * identity server alone. The test that stops the node runs last (methods run in name order).
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LauncherIT {
    /** How long a condition may take to come true; a wait that succeeds returns at once. */
    private static final int WAIT_SECONDS = 120;

    private static ServerSocket apiBlocker;
    private static ServerSocket tcpBlocker;
    private static int apiPort;
    private static int tcpPort;
    private static int idPort;
    private static Launcher node;
    private static String started;
    /** Where the node's browser opener writes each address it is asked to open. */
    private static Path opened;

    @BeforeClass
    public static void startNodeOnBusyPorts() throws Exception {
        apiBlocker = blocker();
        tcpBlocker = blocker();
        apiPort = apiBlocker.getLocalPort();
        tcpPort = tcpBlocker.getLocalPort();
        idPort = Launcher.freePort();
        Map<String, String> presets = new HashMap<>();
        presets.put("BITDUST_INTERFACE_API_REST_HTTP_PORT", Integer.toString(apiPort));
        presets.put("BITDUST_SERVICES_TCP_CONNECTIONS_TCP_PORT", Integer.toString(tcpPort));
        presets.put("BITDUST_SERVICES_HTTP_CONNECTIONS_HTTP_PORT", Integer.toString(Launcher.freePort()));
        presets.put("BITDUST_SERVICES_IDENTITY_SERVER_ENABLED", "true");
        presets.put("BITDUST_SERVICES_IDENTITY_SERVER_WEB_PORT", Integer.toString(idPort));
        presets.put("BITDUST_SERVICES_IDENTITY_PROPAGATE_KNOWN_SERVERS", "127.0.0.1:" + idPort);
        presets.put("BITDUST_PERSONAL_NICKNAME", "launcher-node");
        presets.put("BITDUST_SSH_PORT", Integer.toString(Launcher.freePort()));
        // a display, and a browser opener that writes down each address it is asked to open (xdg-open's place)
        Path bin = Files.createDirectories(Paths.get("target/launcher-bin").toAbsolutePath());
        opened = bin.resolve("opened.txt");
        Files.deleteIfExists(opened);
        Path opener = bin.resolve("xdg-open");
        Files.writeString(opener, "#!/bin/sh\necho \"$1\" >> '" + opened + "'\n");
        assertTrue(opener.toFile().setExecutable(true));
        presets.put("DISPLAY", ":99");
        presets.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        node = new Launcher(Paths.get("target/launcher-node").toAbsolutePath(), presets);
        started = node.ok("start");
        assertTrue(started, started.contains("BitDust is running in " + node.home()));
    }

    @AfterClass
    public static void stopNode() throws Exception {
        try {
            node.run("stop");
        } finally {
            apiBlocker.close();
            tcpBlocker.close();
        }
    }

    /** @return the addresses the node asked the browser opener to open, in order */
    private static List<String> opened() {
        try {
            return Files.exists(opened) ? Files.readAllLines(opened) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A listening socket on a free port of all interfaces, as another program on the machine would hold it. */
    private static ServerSocket blocker() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
        return socket;
    }

    @Test
    public void aBusyApiPortIsReportedAndTheApiServesOnItsFallback() throws Exception {
        String url = apiUrl();
        assertNotEquals("the API left the busy port", "http://127.0.0.1:" + apiPort + "/", url);
        assertTrue(started, started.contains("API:        " + url + "api/v1"));
        assertTrue(started, warningLines(started).contains(Integer.toString(apiPort))
                && warningLines(started).contains("interface/api/rest-http-port"));
        Http.Answer health = new Http(url).get("process_health", Map.of(), secret());
        assertEquals(200, health.status);
        String status = node.ok("status");
        assertTrue(status, status.contains("API:        " + url + "api/v1"));
        assertTrue(status, warningLines(status).contains("interface/api/rest-http-port"));
        assertFalse(status, status.contains(" api/v1"));
    }

    @Test
    public void aBusyTcpPortIsReportedAndTheTransportComesUpOnceFreed() throws Exception {
        assertTrue(started, warningLines(started).contains(Integer.toString(tcpPort))
                && warningLines(started).contains("services/tcp-connections/tcp-port"));
        Http http = new Http(apiUrl());
        String secret = secret();
        assertEquals("failed", transportState(http, secret, "tcp"));
        tcpBlocker.close();
        String contact = "tcp://127.0.0.1:" + tcpPort;
        waitFor("tcp active and " + contact + " in my contacts", () -> {
            try {
                return "active".equals(transportState(http, secret, "tcp")) && http.get("identity_get", Map.of(),
                        secret).envelope.path("result").path("contacts").toString().contains("\"" + contact + "\"");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        String status = node.ok("status");
        assertFalse(status, warningLines(status).contains("services/tcp-connections/tcp-port"));
    }

    @Test
    public void anIdentityBackupTakesItsPassphraseFromStdinNeverFromTheCommandLine() throws Exception {
        String passphrase = "correct horse battery staple";
        Path backup = node.home().resolve("identity-backup.json");
        Files.deleteIfExists(backup);
        String noTerminal = node.failing("api", "identity_backup", "destination_filepath=" + backup);
        assertTrue(noTerminal, noTerminal.contains("passphrase=-"));
        assertFalse(Files.exists(backup));

        node.okWithInput(passphrase + "\n", "api", "identity_backup", "destination_filepath=" + backup,
                "passphrase=-");
        assertTrue(Files.isRegularFile(backup));
        String wrong = run(passphrase + " but not quite\n", "api", "identity_recover",
                "private_key_source=" + backup, "passphrase=-");
        assertTrue(wrong, wrong.contains("\"ERROR\""));
        String recovered = node.okWithInput(passphrase + "\n", "api", "identity_recover",
                "private_key_source=" + backup, "passphrase=-");
        assertTrue(recovered, recovered.contains("\"OK\""));
        String log = Files.readString(node.home().resolve("data/log/karaf.log"));
        assertFalse("the passphrase is not logged", log.contains(passphrase));
    }

    @Test
    public void oneShellCommandPrintsWhatItPrintsAndNothingElse() throws Exception {
        String shown = node.ok("shell", "bitdust:config-get logs/debug-level");
        assertTrue(shown, shown.contains("logs/debug-level") && shown.contains("positive integer"));
        assertFalse(shown, shown.contains("JAVA_HOME"));
        assertFalse(shown, shown.contains("incubator"));
        assertFalse(shown, shown.contains("Closed"));
        String unknown = node.failing("shell", "bitdust:no-such-command");
        assertTrue(unknown, unknown.contains("Command not found"));
        String refused = node.failing("config-reset", "services/backups/max-copies");
        assertTrue(refused, refused.contains("BitDust is running"));
    }

    /**
     * bin/setenv gives the node's JVM etc/jit-directives.json: Derby's code is compiled by C1 only, never by C2
     * (docs/performance.md, tenth pass). Asked of the running JVM itself, so a file that no longer parses (the JVM
     * would not start), a path that misses it or a directive that no longer matches fails here.
     */
    @Test
    public void theJitLeavesDerbyToTheClientCompiler() throws Exception {
        String printed = jcmd("Compiler.directives_print");
        int derby = printed.indexOf("org/apache/derby/*.*");
        assertTrue(printed, derby >= 0);
        int c1 = printed.indexOf("c1 directives:", derby);
        int c2 = printed.indexOf("c2 directives:", derby);
        assertTrue(printed, c1 > derby && c2 > c1);
        assertTrue("C1 compiles Derby: " + printed,
                printed.startsWith("Exclude:false", printed.indexOf("Exclude:", c1)));
        assertTrue("C2 leaves Derby: " + printed, printed.startsWith("Exclude:true", printed.indexOf("Exclude:", c2)));
    }

    /**
     * bin/setenv gives the node's JVM -XX:+UseTransparentHugePages where the Linux kernel offers transparent huge
     * pages (docs/performance.md, tenth pass), and not where it does not.
     */
    @Test
    public void theHeapIsInHugePagesWhereTheKernelOffersThem() throws Exception {
        Path mode = Paths.get("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean offered = Files.isReadable(mode) && !Files.readString(mode).contains("[never]");
        String flags = jcmd("VM.flags");
        assertEquals(flags, offered, flags.contains("-XX:+UseTransparentHugePages"));
    }

    /**
     * bin/setenv gives the node's JVM smaller inlining limits for C2 than HotSpot's defaults (docs/performance.md,
     * fourteenth pass); asked of the running JVM, so a flag the JVM ignores or a script that drops it fails here.
     */
    @Test
    public void theJitInlinesSmallerMethodsThanHotSpotsDefaults() throws Exception {
        String flags = jcmd("VM.flags");
        assertTrue(flags, flags.contains("-XX:FreqInlineSize=100"));
        assertTrue(flags, flags.contains("-XX:InlineSmallCode=1000"));
    }

    /**
     * bin/setenv gives the node's G1 a fixed threshold for its concurrent cycles and a heap that starts at 8 % of the
     * RAM and is not shrunk (docs/performance.md, sixteenth pass); asked of the running JVM, as above.
     */
    @Test
    public void theHeapKeepsABackupsArraysBelowAFixedMarkingThreshold() throws Exception {
        String flags = jcmd("VM.flags");
        assertTrue(flags, flags.contains("-XX:-G1UseAdaptiveIHOP"));
        assertTrue(flags, flags.contains("-XX:InitiatingHeapOccupancyPercent=60"));
        assertTrue(flags, flags.contains("-XX:InitialRAMPercentage=8"));
        assertTrue(flags, flags.contains("-XX:MaxHeapFreeRatio=100"));
    }

    /**
     * A node whose EXTRA_JAVA_OPTS choose a collector (the demo's suppliers run the serial one) gets none of the G1
     * flags above from bin/setenv, and the rest as any node: bin/setenv sourced as bin/start sources it.
     */
    @Test
    public void aNodeGivenAnotherCollectorKeepsTheJvmsHeapDefaults() throws Exception {
        String serial = setenv("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        assertTrue(serial, serial.contains("-XX:FreqInlineSize=100") && serial.endsWith("-XX:+UseSerialGC"));
        assertFalse(serial, serial.contains("G1UseAdaptiveIHOP") || serial.contains("InitialRAMPercentage")
                || serial.contains("MaxHeapFreeRatio") || serial.contains("InitiatingHeapOccupancyPercent"));
        String chosenNone = setenv("-Xmx1g -XX:+DisableExplicitGC");
        assertTrue(chosenNone, chosenNone.contains("-XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=60"
                + " -XX:InitialRAMPercentage=8 -XX:MaxHeapFreeRatio=100"));
    }

    /** @return EXTRA_JAVA_OPTS after {@code sh} sourced the node's bin/setenv as bin/start, given {@code options} */
    private static String setenv(String options) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c",
                ". \"$KARAF_BASE/bin/setenv\"; printf '%s' \"$EXTRA_JAVA_OPTS\"").redirectErrorStream(true);
        builder.environment().put("KARAF_SCRIPT", "start");
        builder.environment().put("KARAF_BASE", node.home().toString());
        builder.environment().put("EXTRA_JAVA_OPTS", options);
        Process sh = builder.start();
        String printed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(printed, sh.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(printed, 0, sh.exitValue());
        return printed;
    }

    /** @return what {@code jcmd <the node's pid> <command>} prints; it must succeed */
    private static String jcmd(String command) throws Exception {
        String pid = Files.readString(node.home().resolve("karaf.pid")).trim();
        Process jcmd = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), pid,
                command).redirectErrorStream(true).start();
        String printed = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(printed, jcmd.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(printed, 0, jcmd.exitValue());
        return printed;
    }

    /**
     * process_health says running only when every component of BitDust's bundles is up, which is what {@code
     * ./bitdust start} waits for: with a bundle stopped, the components that need its services wait, and the node
     * names them and what they wait for.
     */
    @Test
    public void theNodeIsStartingWhileAComponentWaitsForAServiceAndSaysWhich() throws Exception {
        node.ok("shell", "bundle:stop io.bitdust.identity");
        try {
            JsonNode health = health();
            assertEquals(health.toString(), "starting", health.path("status").asText());
            String waiting = health.path("waiting_for").toString();
            assertTrue(waiting, waiting.contains("bundle io.bitdust.identity (not active)"));
            assertTrue(waiting, waiting.contains("io.bitdust.suppliers.internal.SuppliersComponent (waits for "));
            String status = node.ok("status");
            assertTrue(status, status.contains("  not up yet: bundle io.bitdust.identity (not active)"));
        } finally {
            node.ok("shell", "bundle:start io.bitdust.identity");
        }
        waitFor("the node is running again", () -> {
            try {
                return "running".equals(health().path("status").asText());
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    private static JsonNode health() throws IOException, InterruptedException {
        Http.Answer health = new Http(apiUrl()).get("process_health", Map.of(), secret());
        assertEquals(200, health.status);
        return health.envelope.path("result");
    }

    @Test
    public void theNodeSurvivesARestartThenStopsForGoodAndAnOptionIsResetWhileStopped() throws Exception {
        Http http = new Http(apiUrl());
        String secret = secret();
        Http.Answer health = http.get("process_health", Map.of(), secret);
        assertEquals(200, health.status);
        String startedAt = health.envelope.path("result").path("started").asText();

        String set = node.ok("api", "config_set", "key=services/backups/max-copies", "value=5");
        assertTrue(set, set.contains("\"old_value\" : \"2\""));
        String refused = node.failing("api", "config_set", "key=services/backups/max-copies", "value=many");
        assertTrue(refused, refused.contains("takes a positive integer"));

        String shown = http.get("show", Map.of(), secret).envelope.path("result").asText();
        String link = node.webPageLink();
        assertTrue(shown, shown.contains("the web page " + link + " is opening in your browser"));
        waitFor("show opens the web page in the browser", () -> opened().equals(List.of(link)));

        // as on a node whose shell was never used: the ssh server makes its host key after the restart
        Files.deleteIfExists(node.home().resolve("etc/host.key"));
        assertEquals("restarted", http.get("restart", Map.of("showgui", "true"), secret).envelope.path("result")
                .asText());
        apiBlocker.close();
        waitFor("the node restarted", () -> {
            try {
                Http.Answer again = new Http(apiUrl()).get("process_health", Map.of(), secret);
                return again.ok() && !again.envelope.path("result").path("started").asText().equals(startedAt);
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        // the gateway starts after the API: the page opens once it is served, at its address after the restart
        waitFor("the node opens its web page once it is back", () -> opened().size() == 2);
        assertEquals(List.of(link, node.webPageLink()), opened());
        assertTrue(new Http(opened().get(1).replaceFirst("#.*", "")).answers());
        // Karaf's ssh server after the restart: a stale Bouncy Castle provider failed every session (bin/setenv)
        String[] shell = {""};
        waitFor("the shell answers after the restart", () -> {
            try {
                Launcher.Result result = node.run("shell", "bitdust:config-get services/backups/max-copies");
                shell[0] = result.output;
                return result.exitCode == 0;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        assertTrue(shell[0], shell[0].contains("services/backups/max-copies"));
        Http.Answer kept = new Http(apiUrl()).get("config_get", Map.of("key", "services/backups/max-copies"),
                secret);
        assertEquals("5", kept.envelope.path("result").path(0).path("value").asText());

        String lastUrl = apiUrl();
        long pid = Long.parseLong(Files.readString(node.home().resolve("karaf.pid")).trim());
        assertTrue(ProcessHandle.of(pid).isPresent());
        String stopped = node.ok("stop");
        assertTrue(stopped, stopped.contains("BitDust stopped"));
        assertFalse("the JVM has exited when stop returns", ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false));
        assertEquals(3, node.run("status").exitCode);
        assertFalse(new Http(lastUrl).answers());
        var call = node.run("api", "process_health");
        assertTrue(call.output, call.exitCode != 0 && call.output.contains("BitDust is not running"));
        Files.writeString(node.home().resolve("karaf.pid"), ProcessHandle.current().pid() + "\n");
        call = node.run("api", "process_health");
        assertTrue("a pid file naming another live process: " + call.output, call.exitCode != 0
                && call.output.contains("BitDust is not running"));
        Files.delete(node.home().resolve("karaf.pid"));

        Path options = node.home().resolve("data/bitdust/options.properties");
        assertTrue(Files.readString(options).contains("services/backups/max-copies=5"));
        String reset = node.ok("config-reset", "services/backups/max-copies");
        assertTrue(reset, reset.contains("services/backups/max-copies reset"));
        assertFalse(Files.readString(options).contains("services/backups/max-copies"));
        String bad = node.failing("config-reset", "no such key");
        assertTrue(bad, bad.contains("is not an option key"));
    }

    @Test
    public void theDistributionRunsAnIdentityServerAlone() throws Exception {
        int port = Launcher.freePort();
        Launcher idserver = new Launcher(Paths.get("target/launcher-idserver").toAbsolutePath(), Map.of(
                "BITDUST_FEATURES", "bitdust-idserver",
                "BITDUST_SERVICES_IDENTITY_SERVER_ENABLED", "true",
                "BITDUST_SERVICES_IDENTITY_SERVER_WEB_PORT", Integer.toString(port),
                "BITDUST_SSH_PORT", Integer.toString(Launcher.freePort())));
        try {
            String out = idserver.ok("start");
            assertTrue(out, out.contains("identity server: http://127.0.0.1:" + port + "/"));
            assertTrue("no API in an identity server alone", !out.contains("api/v1"));
            String status = idserver.ok("status");
            assertTrue(status, status.contains("identity server: http://127.0.0.1:" + port + "/"));
            assertFalse(status, status.contains("api/v1"));
            HttpResponse<String> directory = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/directory?service=supplier")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, directory.statusCode());
            assertTrue(directory.body(), directory.body().trim().startsWith("["));
            String features = Files.readString(idserver.home().resolve("etc/org.apache.karaf.features.cfg"));
            assertTrue(features, features.contains(", bitdust-idserver\n"));
        } finally {
            idserver.run("stop");
        }
    }

    /** @return the address the node's API published, e.g. {@code http://127.0.0.1:40123/} */
    private static String apiUrl() throws IOException {
        return Files.readString(node.home().resolve("data/bitdust/api.url")).trim();
    }

    private static String secret() throws IOException {
        return Files.readString(node.home().resolve("data/bitdust/apisecret")).trim();
    }

    /** @return the lines the launcher printed as the node's warnings */
    private static String warningLines(String output) {
        StringBuilder lines = new StringBuilder();
        output.lines().filter(line -> line.startsWith("  warning: ")).forEach(line -> lines.append(line).append('\n'));
        return lines.toString();
    }

    private static String transportState(Http http, String secret, String protocol)
            throws IOException, InterruptedException {
        for (JsonNode transport : http.get("transports_list", Map.of(), secret).envelope.path("result")) {
            if (protocol.equals(transport.path("protocol").asText())) {
                return transport.path("state").asText();
            }
        }
        return "";
    }

    /** @return the output of a call, whatever its exit code */
    private static String run(String input, String... args) throws IOException, InterruptedException {
        return node.runWithInput(input, args).output;
    }

    private static void waitFor(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT_SECONDS + " s waiting for: " + what);
            }
            Thread.sleep(500);
        }
    }
}
