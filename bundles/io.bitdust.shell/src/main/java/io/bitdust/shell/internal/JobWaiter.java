package io.bitdust.shell.internal;

import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import java.io.PrintStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code --wait} does after {@code backup_start_path}, {@code backup_start_id} or {@code restore_single}: asks
 * {@code filemanager_tasks} with {@code wait} half a second and, as {@code seen}, the token of its last answer (it
 * answers as soon as the tasks differ from those it answered last) for the job the answer names (the path ID of a
 * backup, the backup ID of a restore; the newest such task created since the call) and shows its progress on one line
 * until it ends: rewritten in place on a terminal, else a line every few seconds. The same line, and the same calls,
 * as {@code ./bitdust api ... --wait}.
 */
final class JobWaiter {
    /** The functions whose job {@code --wait} follows. */
    static final Set<String> FUNCTIONS = Set.of("backup_start_path", "backup_start_id", "restore_single");
    /** How long one call of filemanager_tasks waits for a task to change. */
    static final long POLL_MILLIS = 500;
    /** How long a job may take to show up in filemanager_tasks. */
    static final long APPEAR_MILLIS = 30_000;
    /** Between two lines when the line cannot be rewritten in place. */
    static final long LINE_MILLIS = 3_000;
    private static final Set<String> FINAL = Set.of("done", "failed", "aborted", "cancelled");
    private static final Pattern UPLOADING = Pattern.compile("^uploading (\\S+) started");
    private static final Pattern DOWNLOADING = Pattern.compile("^downloading of version (\\S+) has been started");

    /** The job an answer names: a backup by its path ID or a restore by its backup ID. */
    record Job(String kind, String id) {
        /** @return {@code backup} or {@code restore} */
        String what() {
            return "backups".equals(kind) ? "backup" : "restore";
        }

        @Override
        public String toString() {
            return what() + " " + id;
        }
    }

    /** How a job ended: its final state and error, or {@code null} state when the wait was interrupted. */
    record Outcome(String state, String error, String progress) {
        boolean done() {
            return "done".equals(state);
        }
    }

    private final BitDustApi api;
    private final PrintStream out;
    private final boolean inPlace;
    private final LongSupplier millis;

    /**
     * @param api     where filemanager_tasks is called
     * @param out     the session's console
     * @param inPlace whether the line is rewritten in place (an ANSI terminal)
     * @param millis  the current time in milliseconds
     */
    JobWaiter(BitDustApi api, PrintStream out, boolean inPlace, LongSupplier millis) {
        this.api = api;
        this.out = out;
        this.inPlace = inPlace;
        this.millis = millis;
    }

    /**
     * @param function the function called
     * @param result   its OK answer's result
     * @return the job it started, or null when the answer names none
     */
    static Job job(String function, Object result) {
        String text = String.valueOf(result);
        Matcher m = ("restore_single".equals(function) ? DOWNLOADING : UPLOADING).matcher(text);
        if (!FUNCTIONS.contains(function) || !m.find()) {
            return null;
        }
        return new Job("restore_single".equals(function) ? "restores" : "backups", m.group(1));
    }

    /**
     * Follows the job until it ends, the node stops answering or the thread is interrupted (Ctrl-C: the job goes on).
     *
     * @param job   the job
     * @param since when the call that started it was made; older tasks of the same item are not it
     * @return how it ended; a null state when the wait was interrupted
     * @throws IllegalStateException when filemanager_tasks answers an error or the job never shows up
     */
    Outcome await(Job job, Instant since) {
        long began = millis.getAsLong();
        long lastLine = Long.MIN_VALUE;
        String shown = null;
        Object seen = null;
        while (true) {
            ApiResult tasks = api.call("filemanager_tasks", waiting(seen));
            if (Thread.currentThread().isInterrupted()) {
                // the call gave up waiting: Ctrl-C stops following the job, not the job
                clear(shown);
                return new Outcome(null, null, null);
            }
            if (!tasks.ok()) {
                throw new IllegalStateException("filemanager_tasks answered: " + String.join("; ",
                        tasks.errors()));
            }
            if (tasks.result() instanceof Map) {
                seen = ((Map<?, ?>) tasks.result()).get("token");
            }
            Map<?, ?> task = newest(tasks.result(), job, since);
            long now = millis.getAsLong();
            if (task != null) {
                String state = String.valueOf(task.get("state"));
                String progress = progress(task);
                if (FINAL.contains(state)) {
                    clear(shown);
                    Object error = task.get("error");
                    return new Outcome(state, error == null ? null : String.valueOf(error), progress);
                }
                String line = job + ": " + state + (progress.isEmpty() ? "" : " " + progress);
                if (inPlace) {
                    out.print("\r" + line + "\u001b[K");
                    out.flush();
                    shown = line;
                } else if (lastLine == Long.MIN_VALUE || now - lastLine >= LINE_MILLIS) {
                    out.println(line);
                    lastLine = now;
                }
            } else if (now - began >= APPEAR_MILLIS) {
                clear(shown);
                throw new IllegalStateException("no " + job.what() + " task for " + job.id()
                        + " in filemanager_tasks after " + APPEAR_MILLIS / 1000 + "s");
            }
        }
    }

    /**
     * @param seen the token of the tasks last answered, or null: the call answers at once when they changed since,
     *             so a job that ends between two calls is not waited for
     * @return filemanager_tasks' parameters
     */
    static Map<String, Object> waiting(Object seen) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("wait", POLL_MILLIS / 1000.0);
        if (seen instanceof String) {
            params.put("seen", seen);
        }
        return Map.of("params", params);
    }

    private void clear(String shown) {
        if (shown != null) {
            out.print("\r\u001b[K");
            out.flush();
        }
    }

    /** @return the newest task of the job's list that is the job's and was created since the call, or null */
    static Map<?, ?> newest(Object tasks, Job job, Instant since) {
        if (!(tasks instanceof Map) || !(((Map<?, ?>) tasks).get(job.kind()) instanceof List)) {
            return null;
        }
        Map<?, ?> best = null;
        Instant bestCreated = null;
        // the call's time to the second: a task's clock reading may be a little behind the shell's
        Instant from = since.minusSeconds(1);
        for (Object entry : (List<?>) ((Map<?, ?>) tasks).get(job.kind())) {
            if (!(entry instanceof Map)) {
                continue;
            }
            Map<?, ?> task = (Map<?, ?>) entry;
            Instant created = instant(task.get("created"));
            if (!mine(task, job) || created == null || created.isBefore(from)) {
                continue;
            }
            if (best == null || created.isAfter(bestCreated)) {
                best = task;
                bestCreated = created;
            }
        }
        return best;
    }

    private static boolean mine(Map<?, ?> task, Job job) {
        if ("backups".equals(job.kind())) {
            return job.id().equals(task.get("path_id"));
        }
        Object backupId = task.get("backup_id");
        if (backupId == null) {
            return false;
        }
        String id = backupId.toString();
        return id.equals(job.id()) || id.endsWith(":" + job.id());
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * @param task a task of filemanager_tasks
     * @return its progress: "42% 1.2 MB / 5.0 MB 2.0 MB/s ETA 2s" while it runs, "5.0 MB, 2.0 MB/s" once done,
     *         nothing while it is queued
     */
    static String progress(Map<?, ?> task) {
        if ("queued".equals(task.get("state"))) {
            return "";
        }
        long total = number(task.get("total_size")).longValue();
        long done = number(task.get("bytes_processed")).longValue();
        double rate = number(task.get("rate_bps")).doubleValue();
        if ("done".equals(task.get("state"))) {
            String size = human(total > 0 ? total : done);
            return rate > 0 ? size + ", " + human((long) rate) + "/s" : size;
        }
        long eta = number(task.get("eta_seconds")).longValue();
        return (int) number(task.get("progress")).doubleValue() + "% " + human(done) + " / "
                + (total > 0 ? human(total) : "?") + " " + human((long) rate) + "/s ETA "
                + (eta < 0 || task.get("eta_seconds") == null ? "?" : duration(eta));
    }

    private static Number number(Object value) {
        if (value instanceof Number) {
            return (Number) value;
        }
        try {
            return value == null ? 0 : Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** @return bytes in binary units: "777 B", "1.5 KB", "4.0 MB", "2.1 GB" */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** @return seconds as "42s", "3m07s" or "2h05m" */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02d", seconds / 60 % 60) + "m";
    }
}
