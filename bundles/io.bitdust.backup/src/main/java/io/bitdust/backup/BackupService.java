package io.bitdust.backup;

import io.bitdust.common.BitDustException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Backs up items of the catalog to my suppliers. Jobs wait in a queue and run one at a time, each making a new
 * version of its item; after a version completes, versions beyond {@code services/backups/max-copies} are deleted.
 * Bad input gets INVALID_ARGUMENT, an unknown item or job NOT_FOUND, a request that does not fit the state CONFLICT,
 * a node that cannot back up now UNAVAILABLE; each changes nothing. Thread-safe.
 */
@ProviderType
public interface BackupService {
    /**
     * Queues a backup of an item.
     *
     * @param pathId the item's path ID
     * @return the queued job
     * @throws BitDustException NOT_FOUND for an unknown item or when its local path is gone; CONFLICT when a job of
     *     that item is queued or running; UNAVAILABLE when backups are disabled, no supplier is hired at every
     *     position, or the node has no keys
     */
    BackupJob start(String pathId);

    /**
     * Synchronises with the suppliers, in the background: an empty catalog is recovered from the newest valid copy
     * the suppliers keep; every supplier's listing is compared with the catalog; what a position lacks is rebuilt
     * from the other positions and sent; unfinished versions are cleaned up; the catalog is pushed to every supplier.
     * Also runs by itself when a supplier position changes. A call while one runs gets the next one, which starts
     * when it ends; calls while that one waits join it.
     *
     * @return what it did, once done; fails UNAVAILABLE when the node has no identity or no supplier is hired
     */
    CompletionStage<UpdateResult> update();

    /** @return the jobs waiting to run, oldest first */
    List<BackupJob> queue();

    /** @return the jobs running */
    List<BackupJob> running();

    /** @return the jobs that ended, newest first; the last 50 are kept while the node runs */
    List<BackupJob> finished();

    /**
     * @param pathId an item's path ID
     * @return the job of that item removed from the queue, {@link BackupState#CANCELLED}
     * @throws BitDustException NOT_FOUND when no job of that item waits
     */
    BackupJob cancelPending(String pathId);

    /**
     * Aborts a running job: its version ends {@code ABORTED} and its fragments are deleted at the suppliers.
     *
     * @param backupId the backup ID of the running job's version
     * @return the job, {@link BackupJob#aborting()} until it stops
     * @throws BitDustException NOT_FOUND when no job of that version runs
     */
    BackupJob abort(String backupId);

    /**
     * Deletes a version, or an item with everything under it, from the catalog, the suppliers and this machine.
     *
     * @param pathIdOrBackupId a path ID or a backup ID
     * @return what was deleted
     * @throws BitDustException NOT_FOUND for an unknown item or version; CONFLICT when a job of it is running
     */
    Deletion delete(String pathIdOrBackupId);

    /**
     * Removes the local copies of a version's fragments; the suppliers keep theirs.
     *
     * @param backupId a backup ID
     * @return what was removed
     * @throws BitDustException NOT_FOUND for an unknown version
     */
    Deletion deleteLocal(String backupId);
}
