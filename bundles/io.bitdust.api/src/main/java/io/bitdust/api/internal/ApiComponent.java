package io.bitdust.api.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.transport.Gateway;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.system.SystemService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Publishes the {@link Api} catalogue as {@link BitDustApi}. Area services are optional and dynamic: the API stays
 * up when one goes, and only that area's functions answer that it is not running.
 */
@Component(service = BitDustApi.class, immediate = true)
public final class ApiComponent implements BitDustApi {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigService config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemService system;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile KeyRing keys;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IdentityService identity;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IdentityCache identities;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Gateway gateway;

    private volatile Api api;

    @Activate
    void activate(BundleContext context) {
        Areas areas = new Areas(() -> config, () -> system == null ? null : new KarafProcessControl(system),
                () -> keys, () -> identity, () -> identities, () -> gateway);
        api = new Api(areas, NodeFolders.data(context::getProperty), System.getenv(),
                context.getBundle().getVersion().toString());
        api.started();
    }

    @Override
    public List<ApiFunction> functions() {
        return api.functions();
    }

    @Override
    public Optional<ApiFunction> function(String name) {
        return api.function(name);
    }

    @Override
    public ApiResult call(String name, Map<String, ?> parameters) {
        return api.call(name, parameters);
    }
}
