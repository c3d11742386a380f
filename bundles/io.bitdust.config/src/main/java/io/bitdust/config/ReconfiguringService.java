package io.bitdust.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a plugin's service registered while the plugin's {@code enabled} option is true, built on
 * {@link Reconfiguring}: it declares the plugin's options, and when any of them changes it withdraws the service and
 * registers it again, so that its user drops the old object and takes one made with the new values. The service is
 * bundle-scoped (a {@link ServiceFactory}): every bundle that gets it, and a user restarted with its bundle, gets a new
 * object from the factory, for plugins whose objects are started and stopped once (transports). The user of an
 * object stops it; this class never does. Create it in the component's constructor and close it in
 * {@code @Deactivate}. Thread-safe: registrations change on one thread of its own.
 *
 * @param <S> the service type
 */
public final class ReconfiguringService<S> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconfiguringService.class);

    private final Reconfiguring<ServiceRegistration<S>> registration;

    /**
     * Declares the options and registers the service (on its own thread) if {@code enabled} is true.
     *
     * @param context    where the service is registered (the plugin's bundle)
     * @param config     where the options are declared and read
     * @param name       what the plugin is, for the log, e.g. {@code tcp transport}
     * @param type       the service type
     * @param properties the service properties, e.g. {@code bitdust.transport.protocol=tcp}
     * @param enabled    the plugin's boolean option that switches it on and off
     * @param others     its other options (port, host, ...)
     * @param factory    makes a service object from the options' current values, on the thread of the bundle that
     *                   gets the service
     * @throws io.bitdust.common.BitDustException CONFLICT when another owner declared one of the options differently
     * @throws IllegalArgumentException when {@code enabled} is not a boolean option
     */
    public ReconfiguringService(BundleContext context, ConfigService config, String name, Class<S> type,
            Map<String, ?> properties, Option enabled, Collection<Option> others, Supplier<? extends S> factory) {
        if (enabled.type() != OptionType.BOOLEAN) {
            throw new IllegalArgumentException(enabled.key() + " is not a boolean option, so it cannot enable the "
                    + name);
        }
        Dictionary<String, Object> serviceProperties = new Hashtable<>(properties);
        List<Option> options = new ArrayList<>(others);
        options.add(enabled);
        this.registration = Reconfiguring.<ServiceRegistration<S>>of(config, name, () -> {
            if (!config.getBoolean(enabled.key())) {
                LOG.info("The {} is disabled ({} is false)", name, enabled.key());
                return null;
            }
            return context.registerService(type, new Factory<>(factory), serviceProperties);
        }, ServiceRegistration::unregister).options(options).start();
    }

    /** Withdraws the service and the options. Idempotent. */
    @Override
    public void close() {
        registration.close();
    }

    /** A bundle-scoped factory: one new object per bundle that gets the service. */
    private static final class Factory<S> implements ServiceFactory<S> {
        private final Supplier<? extends S> objects;

        Factory(Supplier<? extends S> objects) {
            this.objects = objects;
        }

        @Override
        public S getService(Bundle bundle, ServiceRegistration<S> registered) {
            return objects.get();
        }

        @Override
        public void ungetService(Bundle bundle, ServiceRegistration<S> registered, S service) {
            // Its user stops the object it started; stopping it here too would stop it twice.
        }
    }
}
