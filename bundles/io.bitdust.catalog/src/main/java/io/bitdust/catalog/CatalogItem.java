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
 *                  whose local path is used by another item here
 * @param type      a file or a folder
 * @param size      its size in bytes when added
 * @param created   when it was added
 */
public record CatalogItem(String pathId, String parentId, String name, String localPath, ItemType type, long size,
        Instant created) {
}
