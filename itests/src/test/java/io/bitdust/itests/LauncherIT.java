package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The distribution as a user runs it: installed and started by the {@code bitdust} launcher as a separate process,
 * with a {@code BITDUST_*} preset for the API port; an option set over HTTP survives {@code restart}; {@code stop}
 * ends the process. And the same distribution running an identity server alone.
 */
public class LauncherIT {
    private static int port;
    private static Launcher node;

    @BeforeClass
    public static void startNode() throws Exception {
        port = Launcher.freePort();
        node = new Launcher(Paths.get("target/launcher-node").toAbsolutePath(), Map.of(
                "BITDUST_INTERFACE_API_REST_HTTP_PORT", Integer.toString(port),
                "BITDUST_SSH_PORT", Integer.toString(Launcher.freePort())));
        String out = node.ok("start");
        assertTrue(out, out.contains("BitDust is running in " + node.home()));
        assertTrue(out, out.contains("http://127.0.0.1:" + port + "/api/v1"));
    }

    @AfterClass
    public static void stopNode() throws Exception {
        node.run("stop");
    }

    @Test
    public void theNodeAnswersOnThePresetPortAndSurvivesARestartThenStops() throws Exception {
        Http http = new Http("http://127.0.0.1:" + port + "/");
        String secret = Files.readString(node.home().resolve("data/bitdust/apisecret")).trim();
        Http.Answer health = http.get("process_health", Map.of(), secret);
        assertEquals(200, health.status);
        String started = health.envelope.path("result").path("started").asText();

        String set = node.ok("api", "config_set", "key=services/backups/max-copies", "value=5");
        assertTrue(set, set.contains("\"old_value\" : \"2\""));
        String refused = node.failing("api", "config_set", "key=services/backups/max-copies", "value=many");
        assertTrue(refused, refused.contains("takes a positive integer"));

        assertEquals("restarted", http.get("restart", Map.of(), secret).envelope.path("result").asText());
        waitFor("the node restarted", () -> {
            try {
                Http.Answer again = http.get("process_health", Map.of(), secret);
                return again.ok() && !again.envelope.path("result").path("started").asText().equals(started);
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        Http.Answer kept = http.get("config_get", Map.of("key", "services/backups/max-copies"), secret);
        assertEquals("5", kept.envelope.path("result").path(0).path("value").asText());

        assertEquals("stopped", http.get("stop", Map.of(), secret).envelope.path("result").asText());
        waitFor("the process exited", () -> exitCode(node, "status") == 3);
        assertTrue(!http.answers());
    }

    @Test
    public void theDistributionRunsAnIdentityServerAlone() throws Exception {
        int idPort = Launcher.freePort();
        Launcher idserver = new Launcher(Paths.get("target/launcher-idserver").toAbsolutePath(), Map.of(
                "BITDUST_FEATURES", "bitdust-idserver",
                "BITDUST_SERVICES_IDENTITY_SERVER_ENABLED", "true",
                "BITDUST_SERVICES_IDENTITY_SERVER_WEB_PORT", Integer.toString(idPort),
                "BITDUST_SSH_PORT", Integer.toString(Launcher.freePort())));
        try {
            String out = idserver.ok("start");
            assertTrue(out, out.contains("identity server: http://127.0.0.1:" + idPort + "/"));
            assertTrue("no API in an identity server alone", !out.contains("api/v1"));
            HttpResponse<String> directory = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + idPort + "/directory?service=supplier")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, directory.statusCode());
            assertTrue(directory.body(), directory.body().trim().startsWith("["));
            String features = Files.readString(idserver.home().resolve("etc/org.apache.karaf.features.cfg"));
            assertTrue(features, features.contains(", bitdust-idserver\n"));
        } finally {
            idserver.run("stop");
        }
    }

    private static int exitCode(Launcher launcher, String... args) {
        try {
            return launcher.run(args).exitCode;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static void waitFor(String what, BooleanSupplier condition) throws Exception {
        for (int i = 0; i < 120; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        fail("timed out waiting for: " + what);
    }
}
