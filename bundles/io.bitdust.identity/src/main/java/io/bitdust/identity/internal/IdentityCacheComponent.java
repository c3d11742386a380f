package io.bitdust.identity.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.common.NodeFolders;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import java.time.Duration;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Registers {@link HttpIdentityCache}, kept in {@code ${karaf.data}/bitdust/identitycache} and holding at most
 * {@value HttpIdentityCache#DEFAULT_MAX_IDENTITIES} identities unless more are retained, as the {@link IdentityCache}.
 */
@Component(service = IdentityCache.class, immediate = true)
public final class IdentityCacheComponent implements IdentityCache {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final IdentityCache cache;

    /** @param context the bundle's context, for the data folder */
    @Activate
    public IdentityCacheComponent(BundleContext context) {
        this.cache = new HttpIdentityCache(NodeFolders.data(context::getProperty).resolve("identitycache"), TIMEOUT);
    }

    @Override
    public Identity get(IdUrl idurl) {
        return cache.get(idurl);
    }

    @Override
    public Identity fetch(IdUrl idurl) {
        return cache.fetch(idurl);
    }

    @Override
    public Optional<Identity> cached(IdUrl idurl) {
        return cache.cached(idurl);
    }

    @Override
    public Retention retain(IdUrl idurl) {
        return cache.retain(idurl);
    }
}
