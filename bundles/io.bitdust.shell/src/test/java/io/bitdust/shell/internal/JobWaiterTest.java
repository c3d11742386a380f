package io.bitdust.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiParameter;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.support.CommandException;
import org.junit.Test;

/**
 * {@code --wait}: the progress line and the calls of filemanager_tasks, against a fake API whose every call of
 * filemanager_tasks takes the half second a call with {@code wait} takes when nothing changes, and a fake clock.
 */
public class JobWaiterTest {
    private static final Instant CALLED = Instant.parse("2026-12-03T15:00:00Z");
    private static final ApiFunction BACKUP_START_PATH = new ApiFunction("backup_start_path", "backups",
            "Back up", List.of(new ApiParameter("path", "string", true, null, "local path")), true);
    private static final ApiFunction RESTORE_SINGLE = new ApiFunction("restore_single", "restores", "Restore",
            List.of(new ApiParameter("pathID_or_backupID_or_localPath", "string", true, null, "what"),
                    new ApiParameter("destinationPath", "string", false, null, "where")), true);

    /** The answers filemanager_tasks gives, one per poll; the last one repeats. */
    private final Deque<ApiResult> answers = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();
    /** The answers filemanager_tasks gave, in order. */
    private final List<ApiResult> given = new ArrayList<>();
    private final ApiResult[] started = {ApiResult.ok("uploading 0/0/1 started, local path is: /home/me/docs")};
    private long now = CALLED.toEpochMilli();
    /** The call of filemanager_tasks (1 for the first) during which the thread is interrupted, as Ctrl-C does. */
    private int interruptAt;
    private int polls;

    private final BitDustApi api = new BitDustApi() {
        @Override
        public List<ApiFunction> functions() {
            return List.of(BACKUP_START_PATH, RESTORE_SINGLE);
        }

        @Override
        public Optional<ApiFunction> function(String name) {
            return functions().stream().filter(f -> f.name().equals(name)).findFirst();
        }

        @Override
        public ApiResult call(String name, Map<String, ?> parameters) {
            calls.add(name + parameters);
            if (!"filemanager_tasks".equals(name)) {
                return started[0];
            }
            now += JobWaiter.POLL_MILLIS;
            if (++polls == interruptAt) {
                Thread.currentThread().interrupt();
            }
            ApiResult answer = answers.size() > 1 ? answers.poll() : answers.peek();
            given.add(answer);
            return answer;
        }

        @Override
        public Subscription subscribe(Runnable listener) {
            return () -> { };
        }
    };

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    private JobWaiter waiter(boolean inPlace) {
        return new JobWaiter(api, out, inPlace, () -> now);
    }

    private static Map<String, Object> task(String pathId, String backupId, String state, long done, long total,
            double rate, long eta, String error, String created) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("path_id", pathId);
        task.put("backup_id", backupId);
        task.put("state", state);
        task.put("bytes_processed", done);
        task.put("total_size", total);
        task.put("progress", total == 0 ? 0 : 100.0 * done / total);
        task.put("rate_bps", rate);
        task.put("eta_seconds", eta);
        task.put("error", error);
        task.put("created", created);
        return task;
    }

    private static ApiResult tasks(List<Map<String, Object>> backups, List<Map<String, Object>> restores) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backups", backups);
        result.put("restores", restores);
        // the node's token, which changes with the tasks; here one per answer, from its content
        result.put("token", Integer.toHexString(List.of(backups, restores).hashCode()));
        return ApiResult.ok(result);
    }

    private static ApiResult backups(Map<String, Object>... backups) {
        return tasks(List.of(backups), List.of());
    }

    /** @return the token of the answer given to call {@code index} (0 for the first), as the fake API gave them */
    private String token(int index) {
        return (String) ((Map<?, ?>) given.get(index).result()).get("token");
    }

    private String printed() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void bytesRatesAndDurationsAreShownInHumanUnits() {
        assertEquals("0 B", JobWaiter.human(0));
        assertEquals("777 B", JobWaiter.human(777));
        assertEquals("1.5 KB", JobWaiter.human(1536));
        assertEquals("5.0 MB", JobWaiter.human(5L << 20));
        assertEquals("2.5 GB", JobWaiter.human(5L << 29));
        assertEquals("42s", JobWaiter.duration(42));
        assertEquals("3m07s", JobWaiter.duration(187));
        assertEquals("2h05m", JobWaiter.duration(2 * 3600 + 5 * 60 + 59));
        assertEquals("23% 1.2 MB / 5.0 MB 2.0 MB/s ETA 2s", JobWaiter.progress(task("0/0/1", null, "running",
                1_234_567, 5L << 20, 2 * 1024 * 1024 + 0.5, 2, null, "2026-12-03T15:00:01Z")));
        assertEquals("an unknown total and ETA", "0% 0 B / ? 0 B/s ETA ?", JobWaiter.progress(task("0/0/1", null,
                "running", 0, 0, 0, -1, null, "2026-12-03T15:00:01Z")));
        assertEquals("nothing while queued", "", JobWaiter.progress(task("0/0/1", null, "queued", 0, 0, 0, -1, null,
                "2026-12-03T15:00:01Z")));
        assertEquals("5.0 MB, 1.0 MB/s", JobWaiter.progress(task("0/0/1", "0/0/1/F1", "done", 5L << 20, 5L << 20,
                1 << 20, 0, null, "2026-12-03T15:00:01Z")));
    }

    @Test
    public void theJobIsTheOneTheAnswerNames() {
        JobWaiter.Job backup = JobWaiter.job("backup_start_path",
                "uploading 0/0/1/0/0 started, local path is: /home/me/a b.txt");
        assertEquals(new JobWaiter.Job("backups", "0/0/1/0/0"), backup);
        assertEquals("backup 0/0/1/0/0", backup.toString());
        assertEquals(new JobWaiter.Job("backups", "0/2"), JobWaiter.job("backup_start_id",
                "uploading 0/2 started, local path is: /x"));
        assertEquals(new JobWaiter.Job("restores", "0/0/1/1/0/F20160313043419PM"), JobWaiter.job("restore_single",
                "downloading of version 0/0/1/1/0/F20160313043419PM has been started to /home/me/restore/"));
        assertNull(JobWaiter.job("backup_start_path", "something else"));
        assertNull(JobWaiter.job("config_get", "uploading 0/1 started"));
    }

    @Test
    public void theNewestTaskOfThePathCreatedSinceTheCallIsFollowedUntilDone() {
        Map<String, Object> older = task("0/0/1", "0/0/1/F0", "failed", 0, 10, 0, -1, "old failure",
                "2026-12-03T14:00:00Z");
        Map<String, Object> other = task("0/0/2", null, "running", 1, 10, 0, -1, null, "2026-12-03T15:00:02Z");
        answers.add(backups(other, older));
        answers.add(backups(task("0/0/1", null, "queued", 0, 0, 0, -1, null, "2026-12-03T15:00:00.250Z"), other,
                older));
        answers.add(backups(task("0/0/1", null, "running", 1 << 20, 4 << 20, 1 << 20, 3, null,
                "2026-12-03T15:00:00.250Z"), older));
        answers.add(backups(task("0/0/1", "0/0/1/F1", "done", 4 << 20, 4 << 20, 1 << 20, 0, null,
                "2026-12-03T15:00:00.250Z"), older));
        JobWaiter.Outcome outcome = waiter(false).await(new JobWaiter.Job("backups", "0/0/1"), CALLED);
        assertTrue(outcome.done());
        assertEquals("4.0 MB, 1.0 MB/s", outcome.progress());
        assertEquals("each call waits half a second for a change from the tasks the call before it answered",
                List.of("filemanager_tasks{params={wait=0.5}}",
                        "filemanager_tasks{params={wait=0.5, seen=" + token(0) + "}}",
                        "filemanager_tasks{params={wait=0.5, seen=" + token(1) + "}}",
                        "filemanager_tasks{params={wait=0.5, seen=" + token(2) + "}}"), calls);
        String printed = printed();
        assertTrue(printed, printed.contains("backup 0/0/1: queued\n"));
        assertFalse("a line every 3 s without a terminal: " + printed, printed.contains("running"));
        assertFalse("another path or an older task is not the job: " + printed, printed.contains("old failure"));
    }

    @Test
    public void withoutATerminalALineComesEveryThreeSeconds() {
        answers.add(backups(task("0/0/1", null, "running", 1, 100, 1, 99, null, "2026-12-03T15:00:01Z")));
        for (int i = 2; i <= 20; i++) {
            answers.add(backups(task("0/0/1", null, "running", i, 100, 1, 100 - i, null, "2026-12-03T15:00:01Z")));
        }
        answers.add(backups(task("0/0/1", "0/0/1/F1", "done", 100, 100, 1, 0, null, "2026-12-03T15:00:01Z")));
        waiter(false).await(new JobWaiter.Job("backups", "0/0/1"), CALLED);
        long lines = printed().lines().count();
        assertEquals(printed(), 4, lines);
        assertFalse(printed().contains("\r"));
    }

    @Test
    public void onATerminalTheLineIsRewrittenInPlaceAndClearedAtTheEnd() {
        answers.add(backups(task("0/0/1", null, "running", 1 << 20, 2 << 20, 1 << 20, 1, null,
                "2026-12-03T15:00:01Z")));
        answers.add(backups(task("0/0/1", "0/0/1/F1", "done", 2 << 20, 2 << 20, 1 << 20, 0, null,
                "2026-12-03T15:00:01Z")));
        waiter(true).await(new JobWaiter.Job("backups", "0/0/1"), CALLED);
        assertEquals("\rbackup 0/0/1: running 50% 1.0 MB / 2.0 MB 1.0 MB/s ETA 1s\u001b[K\r\u001b[K", printed());
    }

    @Test
    public void aRestoreIsFoundByItsBackupIdEvenWithTheCustomerPrefix() {
        answers.add(tasks(List.of(), List.of(task("0/0/1", "alice@127.0.0.1_8084:0/0/1/F1", "failed", 0, 5, 0, -1,
                "2 of 4 suppliers are offline", "2026-12-03T15:00:01Z"))));
        JobWaiter.Outcome outcome = waiter(false).await(new JobWaiter.Job("restores", "0/0/1/F1"), CALLED);
        assertEquals("failed", outcome.state());
        assertEquals("2 of 4 suppliers are offline", outcome.error());
    }

    @Test
    public void aJobThatNeverShowsUpOrAnErrorOfTheApiEndsTheWait() {
        answers.add(backups());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> waiter(false).await(new JobWaiter.Job("backups", "0/0/1"), CALLED));
        assertEquals("no backup task for 0/0/1 in filemanager_tasks after 30s", missing.getMessage());
        assertEquals("30 s of calls waiting half a second each", 60, calls.size());

        answers.clear();
        answers.add(ApiResult.error(ErrorCode.UNAVAILABLE, "filemanager_tasks is not available yet"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> waiter(false).await(new JobWaiter.Job("backups", "0/0/1"), CALLED));
        assertTrue(refused.getMessage(), refused.getMessage().contains("not available yet"));
    }

    @Test
    public void anInterruptionStopsWaitingNotTheJob() {
        answers.add(backups(task("0/0/1", null, "running", 1, 100, 1, 99, null, "2026-12-03T15:00:01Z")));
        interruptAt = 2;
        JobWaiter.Outcome outcome = waiter(true).await(new JobWaiter.Job("backups", "0/0/1"), CALLED);
        assertEquals("the second call was interrupted and not followed by another", 2, polls);
        assertNull(outcome.state());
        assertTrue("the interruption is kept", Thread.interrupted());
        assertTrue(printed(), printed().endsWith("\r\u001b[K"));
        assertFalse(calls.stream().anyMatch(c -> c.startsWith("backup_abort") || c.startsWith("restore_abort")));
    }

    @Test
    public void theCommandTakesWaitAndEndsWithTheJobsState() throws Exception {
        ApiCommand command = new ApiCommand(api, BACKUP_START_PATH, new OptionKeyCompleter(api, false));
        assertTrue(command.usage(), command.usage().contains("[--json] [--wait]"));
        assertEquals(Map.of("path", "/home/me/docs"), command.parameters(List.of("--wait", "/home/me/docs")));
        Map<String, Object> done = task("0/0/1", "0/0/1/F1", "done", 10, 10, 0, 0, null,
                Instant.now().toString());
        answers.add(backups(done));
        command.execute(session(null), List.of("/home/me/docs", "--wait"));
        assertTrue(printed(), printed().contains("uploading 0/0/1 started, local path is: /home/me/docs"));
        assertTrue(printed(), printed().contains("backup 0/0/1 done: 10 B"));
        assertEquals("path=/home/me/docs", "backup_start_path{path=/home/me/docs}", calls.get(0));

        answers.clear();
        answers.add(backups(task("0/0/1", "0/0/1/F2", "aborted", 1, 10, 0, -1, "aborted by the user",
                Instant.now().toString())));
        CommandException aborted = assertThrows(CommandException.class,
                () -> command.execute(session(null), List.of("/home/me/docs", "--wait")));
        assertEquals("backup 0/0/1 aborted: aborted by the user", aborted.getMessage());

        ApiCommand other = new ApiCommand(api, new ApiFunction("config_get", "config", "Get", List.of(), true),
                new OptionKeyCompleter(api, false));
        assertFalse(other.usage().contains("--wait"));
        CommandException refused = assertThrows(CommandException.class,
                () -> other.execute(session(null), List.of("--wait")));
        assertTrue(refused.getNiceHelp(), refused.getNiceHelp().contains("backup-start-path"));
    }

    private Session session(Terminal terminal) {
        Map<String, Object> variables = new HashMap<>();
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getConsole": return out;
                        case "getTerminal": return terminal;
                        case "put": return variables.put((String) args[0], args[1]);
                        case "get": return variables.get((String) args[0]);
                        default: return null;
                    }
                });
    }
}
