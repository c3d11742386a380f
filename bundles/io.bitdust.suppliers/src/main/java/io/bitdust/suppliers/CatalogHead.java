package io.bitdust.suppliers;

import io.bitdust.common.BitDustException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The newest copy of my catalog my suppliers were given: the revision of the catalog export last pushed and the
 * SHA-256 of its content (docs/backup-formats.md, "Catalog export"). My recovery record carries it, so that a node that
 * recovers my identity can tell whether the catalog copies its suppliers still hold are the newest
 * (docs/protocol.md §1.6). Immutable.
 *
 * @param revision    the export's revision, not negative
 * @param contentHash lowercase hex SHA-256 of the export's content, 64 digits
 */
public record CatalogHead(long revision, String contentHash) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** @throws BitDustException INVALID_ARGUMENT for a negative revision or a hash that is not 64 lowercase hex */
    public CatalogHead {
        Objects.requireNonNull(contentHash, "contentHash");
        if (revision < 0) {
            throw BitDustException.invalid("negative catalog revision " + revision);
        }
        if (!HEX.matcher(contentHash).matches()) {
            throw BitDustException.invalid("the catalog's content hash is not 64 lowercase hex digits: '"
                    + contentHash + "'");
        }
    }
}
