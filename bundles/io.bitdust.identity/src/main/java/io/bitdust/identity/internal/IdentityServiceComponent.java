package io.bitdust.identity.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.PropagationResult;
import io.bitdust.identity.Publication;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link LocalIdentity}, kept in {@code ${karaf.data}/bitdust/identity.json}, as the
 * {@link IdentityService}. Owns the options of the node's name and of the known identity servers. On the first start
 * it creates the identity; from then on the identity keeps itself published until the component stops.
 */
@Component(service = IdentityService.class, immediate = true)
public final class IdentityServiceComponent implements IdentityService {
    static final Option NICKNAME = Option.of("personal/nickname",
            OptionType.string("3 to 32 of a-z, 0-9, _ and -, starting with a letter or digit, or empty",
                    n -> n.isEmpty() || IdUrl.isValidName(n)), "",
            "User name of this node on identity servers when its identity is created (3 to 32 of a-z, 0-9, _ and -); "
                    + "empty for a generated node-<8 hex>");
    static final Option KNOWN_SERVERS = Option.of("services/identity-propagate/known-servers", OptionType.STRING, "",
            "Identity servers (host:port of their web port, comma-separated) that host the IDURLs of a new identity");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(IdentityServiceComponent.class);

    private final ConfigService.Declaration declaration;
    private final LocalIdentity identity;

    /**
     * @param keys    the node's keys
     * @param config  where the options live
     * @param context the bundle's context, for the data folder
     */
    @Activate
    public IdentityServiceComponent(@Reference KeyRing keys, @Reference ConfigService config, BundleContext context) {
        this.declaration = config.declare(List.of(NICKNAME, KNOWN_SERVERS));
        try {
            this.identity = new LocalIdentity(NodeFolders.data(context::getProperty), keys,
                    () -> servers(config.get(KNOWN_SERVERS.key()).value()), TIMEOUT, Clock.systemUTC());
            if (identity.identity().isEmpty()) {
                identity.create(username(config.get(NICKNAME.key()).value()));
            }
        } catch (RuntimeException e) {
            declaration.close();
            throw e;
        }
    }

    @Deactivate
    void stop() {
        identity.close();
        declaration.close();
    }

    @Override
    public Optional<Identity> identity() {
        return identity.identity();
    }

    @Override
    public Identity create(String username) {
        return identity.create(username);
    }

    @Override
    public Identity update(UnaryOperator<Identity.Builder> change) {
        return identity.update(change);
    }

    @Override
    public List<PropagationResult> propagate() {
        return identity.propagate();
    }

    @Override
    public Identity recover(Identity recovered) {
        return identity.recover(recovered);
    }

    @Override
    public List<Publication> publication() {
        return identity.publication();
    }

    @Override
    public Subscription subscribe(Consumer<Identity> listener) {
        return identity.subscribe(listener);
    }

    @Override
    public void beforeRecovery(Identity next) {
        identity.beforeRecovery(next);
    }

    @Override
    public Subscription subscribeBeforeRecovery(Consumer<Identity> listener) {
        return identity.subscribeBeforeRecovery(listener);
    }

    static List<String> servers(String option) {
        return Arrays.stream(option.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String username(String nickname) {
        if (IdUrl.isValidName(nickname)) {
            return nickname;
        }
        if (!nickname.isEmpty()) {
            LOG.warn("personal/nickname '{}' is not a valid user name; generating one", nickname);
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return "node-" + HexFormat.of().formatHex(random);
    }
}
