package io.bitdust.api.internal;

import io.bitdust.catalog.Catalog;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.restore.RestoreJob;
import io.bitdust.restore.RestoreService;
import io.bitdust.restore.RestoreState;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The restores area: {@code restore_single}, {@code restores_running}, {@code restore_abort}. A restore writes the
 * item under the destination folder by its name; without a destination, into the folder the item was backed up
 * from, so that it comes back where it was. As the seed warns, existing files there are overwritten.
 */
final class RestoresFunctions implements ApiArea {
    static final String AREA = "restores";

    final AreaService<Catalog> catalog = new AreaService<>("catalog");
    final AreaService<RestoreService> restores = new AreaService<>(AREA);

    @Override
    public String name() {
        return AREA;
    }

    @Override
    public List<AreaService<?>> services() {
        return List.of(catalog, restores);
    }

    @Override
    public List<Operation> operations() {
        return List.of(
                Operation.named("restore_single", AREA, "Download and unpack an item or a version (existing files "
                        + "at the destination are overwritten)")
                        .required("pathID_or_backupID_or_localPath", "path ID, backup ID or local path")
                        .optionalPath("destinationPath", LocalPaths.Use.ANY, "folder to restore into; by default "
                                + "the folder the item was backed up from")
                        .does(args -> {
                            Path given = args.path("destinationPath");
                            RestoreService service = restores.get();
                            CatalogVersion version = version(args.string("pathID_or_backupID_or_localPath"));
                            Path destination = given != null ? given : original(version);
                            RestoreJob job = service.start(version.backupId(), destination,
                                    ExistingFilePolicy.OVERWRITE);
                            return "downloading of version " + job.backupId() + " has been started to "
                                    + job.destination();
                        }),
                Operation.named("restores_running", AREA, "Restores in progress, with their progress")
                        .optional("finished", "boolean", false, "also the restores that ended lately, newest first, "
                                + "with their state and error")
                        .does(args -> {
                            RestoreService service = restores.get();
                            List<RestoreJob> jobs = new ArrayList<>(service.running());
                            if (args.bool("finished")) {
                                jobs.addAll(service.finished());
                            }
                            return jobs.stream().map(RestoresFunctions::entry).collect(Collectors.toList());
                        }),
                Operation.named("restore_abort", AREA, "Abort a restore in progress; what it unpacked is removed")
                        .required("backup_id", "backup ID")
                        .does(args -> {
                            RestoreJob job = restores.get().abort(args.string("backup_id").trim());
                            switch (job.state()) {
                                case ABORTED:
                                    return "restore of " + job.backupId() + " was aborted";
                                case DONE:
                                    return "restore of " + job.backupId() + " had finished already: nothing was "
                                            + "aborted";
                                case FAILED:
                                    return "restore of " + job.backupId() + " had failed already: " + job.error();
                                default:
                                    return "restore of " + job.backupId() + " is being aborted; it is still "
                                            + job.state().toString().toLowerCase(Locale.ROOT)
                                            + " (see restores_running)";
                            }
                        }));
    }

    @Override
    public void health(Map<String, Object> health, List<String> warnings) {
        RestoreService running = restores.current();
        if (running != null) {
            health.put("restores", Map.of("running", running.running().size()));
        }
    }

    /** @return the version a path ID (its newest complete version), a backup ID or a local path names */
    private CatalogVersion version(String given) {
        String text = given.trim();
        Catalog known = catalog.get();
        Optional<CatalogVersion> version = known.version(text);
        if (version.isPresent()) {
            return version.get();
        }
        Optional<CatalogItem> item = known.item(text);
        if (item.isEmpty() && text.startsWith("/") || item.isEmpty() && text.matches("[A-Za-z]:[/\\\\].*")) {
            item = known.itemByLocalPath(LocalPaths.check("pathID_or_backupID_or_localPath", text,
                    LocalPaths.Use.ANY).toString());
        }
        CatalogItem found = item.orElseThrow(() -> BitDustException.notFound("'" + Printable.escape(text)
                + "' is neither a backup ID, a path ID nor a local path in the catalog"));
        List<CatalogVersion> versions = known.versions(found.pathId());
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).state() == VersionState.COMPLETE) {
                return versions.get(i);
            }
        }
        throw BitDustException.notFound("item " + found.pathId() + " (" + found.localPath() + ") has no complete "
                + "version to restore");
    }

    /** @return the folder the version's item was backed up from */
    private Path original(CatalogVersion version) {
        CatalogItem item = catalog.get().item(version.pathId()).orElseThrow(() -> BitDustException.notFound(
                "item " + version.pathId() + " is not in the catalog"));
        if (item.localPath() == null || Paths.get(item.localPath()).getParent() == null) {
            throw BitDustException.invalid("item " + item.pathId() + " has no local folder here: give "
                    + "destinationPath");
        }
        return Paths.get(item.localPath()).getParent();
    }

    /** A job with the seed's fields, and the progress, rate and ETA. */
    static Map<String, Object> entry(RestoreJob job) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("aborted", job.state() == RestoreState.ABORTED);
        entry.put("backup_id", job.backupId());
        entry.put("block_number", job.blocksDone());
        entry.put("bytes_processed", job.bytesWritten());
        entry.put("creator_id", job.creatorId());
        entry.put("done", job.state() == RestoreState.DONE);
        entry.put("created", job.created().toString());
        entry.put("eccmap", job.eccMap());
        entry.put("path_id", job.pathId());
        entry.put("version", job.version());
        entry.put("destination", job.destination());
        entry.put("state", job.state().name().toLowerCase(Locale.ROOT));
        entry.put("progress", job.progress());
        entry.put("total_size", job.totalBytes());
        entry.put("rate_bps", job.rateBytesPerSecond());
        entry.put("eta_seconds", job.etaSeconds());
        entry.put("error", job.error());
        entry.put("rejected_fragments", job.rejectedFragments());
        entry.put("changed_files", job.changedFiles());
        entry.put("bad_suppliers", job.badSuppliers());
        return entry;
    }
}
