package io.bitdust.config.internal;

import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Publishes {@link Options} as the node's {@link ConfigService}: values kept in
 * {@code ${karaf.data}/bitdust/options.properties}, presets from {@code ${karaf.etc}/bitdust.cfg} and the environment.
 */
@Component(service = ConfigService.class, immediate = true)
public final class ConfigComponent extends Options {

    /** @param context the bundle's context, for Karaf's folder properties */
    @Activate
    public ConfigComponent(BundleContext context) {
        super(NodeFolders.data(context::getProperty).resolve("options.properties"),
                NodeFolders.etc(context::getProperty).resolve("bitdust.cfg"), System.getenv());
    }
}
