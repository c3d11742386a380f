package io.bitdust.api.internal;

import io.bitdust.transport.Gateway;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Brings the network area ({@link NetworkFunctions}) into the API, with the gateway while it runs. */
@Component(service = ApiArea.class)
public final class NetworkArea extends AreaComponent {
    private final NetworkFunctions network;

    /** @param context this bundle's context, through which the gateway is got and released */
    @Activate
    public NetworkArea(BundleContext context) {
        this(context, new NetworkFunctions());
    }

    private NetworkArea(BundleContext context, NetworkFunctions network) {
        super(context, network);
        this.network = network;
    }

    @Reference(service = Gateway.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindGateway(ServiceReference<?> reference) {
        bind(network.gateway, reference);
    }

    void unbindGateway(ServiceReference<?> reference) {
        unbind(network.gateway, reference);
    }
}
