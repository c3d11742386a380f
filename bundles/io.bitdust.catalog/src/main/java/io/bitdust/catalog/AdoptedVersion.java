package io.bitdust.catalog;

import io.bitdust.common.BitDustException;
import java.util.List;
import java.util.Objects;

/**
 * A complete version the catalog does not know, found at the suppliers as its owner-signed manifest (e.g. made after
 * the last catalog copy the suppliers kept), for {@link Catalog#adoptVersion}. The caller verified the manifest with
 * my key; this record only carries what it says.
 *
 * @param backupId  the backup ID the manifest names, {@code <pathID>/<version name>}
 * @param eccMap    its ECC map, e.g. {@code ecc/4x4}
 * @param blocks    its number of blocks, at least 1
 * @param bytes     the item's bytes it holds, not negative
 * @param manifest  the backup area's reference to the manifest, at most 256 characters
 * @param fragments every fragment of every block, with its object name, recorded not delivered
 */
public record AdoptedVersion(String backupId, String eccMap, int blocks, long bytes, String manifest,
        List<NewFragment> fragments) {
    /** @throws BitDustException INVALID_ARGUMENT for a missing field, a count out of range or a foreign fragment */
    public AdoptedVersion {
        Objects.requireNonNull(backupId, "backupId");
        if (eccMap == null || eccMap.isEmpty() || eccMap.length() > 32) {
            throw BitDustException.invalid("not an ECC map of " + backupId + ": '" + eccMap + "'");
        }
        if (blocks < 1 || bytes < 0) {
            throw BitDustException.invalid("blocks " + blocks + " or bytes " + bytes + " of " + backupId
                    + " out of range");
        }
        if (manifest == null || manifest.isEmpty() || manifest.length() > 256) {
            throw BitDustException.invalid("not a manifest reference of " + backupId + ": '" + manifest + "'");
        }
        fragments = List.copyOf(fragments);
        for (NewFragment fragment : fragments) {
            if (!fragment.ref().backupId().equals(backupId) || fragment.ref().block() >= blocks) {
                throw BitDustException.invalid("fragment " + fragment.ref() + " is not one of " + backupId);
            }
        }
    }
}
