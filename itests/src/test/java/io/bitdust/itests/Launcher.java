package io.bitdust.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the {@code bitdust} launcher script for one node home, with BITDUST_* presets, as a user would. */
final class Launcher {
    private final Path home;
    private final Map<String, String> environment = new HashMap<>();

    /**
     * @param home        the node's home (BITDUST_HOME); whatever a previous run left there is removed
     * @param environment presets and settings for every call
     */
    Launcher(Path home, Map<String, String> environment) throws IOException {
        this(home, environment, true);
    }

    private Launcher(Path home, Map<String, String> environment, boolean fresh) throws IOException {
        if (fresh) {
            deleteTree(home);
        }
        this.home = home;
        this.environment.putAll(environment);
        this.environment.put("BITDUST_HOME", home.toString());
        this.environment.putIfAbsent("BITDUST_START_TIMEOUT", "150");
    }

    /**
     * @param home a node home that another launcher set up (e.g. one of the demo's), kept as it is
     * @return a launcher for calls to that node (api, stop, ...)
     */
    static Launcher existing(Path home) throws IOException {
        return new Launcher(home, Map.of(), false);
    }

    Path home() {
        return home;
    }

    /** What one call printed and how it exited. */
    static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    /** @return the output of a call that must succeed */
    String ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exitCode != 0) {
            fail("bitdust " + String.join(" ", args) + " exited " + r.exitCode + ":\n" + r.output);
        }
        return r.output;
    }

    /** @return the output of a call, given {@code input} on its stdin, that must succeed */
    String okWithInput(String input, String... args) throws IOException, InterruptedException {
        Result r = runWithInput(input, args);
        if (r.exitCode != 0) {
            fail("bitdust " + String.join(" ", args) + " exited " + r.exitCode + ":\n" + r.output);
        }
        return r.output;
    }

    /** @return the output of a call that must fail */
    String failing(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        assertTrue("bitdust " + String.join(" ", args) + " should fail:\n" + r.output, r.exitCode != 0);
        return r.output;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput("", args);
    }

    /** Runs a call with {@code input} on its stdin (not a terminal). */
    Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("bitdust.launcher")).getAbsolutePath());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // presets of the user's own node, if the shell running the tests has some, must not reach the test's node
        builder.environment().keySet().removeIf(name -> name.startsWith("BITDUST_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(200, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** @return the node's web page with its API secret, the link {@code show()} gives */
    String webPageLink() throws IOException {
        Path data = home.resolve("data/bitdust");
        return Files.readString(data.resolve("api.url")).trim() + "#secret="
                + Files.readString(data.resolve("apisecret")).trim();
    }

    /** @return the answer of the running node's HTTP API to a function, with the node's own address and secret */
    Http.Answer api(String function, Map<String, String> params) throws IOException, InterruptedException {
        Path data = home.resolve("data/bitdust");
        Http http = new Http(Files.readString(data.resolve("api.url")).trim());
        return http.get(function, params, Files.readString(data.resolve("apisecret")).trim());
    }

    /** Removes a folder with everything in it; nothing when it does not exist. */
    static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /**
     * @param idPort   the port of the identity server the node publishes on
     * @param nickname the node's nickname
     * @return the presets of a node on free ports of 127.0.0.1 (API, TCP, HTTP, ssh) that knows that identity server;
     *     a mutable map, for the caller's own presets
     */
    static Map<String, String> nodePresets(int idPort, String nickname) throws IOException {
        Map<String, String> presets = new HashMap<>();
        presets.put("BITDUST_INTERFACE_API_REST_HTTP_PORT", Integer.toString(freePort()));
        presets.put("BITDUST_SERVICES_TCP_CONNECTIONS_TCP_PORT", Integer.toString(freePort()));
        presets.put("BITDUST_SERVICES_HTTP_CONNECTIONS_HTTP_PORT", Integer.toString(freePort()));
        presets.put("BITDUST_SSH_PORT", Integer.toString(freePort()));
        presets.put("BITDUST_SERVICES_IDENTITY_PROPAGATE_KNOWN_SERVERS", "127.0.0.1:" + idPort);
        presets.put("BITDUST_PERSONAL_NICKNAME", nickname);
        return presets;
    }

    /** @return a TCP port free on this machine now */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
