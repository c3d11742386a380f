package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code ./bitdust api <function> --wait}: the launcher follows the job it started in {@code filemanager_tasks} and
 * shows its progress (bytes, rate, ETA), its end and its exit status. The node here is a small HTTP server in the
 * test that answers as the node's API does (the envelope, the start functions' result texts and the tasks' fields of
 * {@code FileManagerModes}), so that every state of a job, and a node that stops answering, can be shown without a
 * Karaf boot; the launcher itself runs as a user runs it (bash, curl, the node home's {@code api.url} and secret).
 */
public class LauncherWaitIT {
    private static final String SECRET = "launcher-wait-secret";

    private HttpServer server;
    private Launcher launcher;
    /** The answers of filemanager_tasks still to give, each made from the time the job was started. */
    private final Deque<Function<Instant, String>> tasks = new ArrayDeque<>();
    /** Every call the launcher made: function, secret header, body. */
    private final List<String[]> calls = new CopyOnWriteArrayList<>();
    private volatile Instant started = Instant.EPOCH;
    private volatile String startAnswer;

    @Before
    public void startTheNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::answer);
        server.start();
        launcher = new Launcher(Paths.get("target/launcher-wait").toAbsolutePath(), Map.of());
        Path data = launcher.home().resolve("data/bitdust");
        Files.createDirectories(data);
        Files.writeString(data.resolve("api.url"), "http://127.0.0.1:" + server.getAddress().getPort() + "/\n");
        Files.writeString(data.resolve("apisecret"), SECRET + "\n");
        // the launcher only asks whether the node's process lives: this JVM stands for it
        Files.writeString(launcher.home().resolve("karaf.pid"), ProcessHandle.current().pid() + "\n");
    }

    @After
    public void stopTheNode() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    public void aBackupIsFollowedWithItsBytesRateAndEtaUntilItIsDone() throws Exception {
        startAnswer = ok("\"uploading 1/2/3 started, local path is: /home/me/docs\"");
        // the last backup of the same folder, done an hour ago, is not the job just started
        tasks.add(at -> tasks("backups", backup(at.minusSeconds(3600), "done", 4 << 20, 4 << 20, 100.0, 2 << 20, 0,
                null), "0000"));
        tasks.add(at -> tasks("backups", backup(at, "running", 1 << 20, 4 << 20, 25.0, 1 << 20, 3, null), "aaaa"));
        tasks.add(at -> tasks("backups", backup(at, "running", 3 << 20, 4 << 20, 75.0, 3 << 20, 1, null), "aaaa"));
        tasks.add(at -> tasks("backups", backup(at, "done", 4 << 20, 4 << 20, 100.0, 2 << 20, 0, null), "bbbb"));

        String output = launcher.ok("api", "backup_start_path", "path=/home/me/docs", "--wait");

        assertTrue(output, output.startsWith(startAnswer + "\n"));
        assertTrue(output, output.contains("\nbackup 1/2/3: running 25% 1.0 MB / 4.0 MB 1.0 MB/s ETA 3s\n"));
        // not a terminal: a line at most every 3 s, so the second look at the running job prints nothing
        assertTrue(output, !output.contains("75%"));
        assertTrue(output, output.endsWith("\nbackup 1/2/3 done: 4.0 MB, 2.0 MB/s\n"));
        assertEquals(5, calls.size());
        assertEquals("backup_start_path", calls.get(0)[0]);
        assertEquals("{\"path\": \"/home/me/docs\"}", calls.get(0)[2].trim());
        for (String[] call : calls) {
            assertEquals("every call carries the node's secret", SECRET, call[1]);
        }
        assertEquals("filemanager_tasks", calls.get(1)[0]);
        assertEquals("{\"params\": {\"wait\": 3}}", calls.get(1)[2].trim());
        assertEquals("the next look says which tasks it saw, so the node answers as soon as they change",
                "{\"params\": {\"wait\": 3, \"seen\": \"0000\"}}", calls.get(2)[2].trim());
        assertEquals("{\"params\": {\"wait\": 3, \"seen\": \"aaaa\"}}", calls.get(3)[2].trim());
    }

    @Test
    public void aRestoreThatFailsEndsWithItsReasonAndExitStatusOne() throws Exception {
        String backupId = "1/2/3/F20261205042358PM";
        startAnswer = ok("\"downloading of version " + backupId + " has been started to /tmp/back\"");
        // a queued job of another version, and an older restore of this one, are not the job that was started
        tasks.add(at -> tasks("restores", restore(at.minusSeconds(3600), backupId, "done", null) + ", "
                + restore(at, "1/2/4/F20261205042358PM", "running", null) + ", "
                + restore(at, "alice@127.0.0.1:" + backupId, "failed", "2 of 4 suppliers online, 4 needed"),
                "cccc"));

        Launcher.Result result = launcher.run("api", "restore_single", "pathID_or_backupID_or_localPath=" + backupId,
                "destinationPath=/tmp/back", "--wait");

        assertEquals(result.output, 1, result.exitCode);
        assertTrue(result.output, result.output.endsWith("\nrestore " + backupId
                + " failed: 2 of 4 suppliers online, 4 needed\n"));
        assertEquals(2, calls.size());
    }

    @Test
    public void aNodeThatStopsAnsweringMidJobIsSaidToHaveStopped() throws Exception {
        startAnswer = ok("\"uploading 1/2/3 started, local path is: /home/me/docs\"");
        tasks.add(at -> {
            // the node goes away once this answer is out: every later call finds no one listening
            new Thread(() -> server.stop(1)).start();
            return tasks("backups", backup(at, "running", 1 << 20, 4 << 20, 25.0, 1 << 20, 3, null), "eeee");
        });

        String output = launcher.failing("api", "backup_start_path", "path=/home/me/docs", "--wait");

        assertTrue(output, output.contains("the node stopped answering while backup 1/2/3 ran"));
    }

    @Test
    public void waitFollowsOnlyTheFunctionsThatStartAJobAndAsksTheNodeNothingElse() throws Exception {
        String output = launcher.failing("api", "backups_list", "--wait");

        assertTrue(output, output.contains("--wait follows the job of backup_start_path, backup_start_id or"
                + " restore_single, not of 'backups_list'"));
        assertTrue("nothing was sent to the node", calls.isEmpty());
    }

    @Test
    public void aStartTheNodeRefusesIsPrintedAndNotFollowed() throws Exception {
        startAnswer = "{\"status\": \"ERROR\", \"errors\": [\"no supplier is hired: hire suppliers first\"]}";

        Launcher.Result result = launcher.run("api", "backup_start_path", "path=/home/me/docs", "--wait");

        assertNotEquals(result.output, 0, result.exitCode);
        assertTrue(result.output, result.output.contains("no supplier is hired: hire suppliers first"));
        assertEquals("only the start was asked for", 1, calls.size());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String function = exchange.getRequestURI().getPath().substring("/api/v1/".length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(new String[] {function, exchange.getRequestHeaders().getFirst("X-Api-Secret"), body});
        int status = 200;
        String answer;
        if (!SECRET.equals(exchange.getRequestHeaders().getFirst("X-Api-Secret"))) {
            status = 401;
            answer = "{\"status\": \"ERROR\", \"errors\": [\"access denied\"]}";
        } else if ("filemanager_tasks".equals(function)) {
            Function<Instant, String> next = tasks.poll();
            answer = next == null ? tasks("backups", "", "ffff") : next.apply(started);
        } else {
            started = Instant.now();
            answer = startAnswer;
            status = answer.contains("\"ERROR\"") ? 400 : 200;
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String ok(String result) {
        return "{\n  \"status\" : \"OK\",\n  \"result\" : " + result + "\n}";
    }

    /** A filemanager_tasks answer with these tasks in the list {@code list} (the other list empty). */
    private static String tasks(String list, String entries, String token) {
        String backups = "backups".equals(list) ? entries : "";
        String restores = "restores".equals(list) ? entries : "";
        return ok("{\n    \"backups\" : [ " + backups + " ],\n    \"restores\" : [ " + restores
                + " ],\n    \"token\" : \"" + token + "\"\n  }");
    }

    private static String backup(Instant created, String state, long done, long total, double progress, long rate,
            long eta, String error) {
        return "{ \"path_id\" : \"1/2/3\", \"backup_id\" : \"1/2/3/F20261205042358PM\", \"source_path\" :"
                + " \"/home/me/docs\", \"state\" : \"" + state + "\", \"bytes_processed\" : " + done
                + ", \"total_size\" : " + total + ", \"progress\" : " + progress + ", \"rate_bps\" : " + rate
                + ", \"eta_seconds\" : " + eta + ", \"error\" : " + (error == null ? "null" : "\"" + error + "\"")
                + ", \"created\" : \"" + created + "\" }";
    }

    private static String restore(Instant created, String backupId, String state, String error) {
        return "{ \"backup_id\" : \"" + backupId + "\", \"destination_path\" : \"/tmp/back\", \"state\" : \""
                + state + "\", \"bytes_processed\" : 0, \"total_size\" : 1000, \"progress\" : 0.0, \"rate_bps\" : 0,"
                + " \"eta_seconds\" : -1, \"error\" : " + (error == null ? "null" : "\"" + error + "\"")
                + ", \"created\" : \"" + created + "\" }";
    }
}
