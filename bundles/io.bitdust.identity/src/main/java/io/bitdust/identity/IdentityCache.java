package io.bitdust.identity;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Other nodes' identities, fetched over HTTP from their IDURLs and verified. For each IDURL it keeps the newest valid
 * revision (in memory and in the data folder), refuses older revisions, and pins the keys it saw first: a document
 * whose keys differ is refused. Thread-safe; fetching blocks the caller for at most the configured timeout.
 *
 * <p>The cache is bounded: past its most identities it forgets the least recently used ones (memory and disk), except
 * those {@link #retain retained}. The key pin of an IDURL lives in its entry: once an entry is forgotten, the next
 * document fetched for that IDURL is pinned anew, whatever its keys. Storage contracts (customers and suppliers) retain
 * their peers' identities, so that peers without a contract are forgotten first and contract peers keep their pins.
 */
@ProviderType
public interface IdentityCache {

    /**
     * A hold on the cached identity of one IDURL, from {@link #retain}: while it is open, the identity is never
     * evicted. {@link #close} releases it; closing it again does nothing.
     */
    @ProviderType
    interface Retention extends AutoCloseable {
        /** @return the IDURL held */
        IdUrl idurl();

        /** Releases the hold; once no hold on its IDURL remains, the identity may be evicted again. */
        @Override
        void close();
    }

    /**
     * @param idurl an IDURL
     * @return the cached identity, or the one fetched now when none is cached
     * @throws BitDustException as {@link #fetch}
     */
    Identity get(IdUrl idurl);

    /**
     * Fetches the document at {@code idurl} now and keeps it when it is newer than the cached one.
     *
     * @param idurl an IDURL
     * @return the newest identity known for {@code idurl}
     * @throws BitDustException NOT_FOUND when the server does not know it; UNAVAILABLE when the server cannot be
     *     reached or does not answer in time; INVALID_ARGUMENT when the document is invalid, too large, or does not
     *     list {@code idurl}; CONFLICT when it is older than the cached one ("older revision refused") or its keys
     *     differ from those first seen ("key change refused")
     */
    Identity fetch(IdUrl idurl);

    /**
     * @param idurl an IDURL
     * @return the cached identity, without fetching
     */
    Optional<Identity> cached(IdUrl idurl);

    /**
     * Keeps the identity of {@code idurl} in the cache, with its key pin, until the returned hold is closed, whatever
     * the bound: storage contracts (customers and suppliers) retain their peers' identities, so that peers without a
     * contract are evicted first. Holds are counted: two holders keep it until both have released it. It does not
     * fetch: an IDURL not cached yet is held from when its identity is first kept. Holds are not kept across
     * restarts; holders take them again (identities retained when the node stopped are the last evicted until then).
     *
     * @param idurl an IDURL
     * @return the hold, to close when the identity is no longer needed
     */
    Retention retain(IdUrl idurl);
}
