package io.bitdust.catalog;

import java.time.Instant;

/**
 * A version (one backup) of an item.
 *
 * @param backupId the backup ID, {@code <pathID>/<version name>}, e.g. {@code 0/0/1/F20160313043757PM}
 * @param pathId   the item's path ID
 * @param name     the version name: {@code F} + {@code yyyyMMddhhmmss} + {@code AM|PM} in UTC when it started, with
 *                 a number appended when another version of the item has that name already
 * @param state    where it is in its life
 * @param blocks   how many blocks it has (0 while running)
 * @param bytes    how many bytes of the item it holds (0 while running)
 * @param created  when it started
 * @param eccMap   the erasure-coding map it was packed with, e.g. {@code ecc/4x4}
 * @param manifest the backup area's opaque reference to its manifest (e.g. a hex SHA-256), null until complete
 */
public record CatalogVersion(String backupId, String pathId, String name, VersionState state, int blocks, long bytes,
        Instant created, String eccMap, String manifest) {
}
