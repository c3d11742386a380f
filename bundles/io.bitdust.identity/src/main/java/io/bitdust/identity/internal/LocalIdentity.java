package io.bitdust.identity.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.PropagationResult;
import io.bitdust.identity.Publication;
import io.bitdust.identity.ServiceOffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * My identity, kept in {@value #FILE} of the data folder and signed with the {@link KeyRing}. Its IDURLs are chosen
 * once, at creation, from the known identity servers; an {@link IdentityPublisher} keeps it published on the servers
 * of those IDURLs, from the constructor until {@link #close}. Usable without OSGi; thread-safe.
 */
public final class LocalIdentity implements IdentityService, AutoCloseable {
    /** The file of my identity inside the data folder. */
    public static final String FILE = "identity.json";
    /** The identity server assumed when none is known: one on this machine, on the default port. */
    public static final String DEFAULT_SERVER = "127.0.0.1:8084";

    private static final Logger LOG = LoggerFactory.getLogger(LocalIdentity.class);

    private final Path file;
    private final KeyRing keys;
    private final Supplier<List<String>> knownServers;
    private final Clock clock;
    private final IdentityPublisher publisher;
    private final List<Consumer<Identity>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Identity>> recoveryListeners = new CopyOnWriteArrayList<>();
    private volatile Identity current;

    /**
     * Loads my identity when the folder holds one.
     *
     * @param folder       the data folder; created when missing
     * @param keys         the node's keys
     * @param knownServers reads the known identity servers, {@code host:port} each, when an identity is created
     * @param timeout      the longest one exchange with an identity server may take
     * @param clock        the time of new revisions
     * @throws BitDustException INVALID_ARGUMENT when the stored identity is damaged
     */
    public LocalIdentity(Path folder, KeyRing keys, Supplier<List<String>> knownServers, Duration timeout,
            Clock clock) {
        this(folder, keys, knownServers, timeout, clock, IdentityPublisher.Schedule.DEFAULT);
    }

    /**
     * As {@link #LocalIdentity(Path, KeyRing, Supplier, Duration, Clock)}, publishing on another schedule.
     *
     * @param schedule when to publish again
     */
    LocalIdentity(Path folder, KeyRing keys, Supplier<List<String>> knownServers, Duration timeout, Clock clock,
            IdentityPublisher.Schedule schedule) {
        AtomicFiles.createFolder(folder);
        this.file = folder.resolve(FILE);
        this.keys = keys;
        this.knownServers = knownServers;
        this.clock = clock;
        this.current = Files.exists(file) ? load(file) : null;
        this.publisher = new IdentityPublisher(() -> current, this::revisePast,
                new HttpTransfer(timeout, Identity.MAX_SIZE), schedule, clock);
        if (current != null) {
            publisher.changed();
        }
        if (current != null && !current.signingKey().equals(keys.signingPublicKey())) {
            LOG.warn("My identity {} was signed with other keys than the node's; updating it will fail at the identity"
                    + " servers", current.idurl());
        }
    }

    @Override
    public Optional<Identity> identity() {
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized Identity create(String username) {
        if (current != null) {
            throw new BitDustException(ErrorCode.CONFLICT, "an identity exists already: " + current.idurl());
        }
        if (!IdUrl.isValidName(username)) {
            throw BitDustException.invalid("'" + username + "' is not a valid user name: use 3 to 32 of a-z, 0-9, _ "
                    + "and -, starting with a letter or digit");
        }
        Identity created = Identity.builder().idurls(idurls(knownServers.get(), username))
                .signingKey(keys.signingPublicKey())
                .agreementKey(keys.agreementPublicKey()).service(Identity.SUPPLIER, ServiceOffer.DISABLED)
                .nickname(username).revision(1).date(clock.instant()).sign(keys::sign);
        store(created);
        LOG.info("Created my identity {}", created.idurl());
        return created;
    }

    /**
     * @param servers  the known identity servers, {@code host:port} each; {@value #DEFAULT_SERVER} when empty
     * @param username the name on them
     * @return the IDURLs of a new identity: one per server, at most {@value Identity#MAX_IDURLS}
     */
    static List<IdUrl> idurls(List<String> servers, String username) {
        if (servers.isEmpty()) {
            LOG.warn("No identity server is known (services/identity-propagate/known-servers); using {}",
                    DEFAULT_SERVER);
            servers = List.of(DEFAULT_SERVER);
        }
        List<IdUrl> idurls = new ArrayList<>();
        for (String server : servers.subList(0, Math.min(servers.size(), Identity.MAX_IDURLS))) {
            idurls.add(IdUrl.of("http://" + server, username));
        }
        return idurls;
    }

    @Override
    public synchronized Identity update(UnaryOperator<Identity.Builder> change) {
        Identity previous = mine();
        Identity next = change.apply(previous.toBuilder()).idurls(previous.idurls())
                .signingKey(keys.signingPublicKey()).agreementKey(keys.agreementPublicKey())
                .revision(previous.revision() + 1).date(clock.instant()).sign(keys::sign);
        store(next);
        LOG.info("Updated my identity {} to revision {}", next.idurl(), next.revision());
        return next;
    }

    @Override
    public synchronized Identity recover(Identity identity) {
        if (!identity.signingKey().equals(keys.signingPublicKey())
                || !identity.agreementKey().equals(keys.agreementPublicKey())) {
            throw BitDustException.invalid("identity " + identity.idurl() + " has other keys than this node: import "
                    + "its keys first");
        }
        store(identity);
        LOG.info("Recovered my identity {} at revision {}", identity.idurl(), identity.revision());
        return identity;
    }

    /**
     * Signs my identity again, unchanged, as the revision after one an identity server holds: an older copy of my
     * identity was recovered, and the servers refuse anything but a newer revision.
     */
    private synchronized void revisePast(long stored) {
        Identity previous = current;
        if (previous == null || previous.revision() > stored) {
            return;
        }
        Identity next = previous.toBuilder().revision(stored + 1).date(clock.instant()).sign(keys::sign);
        store(next);
        LOG.info("Signed my identity {} again as revision {}, above the revision {} an identity server holds",
                next.idurl(), next.revision(), stored);
    }

    @Override
    public List<PropagationResult> propagate() {
        mine();
        return publisher.publishNow();
    }

    @Override
    public List<Publication> publication() {
        return publisher.publication();
    }

    @Override
    public Subscription subscribe(Consumer<Identity> listener) {
        Consumer<Identity> entry = listener::accept;
        listeners.add(entry);
        return () -> listeners.remove(entry);
    }

    @Override
    public void beforeRecovery(Identity next) {
        for (Consumer<Identity> listener : recoveryListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("A listener failed before the recovery of {}", next.idurl(), e);
            }
        }
    }

    @Override
    public Subscription subscribeBeforeRecovery(Consumer<Identity> listener) {
        Consumer<Identity> entry = listener::accept;
        recoveryListeners.add(entry);
        return () -> recoveryListeners.remove(entry);
    }

    /** Stops publishing; the identity stays readable. */
    @Override
    public void close() {
        publisher.close();
    }

    private Identity mine() {
        Identity identity = current;
        if (identity == null) {
            throw BitDustException.notFound("there is no identity yet: create one first");
        }
        return identity;
    }

    /** Stores a new identity, then publishes it and tells the listeners. */
    private void store(Identity identity) {
        AtomicFiles.write(file, identity.toJson());
        current = identity;
        publisher.changed();
        for (Consumer<Identity> listener : listeners) {
            try {
                listener.accept(identity);
            } catch (RuntimeException e) {
                LOG.warn("A listener failed on my identity revision {}", identity.revision(), e);
            }
        }
    }

    private static Identity load(Path file) {
        try {
            if (Files.size(file) > Identity.MAX_SIZE) {
                throw BitDustException.invalid("my identity in " + file + " is larger than " + Identity.MAX_SIZE
                        + " bytes");
            }
            return Identity.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot read my identity from " + file + ": " + e, e);
        }
    }
}
