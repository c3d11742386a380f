package io.bitdust.catalog;

/**
 * How much of a version its suppliers hold: the fragments recorded for it and how many of them a supplier
 * acknowledged. A complete version may lack some (a position given up during its backup, a fragment a supplier lost),
 * until they are rebuilt.
 *
 * @param fragments the fragments recorded
 * @param delivered how many of them are delivered
 */
public record VersionDelivery(int fragments, int delivered) {
    /** @return whether every recorded fragment is delivered */
    public boolean whole() {
        return delivered == fragments;
    }
}
