package io.bitdust.transport.tcp.internal;

import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionCheck;
import io.bitdust.config.OptionType;
import io.bitdust.config.ReconfiguringService;
import io.bitdust.transport.spi.Transport;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Owns the TCP transport's options and keeps a {@link TcpTransport} registered while
 * {@code services/tcp-transport/enabled} is true; a changed option replaces it by one with the new values. The
 * service is bundle-scoped ({@link ReconfiguringService}): every gateway that gets it gets a transport of its own.
 */
@Component(immediate = true)
public final class TcpTransportComponent {
    static final Option PORT = Option.of("services/tcp-connections/tcp-port", OptionType.PORT, "7771",
            "Port the TCP transport listens on, on every interface")
            .checkedBy(OptionCheck.portFreeOn("0.0.0.0"));
    static final Option ENABLED = Option.of("services/tcp-transport/enabled", OptionType.BOOLEAN, "true",
            "Whether peers reach this node, and it reaches them, over TCP");
    static final Option HOST = Option.of("services/tcp-connections/host", OptionType.HOST, "127.0.0.1",
            "Host name or address peers reach this node's TCP transport at, published in my identity's contacts");

    /** TCP contacts come first in my identity (docs/transports.md): one connection carries both ways. */
    static final int RANKING = 20;

    private final ReconfiguringService<Transport> registration;

    /**
     * @param config  where the options live
     * @param context where the transport service is registered
     */
    @Activate
    public TcpTransportComponent(@Reference ConfigService config, BundleContext context) {
        Map<String, Object> properties = Map.of(Transport.PROTOCOL_PROPERTY, TcpTransport.PROTOCOL,
                Constants.SERVICE_RANKING, RANKING);
        registration = new ReconfiguringService<>(context, config, TcpTransport.PROTOCOL + " transport",
                Transport.class, properties, ENABLED, List.of(PORT, HOST),
                () -> new TcpTransport("0.0.0.0", config.getInt(PORT.key()), PORT.key(),
                        config.get(HOST.key()).value(), TcpLimits.DEFAULT));
    }

    @Deactivate
    void stop() {
        registration.close();
    }
}
