package io.bitdust.api.internal;

import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Brings the identity area ({@link IdentityFunctions}) into the API, with my identity, the identity cache and the
 * node's keys while each runs.
 */
@Component(service = ApiArea.class)
public final class IdentityArea extends AreaComponent {
    private final IdentityFunctions identity;

    /** @param context this bundle's context, through which the area's services are got and released */
    @Activate
    public IdentityArea(BundleContext context) {
        this(context, new IdentityFunctions());
    }

    private IdentityArea(BundleContext context, IdentityFunctions identity) {
        super(context, identity);
        this.identity = identity;
    }

    @Reference(service = IdentityService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindIdentity(ServiceReference<?> reference) {
        bind(identity.identityService, reference);
    }

    void unbindIdentity(ServiceReference<?> reference) {
        unbind(identity.identityService, reference);
    }

    @Reference(service = IdentityCache.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindIdentityCache(ServiceReference<?> reference) {
        bind(identity.identityCache, reference);
    }

    void unbindIdentityCache(ServiceReference<?> reference) {
        unbind(identity.identityCache, reference);
    }

    @Reference(service = KeyRing.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindKeys(ServiceReference<?> reference) {
        bind(identity.keyRing, reference);
    }

    void unbindKeys(ServiceReference<?> reference) {
        unbind(identity.keyRing, reference);
    }
}
