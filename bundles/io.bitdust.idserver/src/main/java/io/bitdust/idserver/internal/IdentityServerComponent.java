package io.bitdust.idserver.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionCheck;
import io.bitdust.config.OptionType;
import io.bitdust.config.OptionValue;
import io.bitdust.config.Reconfiguring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@code services/identity-server/*} options and runs an {@link IdentityServer}, kept in
 * {@code ${karaf.data}/bitdust/idserver}, while {@code enabled} is true; a change of an option restarts it. It
 * listens on all interfaces ({@value #BIND_HOST}), since peers elsewhere must reach it, and accepts IDURLs on
 * {@code http://<host>:<web-port>/}. A new web-port must be free on all interfaces; while the running server hosts
 * identities, its host and web-port cannot change, as every hosted IDURL (this node's own, when it was created here)
 * names them.
 */
@Component(immediate = true)
public final class IdentityServerComponent {
    static final String BIND_HOST = "0.0.0.0";
    static final Option ENABLED = Option.of("services/identity-server/enabled", OptionType.BOOLEAN, "false",
            "Run an identity server in this node");
    static final Option HOST = Option.of("services/identity-server/host", OptionType.HOST, "127.0.0.1",
            "Public host name or address of the identity server, as it appears in the IDURLs it accepts");
    static final Option PORT = Option.of("services/identity-server/web-port", OptionType.PORT, "8084",
            "Port of the identity server (HTTP, all interfaces); also the port of the IDURLs it accepts")
            .checkedBy(OptionCheck.portFreeOn(BIND_HOST));
    private static final Logger LOG = LoggerFactory.getLogger(IdentityServerComponent.class);

    /** The file in the data folder that holds the running server's base address, for the launcher. */
    static final String ADDRESS_FILE = "idserver.url";

    private final ConfigService config;
    private final Path folder;
    private final Path addressFile;
    private final Reconfiguring<IdentityServer> server;

    /**
     * @param config  where the options live
     * @param context the bundle's context, for the data folder
     */
    @Activate
    public IdentityServerComponent(@Reference ConfigService config, BundleContext context) {
        this(config, NodeFolders.data(context::getProperty));
    }

    IdentityServerComponent(ConfigService config, Path data) {
        this.config = config;
        this.folder = data.resolve("idserver");
        this.addressFile = data.resolve(ADDRESS_FILE);
        removeAddress();
        this.server = Reconfiguring.of(config, "identity server", this::startServer, this::stopServer)
                .options(List.of(ENABLED, HOST.checkedBy(this::keepHostedReachable),
                        PORT.checkedBy(this::keepHostedReachable)))
                .start();
    }

    @Deactivate
    void stop() {
        server.close();
    }

    /** A check of use of host and web-port: they are in the IDURLs of every identity the server hosts. */
    private void keepHostedReachable(OptionValue change) {
        IdentityServer running = server.current();
        int hosted = running == null ? 0 : running.hostedIdentities();
        if (hosted > 0) {
            throw new BitDustException(ErrorCode.CONFLICT, "the identity server hosts " + hosted + " identities whose "
                    + "IDURLs name " + running.base() + "; they would all become unreachable if it moved");
        }
    }

    private IdentityServer startServer() {
        if (!config.getBoolean(ENABLED.key())) {
            return null;
        }
        IdentityServer started = new IdentityServer(folder, BIND_HOST, config.getInt(PORT.key()),
                config.get(HOST.key()).value());
        LOG.info("Identity server on port {}, accepting IDURLs on {}/", started.port(), started.base());
        try {
            AtomicFiles.write(addressFile, (started.base() + "/\n").getBytes(StandardCharsets.US_ASCII));
        } catch (BitDustException e) {
            LOG.warn("Cannot publish the identity server's address: {}", e.getMessage());
        }
        return started;
    }

    private void stopServer(IdentityServer running) {
        removeAddress();
        running.close();
        LOG.info("Identity server stopped");
    }

    private void removeAddress() {
        try {
            Files.deleteIfExists(addressFile);
        } catch (IOException e) {
            LOG.warn("Cannot remove {}: {}", addressFile, e.getMessage());
        }
    }
}
