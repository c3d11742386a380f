package io.bitdust.sample.transport.internal;

import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.config.ReconfiguringService;
import io.bitdust.transport.spi.Transport;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The pattern every transport plugin follows (see {@code docs/transports.md}): the component owns the options and
 * keeps a {@link Tcp2Transport} registered, bundle-scoped, through {@link ReconfiguringService} while
 * {@code services/sample-transport/enabled} is true; a changed option replaces it by one with the new values.
 */
@Component(immediate = true)
public final class Tcp2TransportComponent {
    static final Option PORT = Option.of("services/sample-transport/port", OptionType.PORT, "7772",
            "Port the sample tcp2 transport listens on");
    static final Option HOST = Option.of("services/sample-transport/host", OptionType.STRING, "127.0.0.1",
            "Address the sample tcp2 transport listens on, published in my identity's contacts");
    static final Option ENABLED = Option.of("services/sample-transport/enabled", OptionType.BOOLEAN, "true",
            "Whether peers reach this node, and it reaches them, over the sample tcp2 transport");

    private final ReconfiguringService<Transport> registration;

    /**
     * @param config  where the options live
     * @param context where the transport service is registered
     */
    @Activate
    public Tcp2TransportComponent(@Reference ConfigService config, BundleContext context) {
        registration = new ReconfiguringService<>(context, config, Tcp2Transport.PROTOCOL + " transport",
                Transport.class, Map.of(Transport.PROTOCOL_PROPERTY, Tcp2Transport.PROTOCOL), ENABLED,
                List.of(PORT, HOST), () -> new Tcp2Transport(config.get(HOST.key()).value(),
                        config.getInt(PORT.key())));
    }

    @Deactivate
    void stop() {
        registration.close();
    }
}
