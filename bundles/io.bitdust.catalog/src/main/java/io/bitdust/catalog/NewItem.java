package io.bitdust.catalog;

import io.bitdust.common.BitDustException;
import java.util.Objects;

/**
 * An entry to add to the catalog: a local path, what it is and its size. Folders above it that the catalog does not
 * know yet are added as {@link ItemType#DIR} items.
 *
 * @param localPath the absolute local path, components separated by {@code /} (on Windows {@code C:/...}), without
 *                  {@code .} or {@code ..} components
 * @param type      a file or a folder
 * @param size      its size in bytes (0 for a folder), not negative
 */
public record NewItem(String localPath, ItemType type, long size) {
    /** @throws BitDustException INVALID_ARGUMENT for a missing type or a negative size */
    public NewItem {
        Objects.requireNonNull(localPath, "localPath");
        if (type == null) {
            throw BitDustException.invalid("the type of " + localPath + " is missing");
        }
        if (size < 0) {
            throw BitDustException.invalid("negative size " + size + " of " + localPath);
        }
    }

    /**
     * @param localPath the file's absolute local path
     * @param size      its size in bytes
     * @return a file entry
     */
    public static NewItem file(String localPath, long size) {
        return new NewItem(localPath, ItemType.FILE, size);
    }

    /**
     * @param localPath the folder's absolute local path
     * @return a folder entry
     */
    public static NewItem folder(String localPath) {
        return new NewItem(localPath, ItemType.DIR, 0);
    }
}
