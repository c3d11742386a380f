package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The file manager's {@code tasks} with {@code wait} (and {@code seen}): it answers once the tasks differ from those seen,
 * or when the wait is over.
 */
public class FileManagerTasksTest {
    /** The jobs the fake API lists: one backup, whose state the tests change. */
    private volatile String backupState = "running";
    private final FileManagerModes modes = new FileManagerModes(new BitDustApi() {
        @Override
        public List<ApiFunction> functions() {
            return List.of();
        }

        @Override
        public Optional<ApiFunction> function(String name) {
            return Optional.empty();
        }

        @Override
        public ApiResult call(String name, Map<String, ?> parameters) {
            switch (name) {
                case "backups_queue":
                    return ApiResult.ok(List.of());
                case "backups_running":
                    return ApiResult.ok(List.of(Map.of("path_id", "0/1", "backup_id", "0/1/F20261205010000AM",
                            "created", "2026-12-05T01:00:00Z", "state", backupState)));
                case "restores_running":
                    return ApiResult.ok(List.of());
                default:
                    throw new AssertionError("not asked of the file manager: " + name);
            }
        }

        @Override
        public Subscription subscribe(Runnable listener) {
            return () -> { };
        }
    });

    private String state(Object tasks) {
        return (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) tasks).get("backups")).get(0)).get("state");
    }

    @Test
    public void withoutWaitTheTasksAreAnsweredAsTheyAre() {
        assertEquals("running", state(modes.answer("tasks", Map.of())));
        assertEquals("running", state(modes.answer("tasks", Map.of("wait", 0))));
    }

    @Test
    public void aWaitingCallAnswersAsSoonAsAJobEnds() throws Exception {
        CompletableFuture<Object> answer = CompletableFuture.supplyAsync(() -> modes.answer("tasks",
                Map.of("wait", FileManagerModes.MAX_WAIT_SECONDS)));
        Thread.sleep(300);
        assertTrue("nothing changed yet: the call still waits", !answer.isDone());
        backupState = "done";
        // well before the 10 s the call may wait: it looks again every 50 ms
        Object tasks = answer.get(8, TimeUnit.SECONDS);
        assertEquals("done", state(tasks));
    }

    @Test
    public void aWaitingCallWithoutAChangeAnswersWhenTheWaitIsOver() {
        long began = System.nanoTime();
        Object tasks = modes.answer("tasks", Map.of("wait", 0.3));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertTrue("waited " + waited + " ms", waited >= 300);
        assertEquals("running", state(tasks));
    }

    private static String token(Object tasks) {
        return (String) ((Map<?, ?>) tasks).get("token");
    }

    @Test
    public void theTokenChangesWithTheTasksOnly() {
        String running = token(modes.answer("tasks", Map.of()));
        assertTrue(running, running.matches("[0-9a-f]{16}"));
        assertEquals(running, token(modes.answer("tasks", Map.of())));
        backupState = "done";
        assertNotEquals(running, token(modes.answer("tasks", Map.of())));
    }

    @Test
    public void aJobThatEndedSinceTheTokenSeenIsAnsweredAtOnce() throws Exception {
        String seen = token(modes.answer("tasks", Map.of()));
        // the job ends between two calls: without seen, the next call would take the ended job as its baseline
        backupState = "done";
        CompletableFuture<Object> answer = CompletableFuture.supplyAsync(() -> modes.answer("tasks",
                Map.of("wait", FileManagerModes.MAX_WAIT_SECONDS, "seen", seen)));
        Object tasks = answer.get(8, TimeUnit.SECONDS);
        assertEquals("done", state(tasks));
        assertNotEquals(seen, token(tasks));
    }

    @Test
    public void aCallThatSawTheCurrentTasksWaitsForAChange() throws Exception {
        String seen = token(modes.answer("tasks", Map.of()));
        CompletableFuture<Object> answer = CompletableFuture.supplyAsync(() -> modes.answer("tasks",
                Map.of("wait", FileManagerModes.MAX_WAIT_SECONDS, "seen", seen)));
        Thread.sleep(300);
        assertTrue("nothing changed since the token seen: the call still waits", !answer.isDone());
        backupState = "failed";
        assertEquals("failed", state(answer.get(8, TimeUnit.SECONDS)));
    }

    @Test
    public void aSeenThatIsNotTextIsRefused() {
        BitDustException e = assertThrows(BitDustException.class, () -> modes.answer("tasks",
                Map.of("wait", 1, "seen", 12)));
        assertEquals("the file manager's seen must be text", e.getMessage());
    }

    @Test
    public void aWaitThatIsNotSecondsFrom0To10IsRefused() {
        for (Object bad : List.of("0.5", -1, 10.5, true, Double.NaN, Map.of("s", 1))) {
            BitDustException e = assertThrows(BitDustException.class, () -> modes.answer("tasks",
                    Map.of("wait", bad)));
            assertEquals("the file manager's wait must be a number of seconds from 0 to 10", e.getMessage());
        }
    }
}
