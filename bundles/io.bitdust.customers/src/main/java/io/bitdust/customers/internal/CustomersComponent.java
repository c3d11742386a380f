package io.bitdust.customers.internal;

import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.customers.CustomerService;
import io.bitdust.derby.Database;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.packet.PacketCodec;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * Runs a {@link CustomerDesk} in the node: the customers area's Derby database in the node's data folder, and, while
 * the component is active, the desk as the {@link CustomerService} and its packet handler of the storage commands
 * ({@link CustomerDesk#COMMANDS}).
 *
 * <p>Both are registered by hand once the desk runs, not as services of this component: the gateway collects
 * every handler while it is created, and a handler provided by a component that references the gateway would be
 * created inside that collection, a service cycle the framework refuses (the gateway then never gets the handler).
 */
// Registered by hand, so DS declares no capability for it: the feature resolver needs this one.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.bitdust.customers.CustomerService\"")
@Component(immediate = true)
public final class CustomersComponent {
    private final Database database;
    private final CustomerDesk desk;
    private final ServiceRegistration<PacketHandler> handler;
    private final ServiceRegistration<CustomerService> service;

    /**
     * @param config   the supplier options
     * @param gateway  packets to and from customers
     * @param identity my identity, where the supplier service is offered
     * @param cache    customers' identities
     * @param derby    Derby's data source factory
     * @param context  the bundle's context, for the data folder
     */
    @Activate
    public CustomersComponent(@Reference ConfigService config, @Reference Gateway gateway,
            @Reference IdentityService identity, @Reference IdentityCache cache,
            @Reference(target = Database.DERBY_FACTORY) DataSourceFactory derby, BundleContext context) {
        Path data = NodeFolders.data(context::getProperty);
        database = Database.open(derby, data, CustomerDesk.SCHEMA);
        CustomerDesk started = null;
        try {
            started = new CustomerDesk(data, database, gateway, identity, cache, config, new PacketCodec(),
                    new SecureRandom(), Clock.systemUTC());
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(PacketHandler.COMMANDS_PROPERTY, CustomerDesk.COMMANDS.stream().map(Enum::name)
                    .toArray(String[]::new));
            properties.put(PacketHandler.CONCURRENCY_PROPERTY, CustomerDesk.CONCURRENCY);
            handler = context.registerService(PacketHandler.class, started.handler(), properties);
            service = context.registerService(CustomerService.class, started, null);
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            database.close();
            throw e;
        }
        desk = started;
    }

    @Deactivate
    void stop() {
        unregister(service);
        unregister(handler);
        desk.close();
        database.close();
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // unregistered with the bundle already
        }
    }
}
