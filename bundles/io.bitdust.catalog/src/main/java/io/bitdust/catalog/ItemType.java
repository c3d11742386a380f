package io.bitdust.catalog;

/** What a catalog item is. */
public enum ItemType {
    /** A file: it has versions. */
    FILE,
    /** A folder: it has children; a folder backed up as a whole (a tree) has versions too. */
    DIR
}
