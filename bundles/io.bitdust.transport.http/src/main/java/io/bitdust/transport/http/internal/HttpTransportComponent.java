package io.bitdust.transport.http.internal;

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
 * Owns the HTTP transport's options and keeps an {@link HttpTransport} registered while
 * {@code services/http-transport/enabled} is true; a changed option replaces it by one with the new values. The
 * service is bundle-scoped ({@link ReconfiguringService}): every gateway that gets it gets a transport of its own.
 */
@Component(immediate = true)
public final class HttpTransportComponent {
    static final Option PORT = Option.of("services/http-connections/http-port", OptionType.PORT, "9993",
            "Port of the HTTP transport's own web server, on every interface")
            .checkedBy(OptionCheck.portFreeOn("0.0.0.0"));
    static final Option ENABLED = Option.of("services/http-transport/enabled", OptionType.BOOLEAN, "true",
            "Whether peers reach this node, and it reaches them, over HTTP");
    static final Option HOST = Option.of("services/http-connections/host", OptionType.HOST, "127.0.0.1",
            "Host name or address peers reach this node's HTTP transport at, published in my identity's contacts");

    /** HTTP contacts come after TCP ones in my identity (docs/transports.md). */
    static final int RANKING = 10;

    private final ReconfiguringService<Transport> registration;

    /**
     * @param config  where the options live
     * @param context where the transport service is registered
     */
    @Activate
    public HttpTransportComponent(@Reference ConfigService config, BundleContext context) {
        Map<String, Object> properties = Map.of(Transport.PROTOCOL_PROPERTY, HttpTransport.PROTOCOL,
                Constants.SERVICE_RANKING, RANKING);
        registration = new ReconfiguringService<>(context, config, HttpTransport.PROTOCOL + " transport",
                Transport.class, properties, ENABLED, List.of(PORT, HOST),
                () -> new HttpTransport("0.0.0.0", config.getInt(PORT.key()), PORT.key(),
                        config.get(HOST.key()).value()));
    }

    @Deactivate
    void stop() {
        registration.close();
    }
}
