package io.bitdust.catalog;

/**
 * What {@link Catalog#importExport} did.
 *
 * @param exportRevision the revision the export carried
 * @param revision       the catalog's revision afterwards, higher than both its own before and the export's
 * @param itemsAdded     how many items the catalog did not know and added
 * @param versionsAdded  how many versions the catalog did not know and added
 */
public record ImportResult(long exportRevision, long revision, int itemsAdded, int versionsAdded) {
}
