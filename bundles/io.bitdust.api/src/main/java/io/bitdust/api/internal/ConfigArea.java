package io.bitdust.api.internal;

import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Brings the config area ({@link ConfigFunctions}) into the API, with the options while they run. */
@Component(service = ApiArea.class)
public final class ConfigArea extends AreaComponent {
    private final ConfigFunctions config;

    /** @param context this bundle's context: the data folder; the options are got and released through it */
    @Activate
    public ConfigArea(BundleContext context) {
        this(context, new ConfigFunctions(NodeFolders.data(context::getProperty)));
    }

    private ConfigArea(BundleContext context, ConfigFunctions config) {
        super(context, config);
        this.config = config;
    }

    @Reference(service = ConfigService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(ServiceReference<?> reference) {
        bind(config.config, reference);
    }

    void unbindConfig(ServiceReference<?> reference) {
        unbind(config.config, reference);
    }
}
