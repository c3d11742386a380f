package io.bitdust.transport.spi;

import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a transport plugin's component needs: it declares the plugin's options and keeps one {@link Transport}
 * registered as a service (with {@link Transport#PROTOCOL_PROPERTY}) while the plugin's {@code enabled} option is
 * true. When any of the options changes, the registration is replaced by a fresh transport made with the new values;
 * the gateway stops the old one and starts the new one. The service is a bundle-scoped factory: every gateway that
 * gets it (a restarted gateway too) gets a new transport, since a transport is started and stopped once. Create it in
 * the component's constructor and close it in {@code @Deactivate}. Thread-safe: registrations change on one thread of
 * its own.
 */
public final class TransportRegistration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransportRegistration.class);

    private final BundleContext context;
    private final ConfigService config;
    private final String protocol;
    private final Option enabled;
    private final Supplier<Transport> factory;
    private final ConfigService.Declaration declaration;
    private final List<ConfigService.Subscription> subscriptions = new ArrayList<>();
    private final ExecutorService applier;
    private ServiceRegistration<Transport> registration;

    /**
     * @param context  where the transport service is registered (the plugin's bundle)
     * @param config   where the options are declared
     * @param protocol the transport's protocol name, e.g. {@code tcp}
     * @param enabled  the plugin's boolean option that switches it on and off
     * @param others   its other options (port, host, ...)
     * @param factory  makes a transport from the options' current values
     */
    public TransportRegistration(BundleContext context, ConfigService config, String protocol, Option enabled,
            List<Option> others, Supplier<Transport> factory) {
        this.context = context;
        this.config = config;
        this.protocol = protocol;
        this.enabled = enabled;
        this.factory = factory;
        this.applier = Executors.newSingleThreadExecutor(r -> new Thread(r, "bitdust-" + protocol + "-options"));
        List<Option> options = new ArrayList<>(others);
        options.add(enabled);
        this.declaration = config.declare(options);
        for (Option option : options) {
            subscriptions.add(config.subscribe(option.key(), change -> applier.execute(this::apply)));
        }
        applier.execute(this::apply);
    }

    /** Withdraws the transport and the options. */
    @Override
    public void close() {
        subscriptions.forEach(ConfigService.Subscription::close);
        applier.shutdown();
        try {
            applier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unregister();
        declaration.close();
    }

    private void apply() {
        unregister();
        if (!config.getBoolean(enabled.key())) {
            LOG.info("The {} transport is disabled", protocol);
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Transport.PROTOCOL_PROPERTY, protocol);
        registration = context.registerService(Transport.class, new ServiceFactory<>() {
            @Override
            public Transport getService(Bundle bundle, ServiceRegistration<Transport> registered) {
                return factory.get();
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<Transport> registered, Transport transport) {
                // The gateway that used it has stopped it.
            }
        }, properties);
    }

    private void unregister() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
