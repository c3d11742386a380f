package io.bitdust.catalog;

import java.time.Instant;

/**
 * An item of the catalog: a file or a folder.
 *
 * @param pathId    its path ID, e.g. {@code 0/1/5}: the item IDs of its ancestors and its own, each an integer unique
 *                  among its siblings
 * @param parentId  the path ID of its folder, null for a top-level item
 * @param name      its name (the last component of its local path)
 * @param localPath the local path it was added from, null for an item known only from an imported catalog export
 *                  whose local path is used by another item here, and for a placeholder
 * @param type      a file or a folder
 * @param size      its size in bytes when added
 * @param created   when it was added
 */
public record CatalogItem(String pathId, String parentId, String name, String localPath, ItemType type, long size,
        Instant created) {
    /** What the name of a placeholder item starts with. */
    public static final String PLACEHOLDER_PREFIX = "recovered-";

    /**
     * The name of a placeholder: an item the catalog adds for a version it adopted from the suppliers
     * ({@link Catalog#adoptVersion}) while it does not know the item, e.g. {@code recovered-3-0-12} for path ID
     * {@code 3/0/12}.
     *
     * @param pathId the item's path ID
     * @return {@value #PLACEHOLDER_PREFIX} and the path ID with {@code -} for {@code /}
     */
    public static String placeholderName(String pathId) {
        return PLACEHOLDER_PREFIX + pathId.replace('/', '-');
    }

    /** @return whether this is a placeholder: no local path and the {@link #placeholderName} of its path ID */
    public boolean placeholder() {
        return localPath == null && name.equals(placeholderName(pathId));
    }
}
