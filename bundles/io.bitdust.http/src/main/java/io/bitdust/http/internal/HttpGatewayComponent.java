package io.bitdust.http.internal;

import io.bitdust.api.BitDustApi;
import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionCheck;
import io.bitdust.config.OptionType;
import io.bitdust.config.OptionValue;
import io.bitdust.config.Reconfiguring;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns {@code interface/api/rest-http-port} and runs the {@link ApiGateway} on it; when the port changes, the
 * gateway moves there through {@link Reconfiguring} (the old one stops only once the new one listens; when the new
 * one cannot listen, the old one stays). When the port cannot be bound at start, the
 * gateway listens on a free port of 127.0.0.1 instead and says so (WARN and {@code api.url}).
 */
@Component(immediate = true)
public final class HttpGatewayComponent {
    /** The file in the data folder that holds the API's base address, e.g. {@code http://127.0.0.1:8180/}. */
    static final String ADDRESS_FILE = "api.url";
    /** The option as declared: its check of use is added by each instance, which knows the port it holds. */
    static final Option PORT = Option.of("interface/api/rest-http-port", OptionType.PORT, "8180",
            "Port of the HTTP API and the web page, on 127.0.0.1");
    private static final OptionCheck FREE = OptionCheck.portFreeOn(ApiGateway.HOST);
    /** Lets the answer to the request that changed the port leave through the old server first. */
    private static final Duration MOVE_DELAY = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(HttpGatewayComponent.class);

    private final BitDustApi api;
    private final ConfigService config;
    private final ApiSecret secret;
    private final Path addressFile;
    private final Reconfiguring<ApiGateway> gateway;

    /**
     * @param api     what the gateway serves
     * @param config  where the port option lives
     * @param context the bundle's context, for the data folder
     */
    @Activate
    public HttpGatewayComponent(@Reference BitDustApi api, @Reference ConfigService config, BundleContext context) {
        this(api, config, NodeFolders.data(context::getProperty));
    }

    HttpGatewayComponent(BitDustApi api, ConfigService config, Path data) {
        this.api = api;
        this.config = config;
        this.secret = ApiSecret.loadOrCreate(data.resolve("apisecret"), new SecureRandom());
        this.addressFile = data.resolve(ADDRESS_FILE);
        this.gateway = Reconfiguring.of(config, "API gateway", this::serve, ApiGateway::close)
                .options(List.of(PORT.checkedBy(this::checkPort)))
                .order(Reconfiguring.Order.START_FIRST)
                .delay(MOVE_DELAY)
                .keepWhile(running -> running.port() == config.getInt(PORT.key()))
                .startNow();
        LOG.info("BitDust API on {}api/v1, secret in {}", gateway.current().url(), secret.file());
    }

    /** The first gateway falls back to a free port; a moved one must get the port asked for, or the old one stays. */
    private ApiGateway serve() {
        int port = config.getInt(PORT.key());
        if (gateway == null || gateway.current() == null) {
            ApiGateway first = start(port);
            publishAddress(first);
            return first;
        }
        ApiGateway moved = new ApiGateway(api, secret, port);
        publishAddress(moved);
        LOG.info("BitDust API moved to {}api/v1", moved.url());
        return moved;
    }

    /**
     * Serves on {@code port}, or, when it cannot be bound, on a free port, so that a busy or forbidden port never
     * leaves the node without its API: the user finds it in {@link #ADDRESS_FILE}, the log and process_health.
     */
    private ApiGateway start(int port) {
        try {
            return new ApiGateway(api, secret, port);
        } catch (BitDustException e) {
            if (!cannotBind(e)) {
                throw e;
            }
            ApiGateway fallback = new ApiGateway(api, secret, 0);
            LOG.warn("The API port {} ({}) cannot be used: {}; the API listens on {}api/v1 instead (written to {}). "
                    + "Free the port or choose another with config_set {} <port>", port, PORT.key(), e.getMessage(),
                    fallback.url(), addressFile, PORT.key());
            return fallback;
        }
    }

    /** A port is usable when it is free, or when this gateway listens on it (e.g. the port it fell back to). */
    private void checkPort(OptionValue change) {
        ApiGateway current = gateway == null ? null : gateway.current();
        if (current == null || Integer.parseInt(change.value()) != current.port()) {
            FREE.check(change);
        }
    }

    private static boolean cannotBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    @Deactivate
    void stop() throws IOException {
        gateway.close();
        Files.deleteIfExists(addressFile);
    }

    /** Writes where the API listens, for the launcher script and other local tools. */
    private void publishAddress(ApiGateway serving) {
        try {
            AtomicFiles.write(addressFile, (serving.url() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (BitDustException e) {
            LOG.warn("Cannot publish the API address: {}", e.getMessage());
        }
    }
}
