package io.bitdust.catalog;

import java.time.Instant;

/**
 * What a verified catalog export says of itself, to choose among the exports several suppliers hold.
 *
 * @param revision    the revision of the catalog it was made from
 * @param previous    lowercase hex SHA-256 of the content of the export before it, null for the first
 * @param date        when it was made
 * @param contentHash lowercase hex SHA-256 of its content, what the next export's {@code previous} names
 * @param items       how many items it holds
 * @param versions    how many versions it holds
 */
public record ExportInfo(long revision, String previous, Instant date, String contentHash, int items, int versions) {
}
