package io.bitdust.network;

import io.bitdust.common.IdUrl;
import io.bitdust.config.ConfigService;
import io.bitdust.config.internal.Options;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.Publication;
import io.bitdust.identity.internal.HttpIdentityCache;
import io.bitdust.identity.internal.LocalIdentity;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.http.internal.HttpTransport;
import io.bitdust.transport.internal.PacketGateway;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.spi.Transport;
import io.bitdust.transport.tcp.internal.TcpTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node wired from the plain classes, as a Karaf node wires them through DS: options ({@link Options}), keys
 * ({@link FileKeyRing}), my identity ({@link LocalIdentity}, which publishes itself on the identity servers), the
 * peers' identities ({@link HttpIdentityCache}), the {@link PacketGateway}, TCP and HTTP transports on free ports of
 * {@value #HOST},
 * packet handlers and {@link Extension extensions}. Everything lives in the node's own data folder, so {@link #stop}
 * and {@link #start} keep its keys, identity and cached peers. Created by {@link Network#node}; thread-safe.
 */
public final class Node implements AutoCloseable {
    /** The address every node listens on and names in its contacts. */
    public static final String HOST = "127.0.0.1";
    /** How long {@link #ping(Node)} waits for the answer. */
    public static final Duration PING = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    private static final int PROBE_MILLIS = 2000;

    private final String name;
    private final Path folder;
    private final NodeSettings settings;
    private final Network network;
    private final Map<Object, Handler> handlers = new LinkedHashMap<>();
    private final Map<String, Transport> transports = new LinkedHashMap<>();
    private final List<AutoCloseable> extensions = new ArrayList<>();
    private volatile Options config;
    private volatile FileKeyRing keys;
    private volatile LocalIdentity identity;
    private volatile HttpIdentityCache cache;
    private volatile PacketGateway gateway;
    private volatile IdUrl idurl;

    Node(String name, Path folder, NodeSettings settings, Network network) {
        this.name = name;
        this.folder = folder;
        this.settings = settings;
        this.network = network;
    }

    /**
     * Starts the node: loads or creates its keys and identity (named after the node, on the network's identity
     * servers), starts its gateway, the transports of its settings, its handlers and extensions. Returns at once; the
     * transports start and the identity is published in the background: see {@link #awaitPublished}.
     *
     * @return this node
     * @throws IllegalStateException when it runs already, or a part fails to start (then nothing of it runs)
     */
    public synchronized Node start() {
        if (identity != null) {
            throw new IllegalStateException(name + " runs already");
        }
        try {
            config = new Options(folder.resolve("options.properties"), null, settings.environment());
            FileKeyRing ring = new FileKeyRing(folder.resolve("keys"), new SecureRandom());
            if (!ring.exists()) {
                ring.create();
            }
            keys = ring;
            LocalIdentity mine = new LocalIdentity(folder.resolve("identity"), ring, network::identityServers,
                    settings.timeout(), Clock.systemUTC());
            identity = mine;
            idurl = mine.identity().orElseGet(() -> mine.create(name)).idurl();
            cache = new HttpIdentityCache(folder.resolve("cache"), settings.timeout());
            gateway = new PacketGateway(mine, cache, ring, Clock.systemUTC());
            handlers.forEach(this::register);
            if (settings.tcp()) {
                addTransport(newTcp());
            }
            if (settings.http()) {
                addTransport(newHttp());
            }
            for (Extension extension : settings.extensions()) {
                extensions.add(extension.start(this));
            }
        } catch (Exception e) {
            stop();
            throw new IllegalStateException(name + " failed to start: " + e, e);
        }
        return this;
    }

    /**
     * Stops the extensions, the gateway with its transports and the identity publisher; the data folder stays, so
     * {@link #start} brings the same node back (on other ports). Does nothing when it is stopped.
     */
    public synchronized void stop() {
        for (int i = extensions.size() - 1; i >= 0; i--) {
            try {
                extensions.get(i).close();
            } catch (Exception e) {
                LOG.warn("{}: an extension failed to stop", name, e);
            }
        }
        extensions.clear();
        if (gateway != null) {
            gateway.close();
        }
        if (identity != null) {
            identity.close();
        }
        transports.clear();
        gateway = null;
        identity = null;
        cache = null;
        keys = null;
        config = null;
    }

    /**
     * Stops and starts the node, its data kept.
     *
     * @return this node
     */
    public Node restart() {
        stop();
        return start();
    }

    /** Stops the node: {@link #stop}. */
    @Override
    public void close() {
        stop();
    }

    /** @return whether the node runs */
    public boolean running() {
        return gateway != null;
    }

    /**
     * Adds a packet handler to the gateway; it stays across restarts until {@link #removeHandler}, and one added under
     * the same key replaces it.
     *
     * @param key      identifies the handler
     * @param commands the commands it serves
     * @param handler  the handler
     */
    public synchronized void handle(Object key, Set<Command> commands, PacketHandler handler) {
        Handler entry = new Handler(Set.copyOf(commands), handler);
        handlers.put(key, entry);
        if (gateway != null) {
            register(key, entry);
        }
    }

    /** @param key what {@link #handle} was given */
    public synchronized void removeHandler(Object key) {
        handlers.remove(key);
        if (gateway != null) {
            gateway.removeHandler(key);
        }
    }

    /** The one place the kit calls {@link PacketGateway#addHandler}. */
    private void register(Object key, Handler entry) {
        gateway.addHandler(key, entry.commands(), entry.handler());
    }

    /**
     * Starts a transport beside (or instead of one of the same protocol) the node's others, in the background; once
     * it listens its contacts join the identity.
     *
     * @param transport the transport, e.g. a {@link TcpTransport} on a given port
     * @return the transport
     * @throws IllegalStateException when the node is stopped
     */
    public synchronized <T extends Transport> T addTransport(T transport) {
        PacketGateway running = gateway();
        if (transports.containsKey(transport.protocol())) {
            removeTransport(transport.protocol());
        }
        transports.put(transport.protocol(), transport);
        running.addTransport(transport.protocol(), 0, transport);
        return transport;
    }

    /**
     * Stops a transport; its contacts leave the identity.
     *
     * @param protocol its protocol, e.g. {@code tcp}
     */
    public synchronized void removeTransport(String protocol) {
        if (transports.remove(protocol) != null) {
            gateway().removeTransport(protocol);
        }
    }

    /**
     * Cuts the node off: all its transports stop, and this returns once none of their ports takes connections. The
     * node keeps running (identity, gateway, handlers); {@link #reconnect} brings transports back.
     */
    public void cutOff() {
        List<String> contacts = new ArrayList<>();
        synchronized (this) {
            for (TransportDTO transport : gateway().transports()) {
                contacts.addAll(transport.contacts);
            }
            for (String protocol : List.copyOf(transports.keySet())) {
                removeTransport(protocol);
            }
        }
        for (String contact : contacts) {
            URI uri = URI.create(contact);
            Await.until(() -> refuses(uri.getHost(), uri.getPort()), name + " no longer listens at " + contact);
        }
    }

    /**
     * Starts the transports of the node's settings again after {@link #cutOff}, on new free ports; their contacts are
     * published, and peers find them through the identity servers. Returns at once: see {@link #awaitPublished}.
     */
    public synchronized void reconnect() {
        if (settings.tcp()) {
            addTransport(newTcp());
        }
        if (settings.http()) {
            addTransport(newHttp());
        }
    }

    /**
     * @return whether every transport is active, my identity lists exactly their contacts, and each identity server of
     *     my IDURLs has its current revision
     */
    public boolean published() {
        PacketGateway running = gateway;
        LocalIdentity mine = identity;
        if (running == null || mine == null || mine.identity().isEmpty()) {
            return false;
        }
        Set<String> contacts = new HashSet<>();
        for (TransportDTO transport : running.transports()) {
            if (!"active".equals(transport.state)) {
                return false;
            }
            contacts.addAll(transport.contacts);
        }
        if (!contacts.equals(Set.copyOf(mine.identity().orElseThrow().contacts()))) {
            return false;
        }
        List<Publication> publication = mine.publication();
        return !publication.isEmpty() && publication.stream().allMatch(Publication::current);
    }

    /**
     * Waits until {@link #published()}, for at most {@link Await#LIMIT}.
     *
     * @throws AssertionError naming the transports' and the publication's state when it does not happen in time
     */
    public void awaitPublished() {
        try {
            Await.until(this::published, name + "'s identity lists its transports' contacts on every identity server");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; now: " + describe(), e);
        }
    }

    /**
     * Pings a peer through the gateway, waiting at most {@link #PING}.
     *
     * @param peer the peer
     * @return what the gateway measured
     * @throws io.bitdust.common.BitDustException as {@link PacketGateway#ping} does
     */
    public PingDTO ping(Node peer) {
        return gateway().ping(peer.idurl(), PING);
    }

    /** @return my contacts as the first identity server of my IDURLs has them now */
    public List<String> contacts() {
        return network.published(idurl()).contacts();
    }

    /** @return the node's name, also its user name on the identity servers */
    public String name() {
        return name;
    }

    /** @return the node's own data folder */
    public Path folder() {
        return folder;
    }

    /** @return the settings the node was created with */
    public NodeSettings settings() {
        return settings;
    }

    /** @return my first IDURL, once started (it stays the same across restarts) */
    public IdUrl idurl() {
        IdUrl mine = idurl;
        if (mine == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return mine;
    }

    /** @return the gateway, while running */
    public PacketGateway gateway() {
        return running(gateway);
    }

    /** @return my identity, while running */
    public LocalIdentity identity() {
        return running(identity);
    }

    /**
     * @return the node's options, while running: a plain {@link ConfigService} over {@code options.properties} in its
     *     folder, so values set survive a restart; extensions declare their options in it
     */
    public ConfigService config() {
        return running(config);
    }

    /** @return the node's keys, while running */
    public FileKeyRing keys() {
        return running(keys);
    }

    /** @return the peers' identities, while running */
    public HttpIdentityCache cache() {
        return running(cache);
    }

    /** @return the running TCP transport */
    public TcpTransport tcp() {
        return transport(TcpTransport.PROTOCOL, TcpTransport.class);
    }

    /** @return the running HTTP transport */
    public HttpTransport http() {
        return transport(HttpTransport.PROTOCOL, HttpTransport.class);
    }

    /**
     * @param type what {@link Extension#start} returned, or a type it implements
     * @return the first running extension of that type
     * @throws IllegalStateException when none runs
     */
    public synchronized <T> T extension(Class<T> type) {
        for (AutoCloseable extension : extensions) {
            if (type.isInstance(extension)) {
                return type.cast(extension);
            }
        }
        throw new IllegalStateException(name + " runs no " + type.getSimpleName());
    }

    @Override
    public String toString() {
        return name;
    }

    private synchronized <T> T transport(String protocol, Class<T> type) {
        Transport transport = transports.get(protocol);
        if (!type.isInstance(transport)) {
            throw new IllegalStateException(name + " runs no " + protocol + " transport");
        }
        return type.cast(transport);
    }

    private String describe() {
        PacketGateway running = gateway;
        LocalIdentity mine = identity;
        if (running == null || mine == null) {
            return "stopped";
        }
        List<String> states = new ArrayList<>();
        for (TransportDTO transport : running.transports()) {
            states.add(transport.protocol + " " + transport.state + " " + transport.contacts
                    + (transport.reason == null ? "" : " (" + transport.reason + ")"));
        }
        return "transports " + states + ", identity contacts "
                + mine.identity().map(Identity::contacts).orElse(List.of()) + ", publication " + mine.publication();
    }

    private TcpTransport newTcp() {
        return new TcpTransport(HOST, 0, HOST, settings.tcpLimits());
    }

    private HttpTransport newHttp() {
        return new HttpTransport(HOST, 0, HOST);
    }

    private <T> T running(T part) {
        if (part == null) {
            throw new IllegalStateException(name + " is stopped");
        }
        return part;
    }

    private static boolean refuses(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_MILLIS);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Handler(Set<Command> commands, PacketHandler handler) {
    }
}
