package io.bitdust.api.internal;

import io.bitdust.backup.BackupJob;
import io.bitdust.backup.BackupService;
import io.bitdust.backup.Deletion;
import io.bitdust.catalog.Catalog;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.ItemType;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.VersionDelivery;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.common.DiskSize;
import io.bitdust.common.ErrorCode;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The backups area: the catalog of my files and folders and the jobs that back them up to my suppliers. The seed's
 * functions with its parameters and result texts: {@code backups_list}, {@code backups_id_list},
 * {@code backup_start_id}, {@code backup_start_path}, {@code backup_dir_add}, {@code backup_file_add},
 * {@code backup_tree_add}, {@code backup_delete_local}, {@code backup_delete_id}, {@code backup_delete_path},
 * {@code backups_queue}, {@code backups_running}, {@code backup_cancel_pending}, {@code backup_abort_running}.
 */
final class BackupsFunctions implements ApiArea {
    static final String AREA = "backups";
    /** The most entries {@code backup_tree_add} adds in one call. */
    static final int MAX_TREE_ENTRIES = 100_000;

    final AreaService<Catalog> catalog = new AreaService<>("catalog");
    final AreaService<BackupService> backups = new AreaService<>(AREA);

    @Override
    public String name() {
        return AREA;
    }

    @Override
    public List<AreaService<?>> services() {
        return List.of(catalog, backups);
    }

    @Override
    public List<Operation> operations() {
        return List.of(
                Operation.named("backups_update", AREA, "Synchronise with the suppliers in the background: recover an "
                        + "empty catalog, compare their listings, rebuild what is missing, push the catalog")
                        .does(args -> {
                            BackupService service = backups.get();
                            service.update();
                            return "synchronising with the suppliers started; the log and backups_list show the "
                                    + "result";
                        }),
                Operation.named("backups_list", AREA, "The whole catalog of files and folders, with their versions")
                        .does(args -> list()),
                Operation.named("backups_id_list", AREA, "The complete versions stored on suppliers")
                        .does(args -> idList()),
                Operation.named("backup_start_id", AREA, "Back up an item of the catalog by its path ID")
                        .required("pathID", "path ID")
                        .does(args -> started(backups.get().start(pathId(args.string("pathID"))))),
                Operation.named("backup_start_path", AREA, "Add a file or folder to the catalog and back it up")
                        .path("path", LocalPaths.Use.FILE_OR_FOLDER, "local path of a file or folder")
                        .does(args -> {
                            BackupService service = backups.get();
                            return started(service.start(add(args.path("path")).pathId()));
                        }),
                Operation.named("backup_dir_add", AREA, "Add a folder to the catalog without uploading")
                        .path("dirpath", LocalPaths.Use.FOLDER, "local folder")
                        .does(args -> {
                            CatalogItem item = add(args.path("dirpath"));
                            return "new folder was added: " + item.pathId() + ", local path is " + item.localPath();
                        }),
                Operation.named("backup_file_add", AREA, "Add a file to the catalog without uploading")
                        .path("filepath", LocalPaths.Use.FILE, "local file")
                        .does(args -> {
                            CatalogItem item = add(args.path("filepath"));
                            return "new file was added: " + item.pathId() + ", local path is " + item.localPath();
                        }),
                Operation.named("backup_tree_add", AREA, "Add a folder and everything under it to the catalog")
                        .path("dirpath", LocalPaths.Use.FOLDER, "local folder")
                        .does(args -> addTree(args.path("dirpath"))),
                Operation.named("backup_delete_local", AREA, "Remove the local copies of a version; the suppliers "
                        + "keep theirs")
                        .required("backupID", "backup ID")
                        .does(args -> {
                            Deletion local = backups.get().deleteLocal(args.string("backupID").trim());
                            return local.localFiles() + " files were removed with total size of "
                                    + DiskSize.ofBytes(local.localBytes()).toHumanString();
                        }),
                Operation.named("backup_delete_id", AREA, "Delete an item or a version, locally and remotely")
                        .required("pathID_or_backupID", "path ID or backup ID")
                        .does(args -> deleted(args.string("pathID_or_backupID").trim())),
                Operation.named("backup_delete_path", AREA, "Delete everything stored for a local path")
                        .path("localPath", LocalPaths.Use.ANY, "local path")
                        .does(args -> {
                            String path = args.path("localPath").toString();
                            CatalogItem item = catalog.get().itemByLocalPath(path).orElseThrow(() ->
                                    BitDustException.notFound("the catalog has no item for " + path));
                            return deleted(item.pathId());
                        }),
                Operation.named("backups_queue", AREA, "Backups waiting to start")
                        .does(args -> backups.get().queue().stream().map(BackupsFunctions::queued)
                                .collect(Collectors.toList())),
                Operation.named("backups_running", AREA, "Backups in progress, with their progress")
                        .optional("finished", "boolean", false, "also the backups that ended lately, newest first, "
                                + "with their state and error")
                        .does(args -> {
                            BackupService service = backups.get();
                            List<BackupJob> jobs = new ArrayList<>(service.running());
                            if (args.bool("finished")) {
                                jobs.addAll(service.finished());
                            }
                            return jobs.stream().map(BackupsFunctions::running).collect(Collectors.toList());
                        }),
                Operation.named("backup_cancel_pending", AREA, "Remove a waiting backup from the queue")
                        .required("path_id", "path ID")
                        .does(args -> "backup of " + backups.get().cancelPending(pathId(args.string("path_id")))
                                .pathId() + " was cancelled"),
                Operation.named("backup_abort_running", AREA, "Abort a backup in progress")
                        .required("backup_id", "backup ID")
                        .does(args -> "backup " + backups.get().abort(args.string("backup_id").trim()).backupId()
                                + " is being aborted"));
    }

    @Override
    public void health(Map<String, Object> health, List<String> warnings) {
        BackupService running = backups.current();
        if (running == null) {
            return;
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("queued", running.queue().size());
        state.put("running", running.running().size());
        health.put("backups", state);
    }

    private static String pathId(String text) {
        String pathId = text.trim();
        if (!pathId.matches("(0|[1-9][0-9]{0,8})(/(0|[1-9][0-9]{0,8}))*")) {
            throw BitDustException.invalid("'" + Printable.escape(text) + "' is not a path ID (e.g. 0/1/5)");
        }
        return pathId;
    }

    private CatalogItem add(Path path) {
        boolean folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        try {
            return catalog.get().add(List.of(folder ? NewItem.folder(path.toString())
                    : NewItem.file(path.toString(), Files.size(path)))).get(0);
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private String addTree(Path root) {
        List<NewItem> entries = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    entries.add(NewItem.folder(dir.toString()));
                    return limit();
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        entries.add(NewItem.file(file.toString(), attributes.size()));
                    }
                    return limit();
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                private FileVisitResult limit() {
                    if (entries.size() > MAX_TREE_ENTRIES) {
                        throw BitDustException.invalid(root + " holds more than " + MAX_TREE_ENTRIES
                                + " files and folders; add it with backup_dir_add, which backs it up whole");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "cannot read " + root + ": " + e.getMessage(), e);
        }
        Catalog known = catalog.get();
        long before = entries.stream().filter(entry -> known.itemByLocalPath(entry.localPath()).isEmpty()).count();
        List<CatalogItem> items = known.add(entries);
        return before + " items were added to catalog, parent path ID is " + items.get(0).pathId()
                + ", root folder is " + root;
    }

    private List<Map<String, Object>> list() {
        Catalog known = catalog.get();
        Map<String, List<CatalogVersion>> versions = known.allVersions().stream()
                .collect(Collectors.groupingBy(CatalogVersion::pathId, LinkedHashMap::new, Collectors.toList()));
        Map<String, VersionDelivery> deliveries = known.deliveries();
        List<Map<String, Object>> result = new ArrayList<>();
        for (CatalogItem item : known.tree()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", item.localPath());
            entry.put("versions", versions.getOrDefault(item.pathId(), List.of()).stream()
                    .map(version -> version(version, deliveries.getOrDefault(version.backupId(),
                            new VersionDelivery(0, 0)))).collect(Collectors.toList()));
            entry.put("type", item.type() == ItemType.DIR ? "parent" : "file");
            entry.put("id", item.pathId());
            entry.put("size", item.size());
            result.add(entry);
        }
        return result;
    }

    private static Map<String, Object> version(CatalogVersion version, VersionDelivery delivery) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("version", version.name());
        entry.put("backup_id", version.backupId());
        entry.put("state", version.state().name().toLowerCase(Locale.ROOT));
        entry.put("blocks", version.blocks());
        entry.put("size", DiskSize.ofBytes(version.bytes()).toHumanString());
        entry.put("bytes", version.bytes());
        entry.put("created", version.created().toString());
        entry.put("eccmap", version.eccMap());
        entry.put("fragments", delivery.fragments());
        entry.put("delivered", delivery.delivered());
        return entry;
    }

    private List<Map<String, Object>> idList() {
        Catalog known = catalog.get();
        List<Map<String, Object>> result = new ArrayList<>();
        for (CatalogVersion version : known.allVersions()) {
            if (version.state() != VersionState.COMPLETE) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("backupid", version.backupId());
            entry.put("path", known.item(version.pathId()).map(CatalogItem::localPath).orElse(null));
            entry.put("size", DiskSize.ofBytes(version.bytes()).toHumanString());
            entry.put("bytes", version.bytes());
            entry.put("created", version.created().toString());
            result.add(entry);
        }
        return result;
    }

    private String deleted(String id) {
        Deletion deletion = backups.get().delete(id);
        String what = id.equals(deletion.versions().size() == 1 ? deletion.versions().get(0) : null)
                ? "version " + id : "item " + id;
        String text = what + " was deleted from remote peers";
        if (!deletion.unconfirmed().isEmpty()) {
            text += " (" + deletion.unconfirmed().size() + " suppliers have not confirmed yet: "
                    + String.join("; ", deletion.unconfirmed()) + ")";
        }
        return text;
    }

    private static String started(BackupJob job) {
        return "uploading " + job.pathId() + " started, local path is: " + job.localPath();
    }

    private static Map<String, Object> queued(BackupJob job) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("created", job.created().toString());
        entry.put("id", job.id());
        entry.put("local_path", job.localPath());
        entry.put("path_id", job.pathId());
        return entry;
    }

    /** A job with the seed's progress fields, and the rate and ETA. */
    static Map<String, Object> running(BackupJob job) {
        Instant now = Instant.now();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("aborting", job.aborting());
        entry.put("backup_id", job.backupId());
        entry.put("path_id", job.pathId());
        entry.put("block_number", job.blocks());
        entry.put("block_size", job.blockSize());
        entry.put("bytes_processed", job.bytesProcessed());
        entry.put("closed", job.state().ended());
        entry.put("eccmap", job.eccMap());
        entry.put("eof_state", job.totalBytes() > 0 && job.bytesProcessed() >= job.totalBytes());
        entry.put("pipe", 0);
        entry.put("progress", job.progress());
        entry.put("reading", !job.state().ended() && job.bytesProcessed() < job.totalBytes());
        entry.put("source_path", job.localPath());
        entry.put("terminating", job.aborting());
        entry.put("total_size", job.totalBytes());
        entry.put("work_blocks", job.blocks());
        entry.put("state", job.state().name().toLowerCase(Locale.ROOT));
        entry.put("rate_bps", Math.round(job.rate(now)));
        entry.put("eta_seconds", job.etaSeconds(now));
        entry.put("created", job.created().toString());
        entry.put("error", job.error());
        entry.put("warning", job.warning());
        return entry;
    }
}
