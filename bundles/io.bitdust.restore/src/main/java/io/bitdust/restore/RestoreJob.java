package io.bitdust.restore;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one restore job. Immutable; ask {@link RestoreService#job} again for a newer one.
 *
 * @param backupId          the version restored, {@code <pathID>/<version name>}
 * @param pathId            the item's path ID
 * @param version           the version name, e.g. {@code F20160313043757PM}
 * @param creatorId         the IDURL of the version's owner, whose suppliers it is read from (the seed's
 *                          {@code creator_id}): mine
 * @param destination       the absolute folder it is restored into
 * @param state             where the job is
 * @param created           when {@link RestoreService#start} accepted it
 * @param started           when it began to run, null while queued (and when aborted while queued)
 * @param ended             when it ended, null until then
 * @param eccMap            the erasure-coding map the version was packed with, e.g. {@code ecc/4x4}
 * @param blocksDone        blocks restored so far
 * @param blockCount        the version's blocks, as the catalog knows them
 * @param bytesWritten      bytes of file content written so far (into a staging folder until the job is done)
 * @param totalBytes        the version's bytes, as the catalog knows them
 * @param rateBytesPerSecond bytes written per second since the job started, 0 before
 * @param etaSeconds        seconds left at that rate, 0 once done, -1 when unknown
 * @param error             why the job failed, null unless {@link RestoreState#FAILED}
 * @param rejectedFragments how many fragments were missing, damaged or foreign and counted as erasures
 * @param badSuppliers      the IDURLs of the suppliers whose fragments served bad data (damaged, foreign, not matching
 *                          the signed manifest), sorted; missing fragments do not count
 * @param entries           files, folders and links restored, known once the job is done
 * @param changedFiles      files the backup found changing while it read them, as {@code name: what happened}: they
 *                          are restored as read, which may mix old and new content; known once the job is done
 */
public record RestoreJob(String backupId, String pathId, String version, String creatorId, String destination,
        RestoreState state,
        Instant created, Instant started, Instant ended, String eccMap, long blocksDone, long blockCount,
        long bytesWritten, long totalBytes, long rateBytesPerSecond, long etaSeconds, String error,
        long rejectedFragments, List<String> badSuppliers, long entries, List<String> changedFiles) {
    /** Copies the lists. */
    public RestoreJob {
        badSuppliers = List.copyOf(badSuppliers);
        changedFiles = List.copyOf(changedFiles);
    }

    /** @return how far the job is, in percent of its blocks: 0 to 100, 100 once done */
    public double progress() {
        if (state == RestoreState.DONE) {
            return 100.0;
        }
        if (blockCount <= 0) {
            return 0.0;
        }
        return Math.min(100.0, 100.0 * blocksDone / blockCount);
    }
}
