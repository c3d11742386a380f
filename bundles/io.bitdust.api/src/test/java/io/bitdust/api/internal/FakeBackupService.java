package io.bitdust.api.internal;

import io.bitdust.backup.BackupJob;
import io.bitdust.backup.BackupService;
import io.bitdust.backup.BackupState;
import io.bitdust.backup.Deletion;
import io.bitdust.backup.UpdateResult;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * A neighbour's interface stand-in: the backup service's queue, its one running job and its ended jobs, over a
 * {@link FakeCatalog}, with the real service's rules and messages for what the API calls. Nothing is read or sent:
 * a test moves the jobs along with {@link #runNext()} and {@link #finishRunning}, which records the local copies a
 * finished backup leaves.
 */
final class FakeBackupService implements BackupService {
    static final String ECC_MAP = "ecc/4x4";
    static final int BLOCK_SIZE = 4 * 1024 * 1024;

    private final FakeCatalog catalog;
    private final List<BackupJob> queue = new ArrayList<>();
    private final LinkedList<BackupJob> finished = new LinkedList<>();
    /** Local copies by backup ID: files, bytes. */
    private final Map<String, long[]> localCopies = new HashMap<>();
    private BackupJob running;
    private long nextId = 1;
    /** The suppliers that will not confirm the next deletions, as {@code IDURL: reason}. */
    List<String> unconfirmed = List.of();

    FakeBackupService(FakeCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public synchronized BackupJob start(String pathId) {
        CatalogItem item = catalog.item(pathId).orElseThrow(() -> BitDustException.notFound("no item " + pathId
                + " in the catalog"));
        if (queue.stream().anyMatch(job -> job.pathId().equals(pathId))
                || running != null && running.pathId().equals(pathId)) {
            throw new BitDustException(ErrorCode.CONFLICT, "a backup of " + pathId + " is queued or running");
        }
        BackupJob job = new BackupJob(nextId++, pathId, item.localPath(), null, BackupState.QUEUED, Instant.now(),
                null, null, item.size(), 0, 0, BLOCK_SIZE, ECC_MAP, false, null, null);
        queue.add(job);
        return job;
    }

    /** Starts the oldest queued job, as the service does once the running one ended: its version begins. */
    synchronized BackupJob runNext() {
        if (running != null || queue.isEmpty()) {
            throw new IllegalStateException("a job runs already, or none waits");
        }
        BackupJob job = queue.remove(0);
        CatalogVersion version = catalog.startVersion(job.pathId(), ECC_MAP);
        running = new BackupJob(job.id(), job.pathId(), job.localPath(), version.backupId(), BackupState.RUNNING,
                job.created(), Instant.now(), null, job.totalBytes(), 0, 0, BLOCK_SIZE, ECC_MAP, false, null, null);
        return running;
    }

    /** Ends the running job done: its version completes, and it leaves {@code files} local copies of {@code bytes}. */
    synchronized BackupJob finishRunning(int blocks, long bytes, int files, long localBytes) {
        BackupJob job = running;
        catalog.completeVersion(job.backupId(), blocks, bytes, "manifest-" + job.id());
        localCopies.put(job.backupId(), new long[] {files, localBytes});
        running = null;
        BackupJob done = new BackupJob(job.id(), job.pathId(), job.localPath(), job.backupId(), BackupState.DONE,
                job.created(), job.started(), Instant.now(), job.totalBytes(), job.totalBytes(), blocks,
                BLOCK_SIZE, ECC_MAP, false, null, null);
        finished.addFirst(done);
        return done;
    }

    @Override
    public CompletionStage<UpdateResult> update() {
        throw new UnsupportedOperationException("not asked in these tests");
    }

    @Override
    public synchronized List<BackupJob> queue() {
        return List.copyOf(queue);
    }

    @Override
    public synchronized List<BackupJob> running() {
        return running == null ? List.of() : List.of(running);
    }

    @Override
    public synchronized List<BackupJob> finished() {
        return List.copyOf(finished);
    }

    @Override
    public synchronized BackupJob cancelPending(String pathId) {
        for (BackupJob job : queue) {
            if (job.pathId().equals(pathId)) {
                queue.remove(job);
                BackupJob cancelled = new BackupJob(job.id(), pathId, job.localPath(), null, BackupState.CANCELLED,
                        job.created(), null, Instant.now(), job.totalBytes(), 0, 0, BLOCK_SIZE, ECC_MAP, false, null,
                        null);
                finished.addFirst(cancelled);
                return cancelled;
            }
        }
        throw BitDustException.notFound("no backup of " + pathId + " waits in the queue");
    }

    @Override
    public synchronized BackupJob abort(String backupId) {
        if (running == null || !backupId.equals(running.backupId())) {
            throw BitDustException.notFound("no backup " + backupId + " is running");
        }
        BackupJob job = running;
        running = new BackupJob(job.id(), job.pathId(), job.localPath(), job.backupId(), job.state(), job.created(),
                job.started(), null, job.totalBytes(), job.bytesProcessed(), job.blocks(), BLOCK_SIZE, ECC_MAP, true,
                null, null);
        return running;
    }

    @Override
    public synchronized Deletion delete(String pathIdOrBackupId) {
        String id = pathIdOrBackupId.trim();
        boolean version = catalog.version(id).isPresent();
        if (!version && catalog.item(id).isEmpty()) {
            throw BitDustException.notFound("no item or version " + id + " in the catalog");
        }
        if (running != null && (id.equals(running.backupId()) || running.pathId().equals(id)
                || running.pathId().startsWith(id + "/"))) {
            throw new BitDustException(ErrorCode.CONFLICT, "a backup of " + running.pathId() + " is running: "
                    + "abort it first (backup_abort_running " + running.backupId() + ")");
        }
        queue.removeIf(job -> job.pathId().equals(id) || job.pathId().startsWith(id + "/"));
        List<String> versions = version ? List.of(id) : catalog.allVersions().stream()
                .filter(v -> v.pathId().equals(id) || v.pathId().startsWith(id + "/"))
                .map(CatalogVersion::backupId).collect(Collectors.toList());
        int files = 0;
        long bytes = 0;
        for (String backupId : versions) {
            Deletion local = deleteLocal(backupId);
            files += local.localFiles();
            bytes += local.localBytes();
        }
        if (version) {
            catalog.deleteVersion(id);
        } else {
            catalog.deleteItem(id);
        }
        return new Deletion(versions, versions.size() * 8, 4 - unconfirmed.size(), unconfirmed, files, bytes);
    }

    @Override
    public synchronized Deletion deleteLocal(String backupId) {
        if (catalog.version(backupId).isEmpty()) {
            throw BitDustException.notFound("no version " + backupId + " in the catalog");
        }
        long[] copies = localCopies.remove(backupId);
        return new Deletion(List.of(backupId), 0, 0, List.of(), copies == null ? 0 : (int) copies[0],
                copies == null ? 0 : copies[1]);
    }

    /** @return the local copies a version still has: files and bytes */
    synchronized long[] localCopies(String backupId) {
        return localCopies.getOrDefault(backupId, new long[] {0, 0}).clone();
    }
}
