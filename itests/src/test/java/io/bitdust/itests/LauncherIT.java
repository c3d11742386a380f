package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The distribution as a user runs it: installed and started by the {@code bitdust} launcher as a separate process,
 * with a {@code BITDUST_*} preset for the API port; an option set over HTTP survives {@code restart}; {@code stop}
 * ends the process.
 */
public class LauncherIT {
    private static final Path HOME = Paths.get("target/launcher-node").toAbsolutePath();
    private static int port;
    private static int sshPort;

    @BeforeClass
    public static void startNode() throws Exception {
        port = freePort();
        sshPort = freePort();
        String out = launcher("start");
        assertTrue(out, out.contains("BitDust is running in " + HOME));
        assertTrue(out, out.contains("http://127.0.0.1:" + port + "/api/v1"));
    }

    @AfterClass
    public static void stopNode() throws Exception {
        launcher("stop");
    }

    @Test
    public void theNodeAnswersOnThePresetPortAndSurvivesARestartThenStops() throws Exception {
        Http http = new Http("http://127.0.0.1:" + port + "/");
        String secret = Files.readString(HOME.resolve("data/bitdust/apisecret")).trim();
        Http.Answer health = http.get("process_health", Map.of(), secret);
        assertEquals(200, health.status);
        String started = health.envelope.path("result").path("started").asText();

        String set = launcher("api", "config_set", "key=services/backups/max-copies", "value=5");
        assertTrue(set, set.contains("\"old_value\" : \"2\""));
        String refused = launcherFailing("api", "config_set", "key=services/backups/max-copies", "value=many");
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
        waitFor("the process exited", () -> {
            try {
                return run(List.of(launcherPath(), "status")).exitCode == 3;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        assertTrue(launcher("status").isEmpty() || !http.answers());
    }

    private static String launcher(String... args) throws Exception {
        Result r = run(command(args));
        if (r.exitCode != 0 && !(args.length == 1 && "status".equals(args[0]))) {
            fail("bitdust " + String.join(" ", args) + " exited " + r.exitCode + ":\n" + r.output);
        }
        return r.output;
    }

    private static String launcherFailing(String... args) throws Exception {
        Result r = run(command(args));
        assertTrue("bitdust " + String.join(" ", args) + " should fail:\n" + r.output, r.exitCode != 0);
        return r.output;
    }

    private static List<String> command(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(launcherPath()));
        command.addAll(List.of(args));
        return command;
    }

    private static String launcherPath() {
        return new File(System.getProperty("bitdust.launcher")).getAbsolutePath();
    }

    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BITDUST_HOME", HOME.toString());
        builder.environment().put("BITDUST_INTERFACE_API_REST_HTTP_PORT", Integer.toString(port));
        builder.environment().put("BITDUST_SSH_PORT", Integer.toString(sshPort));
        builder.environment().put("BITDUST_START_TIMEOUT", "150");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(200, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) throws Exception {
        for (int i = 0; i < 120; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        fail("timed out waiting for: " + what);
    }
}
