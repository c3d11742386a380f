package io.bitdust.api.internal;

import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.DiskSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the file manager's modes with the catalogue's functions: {@code upload} is {@code backup_start_path},
 * {@code download} {@code restore_single}, {@code tasks} the backups' and restores' jobs, {@code stats} what the
 * storage areas say, and so on (docs/api.md, "filemanager"). An error of the function called is the mode's error.
 */
final class FileManagerModes {
    /** The most entries {@code listlocal} returns. */
    static final int MAX_LOCAL_ENTRIES = 10_000;
    /** The longest {@code tasks} waits for a task to change ({@code wait}, seconds). */
    static final double MAX_WAIT_SECONDS = 10;
    /**
     * How often a waiting {@code tasks} looks at the jobs again: a look lists every job (about 0.3 ms of CPU), so a
     * follower learns of an ending within 50 ms for about 0.6 % of a core while it waits.
     */
    static final long LOOK_MILLIS = 50;

    private final BitDustApi api;

    FileManagerModes(BitDustApi api) {
        this.api = api;
    }

    Object answer(String mode, Map<?, ?> params) {
        switch (mode) {
            case "stats":
                return stats();
            case "list":
                return list(text(params, "id", ""));
            case "listall":
                return call("backups_list", Map.of());
            case "listlocal":
                return listLocal(text(params, "path", System.getProperty("user.home")));
            case "upload":
                return call("backup_start_path", Map.of("path", required(params, "path")));
            case "download":
                return download(params);
            case "delete":
                return params.get("path") != null
                        ? call("backup_delete_path", Map.of("localPath", required(params, "path")))
                        : call("backup_delete_id", Map.of("pathID_or_backupID", required(params, "id")));
            case "deleteversion":
                return call("backup_delete_id", Map.of("pathID_or_backupID", required(params, "backupid")));
            case "tasks":
                return tasks(seconds(params, "wait", MAX_WAIT_SECONDS), text(params, "seen", null));
            case "config":
                return call("config_list", Map.of("sort", true));
            default:
                throw BitDustException.invalid("unknown file manager mode '" + mode + "'");
        }
    }

    private Object download(Map<?, ?> params) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        Object what = params.get("backupid") != null ? params.get("backupid") : params.get("id") != null
                ? params.get("id") : params.get("path");
        if (!(what instanceof String)) {
            throw BitDustException.invalid("download needs backupid, id or path (text)");
        }
        parameters.put("pathID_or_backupID_or_localPath", what);
        if (params.get("dest_path") != null) {
            parameters.put("destinationPath", text(params, "dest_path", null));
        }
        return call("restore_single", parameters);
    }

    /** The items whose folder is {@code id} (the top-level items for an empty one), with their versions. */
    private Object list(String id) {
        String parent = id.equals("/") ? "" : id;
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object entry : (List<?>) call("backups_list", Map.of())) {
            Map<?, ?> item = (Map<?, ?>) entry;
            String itemId = (String) item.get("id");
            int slash = itemId.lastIndexOf('/');
            String itemParent = slash < 0 ? "" : itemId.substring(0, slash);
            if (itemParent.equals(parent)) {
                Map<String, Object> copy = new LinkedHashMap<>();
                item.forEach((key, value) -> copy.put((String) key, value));
                String path = (String) item.get("path");
                copy.put("name", path == null ? itemId : Path.of(path).getFileName() == null ? path
                        : Path.of(path).getFileName().toString());
                result.add(copy);
            }
        }
        return result;
    }

    private Object listLocal(String given) {
        Path folder = LocalPaths.check("path", given, LocalPaths.Use.FOLDER);
        List<Map<String, Object>> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                if (entries.size() == MAX_LOCAL_ENTRIES) {
                    break;
                }
                BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", child.getFileName().toString());
                entry.put("path", child.toString());
                entry.put("type", attributes.isDirectory() ? "dir" : attributes.isSymbolicLink() ? "link" : "file");
                entry.put("size", attributes.isRegularFile() ? attributes.size() : 0);
                entries.add(entry);
            }
        } catch (IOException e) {
            throw BitDustException.unavailable("cannot list " + folder + ": " + e.getMessage());
        }
        entries.sort(Comparator.comparing((Map<String, Object> e) -> !"dir".equals(e.get("type")))
                .thenComparing(e -> (String) e.get("name")));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("path", folder.toString());
        result.put("parent", folder.getParent() == null ? null : folder.getParent().toString());
        result.put("items", entries);
        return result;
    }

    /**
     * {@link #tasks()} with their {@code token}, answered as soon as the tasks differ from those of the answer whose
     * token is {@code seen} (from those found at the call when none is given), or after {@code wait} seconds: whoever
     * follows a job learns that it ended at once, without asking many times a second, even when it ended between two
     * calls.
     */
    private Object tasks(double wait, String seen) {
        Map<String, Object> tasks = tasks();
        String token = token(tasks);
        String shown = seen == null ? token : seen;
        long deadline = System.nanoTime() + (long) (wait * 1e9);
        try {
            for (long left = deadline - System.nanoTime(); token.equals(shown) && left > 0;
                    left = deadline - System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(LOOK_MILLIS, left / 1_000_000)));
                tasks = tasks();
                token = token(tasks);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.put("token", token);
        return tasks;
    }

    /**
     * @return 16 hex digits that change when a task appears, goes or changes its state: a hash of each task's list,
     *     creation, path ID, backup ID and state
     */
    private static String token(Map<String, Object> tasks) {
        List<String> states = new ArrayList<>();
        for (Map.Entry<String, Object> list : tasks.entrySet()) {
            for (Object entry : (List<?>) list.getValue()) {
                Map<?, ?> task = (Map<?, ?>) entry;
                states.add(String.join("\n", list.getKey(), String.valueOf(task.get("created")),
                        String.valueOf(task.get("path_id")), String.valueOf(task.get("backup_id")),
                        String.valueOf(task.get("state"))));
            }
        }
        Collections.sort(states);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(String.join("\n\n", states)
                    .getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Backups queued, running and ended lately; restores running and ended lately; each with a state. */
    private Map<String, Object> tasks() {
        List<Object> backups = new ArrayList<>();
        for (Object entry : (List<?>) call("backups_queue", Map.of())) {
            Map<?, ?> queued = (Map<?, ?>) entry;
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("path_id", queued.get("path_id"));
            task.put("backup_id", null);
            task.put("source_path", queued.get("local_path"));
            task.put("state", "queued");
            task.put("bytes_processed", 0);
            task.put("total_size", 0);
            task.put("progress", 0.0);
            task.put("rate_bps", 0);
            task.put("eta_seconds", -1);
            task.put("error", null);
            task.put("created", queued.get("created"));
            backups.add(task);
        }
        backups.addAll((List<?>) call("backups_running", Map.of("finished", true)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backups", backups);
        result.put("restores", call("restores_running", Map.of("finished", true)));
        return result;
    }

    /** The seed's stats, from what the storage areas say; an area that is not running counts as empty. */
    private Object stats() {
        Map<?, ?> donated = optionalMap("space_donated");
        Map<?, ?> consumed = optionalMap("space_consumed");
        List<?> suppliers = optionalList("suppliers_list");
        List<?> items = optionalList("backups_list");
        long files = items.stream().filter(item -> "file".equals(((Map<?, ?>) item).get("type"))).count();
        long indexed = items.stream().filter(item -> "file".equals(((Map<?, ?>) item).get("type")))
                .mapToLong(item -> ((Number) ((Map<?, ?>) item).get("size")).longValue()).sum();
        long online = suppliers.stream().filter(s -> Boolean.TRUE.equals(((Map<?, ?>) s).get("online"))).count();
        long bytesDonated = number(donated, "donated_bytes");
        long bytesNeeded = number(consumed, "needed_bytes");
        long usedTotal = number(consumed, "used_bytes");
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("bytes_donated", bytesDonated);
        stats.put("bytes_indexed", indexed);
        stats.put("bytes_needed", bytesNeeded);
        stats.put("bytes_used_supplier", number(donated, "used_bytes"));
        stats.put("bytes_used_total", usedTotal);
        stats.put("customers", number(donated, "customers_num"));
        stats.put("files_count", files);
        stats.put("folders_count", (long) items.size() - files);
        stats.put("items_count", (long) items.size());
        stats.put("max_suppliers", number(consumed, "suppliers_num"));
        stats.put("online_suppliers", online);
        stats.put("suppliers", suppliers.size());
        stats.put("timestamp", System.currentTimeMillis() / 1000.0);
        stats.put("value_donated", DiskSize.ofBytes(bytesDonated).toHumanString());
        stats.put("value_needed", DiskSize.ofBytes(bytesNeeded).toHumanString());
        stats.put("value_used_total", DiskSize.ofBytes(usedTotal).toHumanString());
        return stats;
    }

    private Map<?, ?> optionalMap(String function) {
        ApiResult result = api.call(function, Map.of());
        return result.ok() && result.result() instanceof Map ? (Map<?, ?>) result.result() : Map.of();
    }

    private List<?> optionalList(String function) {
        ApiResult result = api.call(function, Map.of());
        return result.ok() && result.result() instanceof List ? (List<?>) result.result() : List.of();
    }

    private static long number(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    private Object call(String function, Map<String, ?> parameters) {
        ApiResult result = api.call(function, parameters);
        if (!result.ok()) {
            throw new BitDustException(result.code(), String.join("; ", result.errors()));
        }
        return result.result();
    }

    private static String text(Map<?, ?> params, String name, String fallback) {
        Object value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String)) {
            throw BitDustException.invalid("the file manager's " + name + " must be text");
        }
        return (String) value;
    }

    /** @return the number of seconds {@code name} gives, 0 when absent, from 0 to {@code max} */
    private static double seconds(Map<?, ?> params, String name, double max) {
        Object value = params.get(name);
        if (value == null) {
            return 0;
        }
        // not a number, NaN included, fails the range check
        double seconds = value instanceof Number ? ((Number) value).doubleValue() : Double.NaN;
        if (!(seconds >= 0 && seconds <= max)) {
            throw BitDustException.invalid("the file manager's " + name + " must be a number of seconds from 0 to "
                    + (long) max);
        }
        return seconds;
    }

    private static String required(Map<?, ?> params, String name) {
        String value = text(params, name, null);
        if (value == null || value.isBlank()) {
            throw BitDustException.invalid("the file manager's request needs " + name);
        }
        return value;
    }
}
