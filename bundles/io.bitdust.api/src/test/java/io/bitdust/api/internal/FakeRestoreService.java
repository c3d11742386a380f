package io.bitdust.api.internal;

import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.restore.RestoreJob;
import io.bitdust.restore.RestoreService;
import io.bitdust.restore.RestoreState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A neighbour's interface stand-in: restores of complete versions of a {@link FakeCatalog}, with the real service's
 * rules and messages for what the API calls. A started job runs at once and stays running (nothing is read) until a
 * test calls {@link #progress} or it is aborted.
 */
final class FakeRestoreService implements RestoreService {
    static final String OWNER = "http://127.0.0.1:8084/alice.json";

    private final FakeCatalog catalog;
    private final Map<String, RestoreJob> running = new LinkedHashMap<>();
    private final LinkedList<RestoreJob> finished = new LinkedList<>();
    private RestoreState abortOutcome = RestoreState.ABORTED;

    FakeRestoreService(FakeCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public synchronized RestoreJob start(String backupId, Path destination, ExistingFilePolicy policy) {
        CatalogVersion version = catalog.version(backupId).filter(v -> v.state() == VersionState.COMPLETE)
                .orElseThrow(() -> BitDustException.notFound("no complete version " + backupId + " in the catalog"));
        if (running.containsKey(backupId)) {
            throw new BitDustException(ErrorCode.CONFLICT, "a restore of " + backupId + " is running");
        }
        Instant now = Instant.now();
        RestoreJob job = new RestoreJob(backupId, version.pathId(), version.name(), OWNER, destination.toString(),
                RestoreState.RUNNING, now, now, null, version.eccMap(), 0, version.blocks(), 0, version.bytes(), 0, -1,
                null, 0, List.of(), 0, List.of());
        running.put(backupId, job);
        return job;
    }

    /** The running restore of {@code backupId} has restored {@code blocks} blocks of {@code bytes}. */
    synchronized void progress(String backupId, long blocks, long bytes) {
        RestoreJob j = running.get(backupId);
        running.put(backupId, new RestoreJob(j.backupId(), j.pathId(), j.version(), j.creatorId(), j.destination(),
                j.state(), j.created(), j.started(), null, j.eccMap(), blocks, j.blockCount(), bytes, j.totalBytes(),
                bytes, -1, null, 0, List.of(), 0, List.of()));
    }

    @Override
    public synchronized List<RestoreJob> running() {
        return List.copyOf(running.values());
    }

    @Override
    public synchronized List<RestoreJob> finished() {
        return List.copyOf(finished);
    }

    @Override
    public synchronized Optional<RestoreJob> job(String backupId) {
        return Optional.ofNullable(running.get(backupId))
                .or(() -> finished.stream().filter(j -> j.backupId().equals(backupId)).findFirst());
    }

    /**
     * How the next abort ends, as the real service's can: ABORTED (the default), DONE (the job had finished unpacking
     * already) or RUNNING (it did not end within the abort's wait).
     */
    synchronized void nextAbortEndsIn(RestoreState state) {
        abortOutcome = state;
    }

    @Override
    public synchronized RestoreJob abort(String backupId) {
        RestoreJob j = running.get(backupId);
        if (j == null) {
            throw BitDustException.notFound("no restore of backup " + backupId + " is queued or running");
        }
        RestoreState outcome = abortOutcome;
        abortOutcome = RestoreState.ABORTED;
        if (outcome == RestoreState.RUNNING) {
            return j;
        }
        running.remove(backupId);
        if (outcome == RestoreState.DONE) {
            RestoreJob done = new RestoreJob(j.backupId(), j.pathId(), j.version(), j.creatorId(), j.destination(),
                    RestoreState.DONE, j.created(), j.started(), Instant.now(), j.eccMap(), j.blockCount(),
                    j.blockCount(), j.totalBytes(), j.totalBytes(), 0, 0, null, 0, List.of(), 0, List.of());
            finished.addFirst(done);
            return done;
        }
        // what it unpacked into its staging folder is removed: the destination stays as it was
        RestoreJob aborted = new RestoreJob(j.backupId(), j.pathId(), j.version(), j.creatorId(), j.destination(),
                RestoreState.ABORTED, j.created(), j.started(), Instant.now(), j.eccMap(), j.blocksDone(),
                j.blockCount(), j.bytesWritten(), j.totalBytes(), 0, 0, null, 0, List.of(), 0, List.of());
        finished.addFirst(aborted);
        return aborted;
    }

    @Override
    public Map<String, Integer> badDataBySupplier() {
        return Map.of();
    }
}
