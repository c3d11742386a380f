package io.bitdust.backup;

import java.time.Instant;

/**
 * A snapshot of a backup job. Immutable.
 *
 * @param id             the job's number, unique while the node runs
 * @param pathId         the path ID of the item backed up
 * @param localPath      its local path
 * @param backupId       the backup ID of the version it makes, null while queued
 * @param state          where it is
 * @param created        when it was queued
 * @param started        when it started running, null while queued
 * @param ended          when it ended, null until then
 * @param totalBytes     the size of the item when the job was queued (files under a folder, summed)
 * @param bytesProcessed source bytes read and packed so far
 * @param blocks         blocks completely handed to the suppliers so far
 * @param blockSize      the block size, bytes
 * @param eccMap         the erasure-coding map, e.g. {@code ecc/4x4}
 * @param aborting       whether an abort was asked and the job has not stopped yet
 * @param error          why it failed, null otherwise
 * @param warning        what a job that is done could not do (e.g. positions whose supplier did not take their
 *                       fragments, left for a rebuild), null when nothing
 */
public record BackupJob(long id, String pathId, String localPath, String backupId, BackupState state, Instant created,
        Instant started, Instant ended, long totalBytes, long bytesProcessed, long blocks, int blockSize, String eccMap,
        boolean aborting, String error, String warning) {
    /** @return percent of the item's bytes processed, 0 to 100; 100 once done */
    public double progress() {
        if (state == BackupState.DONE) {
            return 100.0;
        }
        return totalBytes <= 0 ? 0.0 : Math.min(100.0, 100.0 * bytesProcessed / totalBytes);
    }

    /**
     * @param now the time to measure up to
     * @return bytes processed per second since it started, 0 before
     */
    public double rate(Instant now) {
        if (started == null) {
            return 0.0;
        }
        long millis = java.time.Duration.between(started, ended != null ? ended : now).toMillis();
        return millis <= 0 ? 0.0 : bytesProcessed * 1000.0 / millis;
    }

    /**
     * @param now the time to measure up to
     * @return seconds left at the rate so far, -1 when unknown, 0 once ended
     */
    public long etaSeconds(Instant now) {
        if (state.ended()) {
            return 0;
        }
        double rate = rate(now);
        return rate <= 0 ? -1 : (long) Math.ceil(Math.max(0, totalBytes - bytesProcessed) / rate);
    }
}
