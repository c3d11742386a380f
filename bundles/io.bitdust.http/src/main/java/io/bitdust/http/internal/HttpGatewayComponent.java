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
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns {@code interface/api/rest-http-port} and runs the {@link ApiGateway} on it; when the port changes, the
 * gateway moves there (the old one stops only once the new one listens). When the port cannot be bound at start, the
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
    private static final long MOVE_DELAY_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(HttpGatewayComponent.class);

    private final BitDustApi api;
    private final ApiSecret secret;
    private final ConfigService.Declaration declaration;
    private final ConfigService.Subscription subscription;
    private final ScheduledExecutorService mover = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "bitdust-api-mover"));
    private final Path addressFile;
    private volatile ApiGateway gateway;

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
        this.secret = ApiSecret.loadOrCreate(data.resolve("apisecret"), new SecureRandom());
        this.addressFile = data.resolve(ADDRESS_FILE);
        this.declaration = config.declare(List.of(PORT.checkedBy(this::checkPort)));
        try {
            this.gateway = start(config.getInt(PORT.key()));
        } catch (RuntimeException e) {
            declaration.close();
            throw e;
        }
        publishAddress();
        LOG.info("BitDust API on {}api/v1, secret in {}", gateway.url(), secret.file());
        this.subscription = config.subscribe(PORT.key(), change -> mover.schedule(() -> moveTo(
                Integer.parseInt(change.value())), MOVE_DELAY_MILLIS, TimeUnit.MILLISECONDS));
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
        ApiGateway current = gateway;
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

    private void moveTo(int port) {
        if (port == gateway.port()) {
            return;
        }
        try {
            ApiGateway next = new ApiGateway(api, secret, port);
            ApiGateway previous = gateway;
            gateway = next;
            previous.close();
            publishAddress();
            LOG.info("BitDust API moved to {}api/v1", next.url());
        } catch (BitDustException e) {
            LOG.error("The API stays on port {}: {}", gateway.port(), e.getMessage());
        }
    }

    @Deactivate
    void stop() throws InterruptedException, IOException {
        subscription.close();
        mover.shutdown();
        mover.awaitTermination(5, TimeUnit.SECONDS);
        gateway.close();
        Files.deleteIfExists(addressFile);
        declaration.close();
    }

    /** Writes where the API listens, for the launcher script and other local tools. */
    private void publishAddress() {
        try {
            AtomicFiles.write(addressFile, (gateway.url() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (BitDustException e) {
            LOG.warn("Cannot publish the API address: {}", e.getMessage());
        }
    }
}
