package io.bitdust.suppliers.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.KeyRing;
import io.bitdust.derby.Database;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.RecoveryRecords;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import java.time.Clock;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SupplierFamily} in a node: its Derby database under {@code ${karaf.data}/bitdust/db/suppliers}, and,
 * while the component is active, the family as the {@link SupplierService} and its {@link PacketHandler} for
 * CancelService from suppliers. Both are registered by hand, as {@code CustomersComponent} explains. The family is
 * kept in my recovery record ({@link RecoveryRecords}).
 */
// Registered by hand, so DS declares no capability for it: the feature resolver needs this one.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.bitdust.suppliers.SupplierService\"")
@Component(immediate = true)
public final class SuppliersComponent {
    /** The option of the identity bundle listing known identity servers (host:port, comma-separated). */
    static final String KNOWN_SERVERS = "services/identity-propagate/known-servers";
    private static final Logger LOG = LoggerFactory.getLogger(SuppliersComponent.class);

    private final Database database;
    private final SupplierFamily family;
    private final ServiceRegistration<PacketHandler> handler;
    private final ServiceRegistration<SupplierService> service;

    /**
     * @param config    the options
     * @param gateway   sends my packets
     * @param identity  my identity
     * @param cache     the peers' identities
     * @param keys      my keys
     * @param records   my recovery record, which keeps the family
     * @param databases Derby's data source factory
     * @param context   the bundle's context, for the data folder and the handler's registration
     */
    @Activate
    public SuppliersComponent(@Reference ConfigService config, @Reference Gateway gateway,
            @Reference IdentityService identity, @Reference IdentityCache cache, @Reference KeyRing keys,
            @Reference RecoveryRecords records,
            @Reference(target = Database.DERBY_FACTORY) DataSourceFactory databases, BundleContext context) {
        this.database = Database.open(databases, NodeFolders.data(context::getProperty), SupplierFamily.SCHEMA);
        SupplierFamily started = null;
        try {
            started = new SupplierFamily(database, gateway, identity, cache, keys, config,
                    () -> knownServers(config), Clock.systemUTC(), records);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(PacketHandler.COMMANDS_PROPERTY, SupplierFamily.COMMANDS.stream().map(Enum::name)
                    .toArray(String[]::new));
            this.handler = context.registerService(PacketHandler.class, started.handler(), properties);
            this.service = context.registerService(SupplierService.class, started, null);
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            database.close();
            throw e;
        }
        this.family = started;
        LOG.info("Suppliers service started");
    }

    @Deactivate
    void stop() {
        unregister(service);
        unregister(handler);
        family.close();
        database.close();
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            LOG.debug("{} was unregistered with the bundle already", registration);
        }
    }

    /** The identity bundle's known servers; none while it does not declare its option. */
    static List<String> knownServers(ConfigService config) {
        try {
            return Arrays.stream(config.get(KNOWN_SERVERS).value().split(",")).map(String::trim)
                    .filter(server -> !server.isEmpty()).toList();
        } catch (BitDustException e) {
            return List.of();
        }
    }
}
