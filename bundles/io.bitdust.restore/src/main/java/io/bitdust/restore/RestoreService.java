package io.bitdust.restore;

import io.bitdust.common.BitDustException;
import io.bitdust.pipeline.ExistingFilePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Restores complete versions of the catalog from the suppliers of my family into local folders. A restore checks
 * the owner-signed manifest, treats missing and bad fragments as erasures, and moves the entries into the
 * destination only once every block is restored and authenticated: a restore that fails or is aborted leaves the
 * destination as it was. A few restores run at once, the others wait in turn. Thread-safe.
 */
@ProviderType
public interface RestoreService {
    /**
     * Checks the request and starts a restore on the area's own threads; returns at once.
     *
     * @param backupId    the version to restore, {@code <pathID>/<version name>}
     * @param destination the folder to restore into: absolute, an existing folder or one that can be created
     * @param policy      what to do where a restored entry exists already
     * @return the job, {@link RestoreState#QUEUED} or already further
     * @throws BitDustException INVALID_ARGUMENT for a missing backup ID or policy, a destination that is not
     *     absolute, exists and is not a folder, or cannot be created or written; NOT_FOUND when the catalog does not
     *     know the backup ID or the version is not complete; CONFLICT when a restore of that backup ID is queued or
     *     running; UNAVAILABLE when the node has no keys or identity, no supplier is hired, or the service is
     *     stopping. A refused request changes nothing.
     */
    RestoreJob start(String backupId, Path destination, ExistingFilePolicy policy);

    /** @return the jobs queued and running, oldest first */
    List<RestoreJob> running();

    /** @return the jobs that ended, most recent first; the last 50 are kept, in memory only */
    List<RestoreJob> finished();

    /**
     * @param backupId a backup ID
     * @return its queued or running job, else its most recent finished one, else empty
     */
    Optional<RestoreJob> job(String backupId);

    /**
     * Aborts the queued or running restore of a backup ID: it stops at once where it waits for a supplier, and what
     * it unpacked is removed, so the destination is left as it was. Waits a few seconds for the job to end.
     *
     * @param backupId the backup ID
     * @return the job, {@link RestoreState#ABORTED} once it ended ({@link RestoreState#DONE} when it had finished
     *     unpacking already)
     * @throws BitDustException NOT_FOUND when no restore of that backup ID is queued or running
     */
    RestoreJob abort(String backupId);

    /**
     * @return per supplier IDURL, how many times its fragments served bad data (one count per block) in the restores
     *     since the service started, sorted by IDURL
     */
    Map<String, Integer> badDataBySupplier();
}
