package io.bitdust.backup;

import java.util.List;

/**
 * What a deletion did.
 *
 * @param versions     the backup IDs of the versions deleted from the catalog
 * @param objects      how many objects the suppliers were asked to delete
 * @param suppliers    how many suppliers confirmed the deletion
 * @param unconfirmed  the suppliers that did not confirm, as {@code IDURL: reason}; they delete the objects when a
 *                     later deletion or rebuild reaches them, or when the contract ends
 * @param localFiles   local copies removed
 * @param localBytes   their bytes
 */
public record Deletion(List<String> versions, int objects, int suppliers, List<String> unconfirmed, int localFiles,
        long localBytes) {
    /** Copies the lists. */
    public Deletion {
        versions = List.copyOf(versions);
        unconfirmed = List.copyOf(unconfirmed);
    }
}
