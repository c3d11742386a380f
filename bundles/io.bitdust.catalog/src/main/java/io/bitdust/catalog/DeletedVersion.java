package io.bitdust.catalog;

import java.time.Instant;

/**
 * A version the catalog deleted and remembers for good (docs/storage.md, "Catalog"): its backup ID is never adopted,
 * imported or started again, and objects of it that a supplier still lists are deleted again.
 *
 * @param backupId the backup ID, {@code <pathID>/<version name>}
 * @param deleted  when it was deleted (here, or on the node whose catalog export brought it)
 * @param blocks   how many blocks it had at most (its fragments at a position are those of blocks 0 to
 *                 {@code blocks - 1}); 0 when none was recorded
 */
public record DeletedVersion(String backupId, Instant deleted, int blocks) {
}
