package io.bitdust.messaging.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.KeyRing;
import io.bitdust.derby.Database;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.messaging.MessagingService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import java.security.SecureRandom;
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
 * Runs a {@link Messenger} in the node: the messaging area's Derby database in the node's data folder, and, while the
 * component is active, the messenger as the {@link MessagingService} and its packet handler of Message packets. Both
 * are registered by hand once the messenger runs, as {@code CustomersComponent} explains (a handler provided by a
 * component that references the gateway would be a service cycle).
 */
// Registered by hand, so DS declares no capability for it: the feature resolver needs this one.
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.bitdust.messaging.MessagingService\"")
@Component(immediate = true)
public final class MessagingComponent {
    /** The option of the identity bundle listing known identity servers (host:port, comma-separated). */
    static final String KNOWN_SERVERS = "services/identity-propagate/known-servers";
    private static final Logger LOG = LoggerFactory.getLogger(MessagingComponent.class);

    private final Database database;
    private final Messenger messenger;
    private final ServiceRegistration<PacketHandler> handler;
    private final ServiceRegistration<MessagingService> service;

    /**
     * @param config   the options
     * @param gateway  sends and receives Message packets
     * @param identity my identity
     * @param cache    the peers' identities
     * @param keys     my keys
     * @param derby    Derby's data source factory
     * @param context  the bundle's context, for the data folder and the registrations
     */
    @Activate
    public MessagingComponent(@Reference ConfigService config, @Reference Gateway gateway,
            @Reference IdentityService identity, @Reference IdentityCache cache, @Reference KeyRing keys,
            @Reference(target = Database.DERBY_FACTORY) DataSourceFactory derby, BundleContext context) {
        database = Database.open(derby, NodeFolders.data(context::getProperty), Messenger.SCHEMA);
        Messenger started = null;
        try {
            started = new Messenger(database, gateway, identity, cache, keys, config, () -> knownServers(config),
                    new SecureRandom(), Clock.systemUTC());
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(PacketHandler.COMMANDS_PROPERTY, Messenger.COMMANDS.stream().map(Enum::name)
                    .toArray(String[]::new));
            properties.put(PacketHandler.CONCURRENCY_PROPERTY, Messenger.CONCURRENCY);
            handler = context.registerService(PacketHandler.class, started.handler(), properties);
            service = context.registerService(MessagingService.class, started, null);
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            database.close();
            throw e;
        }
        messenger = started;
        LOG.info("Messaging service started");
    }

    @Deactivate
    void stop() {
        unregister(service);
        unregister(handler);
        messenger.close();
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
