package io.bitdust.backup;

import java.util.List;

/**
 * What a synchronisation with the suppliers ({@link BackupService#update()}) did.
 *
 * @param catalog          what happened to the catalog: recovered from the suppliers (an empty catalog), or pushed
 *                         to them, in words
 * @param suppliersListed  suppliers that sent their listing
 * @param versionsAdopted  backup IDs of the complete versions the catalog did not know and adopted from their
 *                         owner-signed manifests at the suppliers (docs/storage.md, "Backups")
 * @param fragmentsMissing fragments of complete versions missing where they belong, before the rebuild
 * @param fragmentsRebuilt fragments rebuilt from the others and acknowledged by their supplier
 * @param problems         what could not be done, one line each
 */
public record UpdateResult(String catalog, int suppliersListed, List<String> versionsAdopted, int fragmentsMissing,
        int fragmentsRebuilt, List<String> problems) {
    /** Copies the lists. */
    public UpdateResult {
        versionsAdopted = List.copyOf(versionsAdopted);
        problems = List.copyOf(problems);
    }

    /**
     * A result that adopted no version (the constructor of version 1.0 of this package).
     *
     * @param catalog          what happened to the catalog, in words
     * @param suppliersListed  suppliers that sent their listing
     * @param fragmentsMissing fragments of complete versions missing where they belong, before the rebuild
     * @param fragmentsRebuilt fragments rebuilt from the others and acknowledged by their supplier
     * @param problems         what could not be done, one line each
     */
    public UpdateResult(String catalog, int suppliersListed, int fragmentsMissing, int fragmentsRebuilt,
            List<String> problems) {
        this(catalog, suppliersListed, List.of(), fragmentsMissing, fragmentsRebuilt, problems);
    }
}
