package io.bitdust.backup;

import java.util.List;

/**
 * What a synchronisation with the suppliers ({@link BackupService#update()}) did.
 *
 * @param catalog          what happened to the catalog: recovered from the suppliers (an empty catalog), or pushed
 *                         to them, in words
 * @param suppliersListed  suppliers that sent their listing
 * @param fragmentsMissing fragments of complete versions missing where they belong, before the rebuild
 * @param fragmentsRebuilt fragments rebuilt from the others and acknowledged by their supplier
 * @param problems         what could not be done, one line each
 */
public record UpdateResult(String catalog, int suppliersListed, int fragmentsMissing, int fragmentsRebuilt,
        List<String> problems) {
    /** Copies the list. */
    public UpdateResult {
        problems = List.copyOf(problems);
    }
}
