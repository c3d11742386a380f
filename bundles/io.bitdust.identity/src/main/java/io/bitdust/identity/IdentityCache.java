package io.bitdust.identity;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Other nodes' identities, fetched over HTTP from their IDURLs and verified. For each IDURL it keeps the newest valid
 * revision (in memory and in the data folder), refuses older revisions, and pins the keys it saw first: a document
 * whose keys differ is refused. Thread-safe; fetching blocks the caller for at most the configured timeout.
 */
@ProviderType
public interface IdentityCache {

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
}
