package io.bitdust.transport.tcp.internal;

import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.transport.spi.Transport;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the TCP transport's options and registers a {@link TcpTransport} as a {@link Transport} service while
 * {@code services/tcp-transport/enabled} is true; a new port replaces the registration by one on the new port. The
 * gateway starts and stops the registered transport.
 */
@Component(immediate = true)
public final class TcpTransportComponent {
    static final Option PORT = Option.of("services/tcp-connections/tcp-port", OptionType.PORT, "7771",
            "Port the TCP transport listens on, on every interface");
    static final Option ENABLED = Option.of("services/tcp-transport/enabled", OptionType.BOOLEAN, "true",
            "Whether peers reach this node, and it reaches them, over TCP");
    static final Option HOST = Option.of("services/tcp-connections/host", OptionType.STRING, "127.0.0.1",
            "Host name or address peers reach this node's TCP transport at, published in my identity's contacts");
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransportComponent.class);

    private final ConfigService config;
    private final BundleContext context;
    private final ConfigService.Declaration declaration;
    private final ConfigService.Subscription subscription;
    private final ExecutorService applier = Executors.newSingleThreadExecutor(
            r -> new Thread(r, "bitdust-tcp-options"));
    private ServiceRegistration<Transport> registration;

    /**
     * @param config  where the options live
     * @param context where the transport service is registered
     */
    @Activate
    public TcpTransportComponent(@Reference ConfigService config, BundleContext context) {
        this.config = config;
        this.context = context;
        this.declaration = config.declare(List.of(PORT, ENABLED, HOST));
        this.subscription = config.subscribe("services/tcp-", change -> applier.execute(this::apply));
        applier.execute(this::apply);
    }

    @Deactivate
    void stop() throws InterruptedException {
        subscription.close();
        applier.shutdown();
        applier.awaitTermination(5, TimeUnit.SECONDS);
        unregister();
        declaration.close();
    }

    private void apply() {
        unregister();
        if (!config.getBoolean(ENABLED.key())) {
            LOG.info("The TCP transport is disabled");
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Transport.PROTOCOL_PROPERTY, TcpTransport.PROTOCOL);
        TcpTransport transport = new TcpTransport("0.0.0.0", config.getInt(PORT.key()), config.get(HOST.key()).value(),
                TcpLimits.DEFAULT);
        registration = context.registerService(Transport.class, transport, properties);
    }

    private void unregister() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
