package io.bitdust.suppliers;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * My suppliers: the nodes I hired to keep my data, one per position of my ECC map
 * ({@code services/customer/suppliers-number}). Hiring, pinging and replacing run on their own; this service shows
 * the family and lets the user replace a supplier. Thread-safe.
 */
@ProviderType
public interface SupplierService {
    /** @return one entry per position, 0 to N-1, the empty ones included */
    List<SupplierDTO> suppliers();

    /**
     * @param position a position
     * @return the supplier hired at it, if any
     */
    Optional<IdUrl> supplier(int position);

    /**
     * Fires the supplier at a position and hires another one there, found as usual (candidates option, then the
     * identity servers' directory). Returns once the replacement started; {@link #suppliers} shows its progress.
     *
     * @param position the position
     * @return the position's entry as it is now
     * @throws BitDustException NOT_FOUND when no position has that number
     */
    SupplierDTO replace(int position);

    /**
     * Fires the supplier at a position and hires the given node there.
     *
     * @param position    the position
     * @param newSupplier the node to hire; it must offer the supplier service and not be a supplier already
     * @return the position's entry as it is now
     * @throws BitDustException NOT_FOUND for an unknown position; INVALID_ARGUMENT when the node is me or a supplier
     *     already; UNAVAILABLE or CONFLICT when it refuses
     */
    SupplierDTO change(int position, IdUrl newSupplier);

    /**
     * Pings every supplier now, in parallel, and waits for the answers (each for at most a few seconds).
     *
     * @return the suppliers, with {@code online} as the pings found
     */
    List<SupplierDTO> ping();

    /** @return what my contracts give me: space needed, allocated and used at my suppliers */
    SpaceConsumedDTO space();

    /**
     * Subscribes to changes of the family (a supplier hired, fired, replaced, or online again after its pings failed):
     * the backup area rebuilds the data of a position that has a new supplier, or whose supplier missed fragments
     * while it was offline.
     *
     * @param listener called with the position that changed, on a thread of this service; it must return promptly
     * @return a handle that unsubscribes when closed
     */
    AutoCloseable subscribe(IntConsumer listener);

    /**
     * My family is kept in my recovery record on the identity servers of my IDURLs, so that a node that recovers my
     * identity finds these suppliers again.
     *
     * @return when an identity server last took my family as my recovery record, since this service started; empty
     *     before the first time (and where the record is not kept)
     */
    default Optional<Instant> recordPublished() {
        return Optional.empty();
    }

    /**
     * Keeps the head of my catalog in my recovery record: the backup area calls it after a supplier took a new copy of
     * my catalog, and the record is published again (as after a change of the family). The head is kept across
     * restarts; the last one given wins.
     *
     * @param head the revision and content hash of the catalog export pushed
     */
    default void catalogHead(CatalogHead head) {
    }

    /**
     * @return the head my recovery record carries, or will at its next publication: the last one given to
     *     {@link #catalogHead(CatalogHead)}, or, on a family recovered from my recovery record, the record's until
     *     then; empty when neither gave one (and where the record is not kept)
     */
    default Optional<CatalogHead> catalogHead() {
        return Optional.empty();
    }
}
