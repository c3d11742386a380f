package io.bitdust.network;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.identity.Identity;
import io.bitdust.idserver.internal.IdentityServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many nodes and identity servers in one JVM, each in its own folder under one root, all on free ports of
 * {@value Node#HOST}: the test kit of the multi-node tests and the network benchmarks. A typical test:
 *
 * <pre>
 * try (Network network = new Network(folder)) {
 *     Node alice = network.node("alice");
 *     Node bob = network.node("bob");
 *     network.awaitPublished();
 *     alice.ping(bob);
 * }
 * </pre>
 *
 * Thread-safe. {@link #close} stops every node, then every identity server.
 */
public final class Network implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Network.class);
    private static final int HTTP_TIMEOUT_MILLIS = 10_000;
    /** Every node of the kit registers from {@value Node#HOST}: the servers' cap of names per address is lifted. */
    private static final IdentityServer.Limits LIMITS = new IdentityServer.Limits(IdentityServer.MAX_IDENTITIES,
            IdentityServer.MAX_IDENTITIES, IdentityServer.FRESHNESS);

    private final Path folder;
    private final List<IdentityServer> servers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    /**
     * @param folder the root: every node and identity server gets a folder under it
     */
    public Network(Path folder) {
        this.folder = folder;
    }

    /**
     * Starts another identity server on a free port of {@value Node#HOST}. Nodes created afterwards get an IDURL on
     * each identity server (up to {@link Identity#MAX_IDURLS}); nodes created before keep theirs.
     *
     * @return the server, closed by {@link #close}
     */
    public synchronized IdentityServer identityServer() {
        IdentityServer server = new IdentityServer(folder.resolve("idserver-" + (servers.size() + 1)), Node.HOST, 0,
                Node.HOST, LIMITS, Clock.systemUTC());
        servers.add(server);
        return server;
    }

    /** @return the running identity servers, {@code host:port} each, in the order they were started */
    public synchronized List<String> identityServers() {
        List<String> known = new ArrayList<>();
        for (IdentityServer server : servers) {
            known.add(Node.HOST + ":" + server.port());
        }
        return known;
    }

    /**
     * Creates and starts a node with {@link NodeSettings#DEFAULT}: {@link #node(String, NodeSettings)}.
     *
     * @param name the node's name
     * @return the started node
     */
    public Node node(String name) {
        return node(name, NodeSettings.DEFAULT);
    }

    /**
     * Creates and starts a node in the folder of its name; starts an identity server first when there is none. Returns
     * at once: {@link Node#awaitPublished} or {@link #awaitPublished} waits until peers can reach it.
     *
     * @param name     the node's name, also its user name on the identity servers (3 to 32 of a-z, 0-9, _ and -)
     * @param settings how to wire it
     * @return the started node, stopped by {@link #close}
     * @throws IllegalArgumentException when a node of that name exists
     */
    public synchronized Node node(String name, NodeSettings settings) {
        if (nodes.stream().anyMatch(node -> node.name().equals(name))) {
            throw new IllegalArgumentException("a node named " + name + " exists already");
        }
        if (servers.isEmpty()) {
            identityServer();
        }
        Node node = new Node(name, folder.resolve(name), settings, this);
        nodes.add(node);
        return node.start();
    }

    /** @return every node created, running or stopped, in the order they were created */
    public synchronized List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Waits until every running node is {@link Node#published()}, each for at most {@link Await#LIMIT}. */
    public void awaitPublished() {
        for (Node node : nodes()) {
            if (node.running()) {
                node.awaitPublished();
            }
        }
    }

    /**
     * Reads an identity as its identity server serves it now (no cache in between).
     *
     * @param idurl the IDURL
     * @return the identity, its signature checked
     * @throws BitDustException NOT_FOUND when the server has none, UNAVAILABLE when it cannot be read
     */
    public Identity published(IdUrl idurl) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(idurl.toString()).toURL().openConnection();
            connection.setConnectTimeout(HTTP_TIMEOUT_MILLIS);
            connection.setReadTimeout(HTTP_TIMEOUT_MILLIS);
            try {
                int status = connection.getResponseCode();
                if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                    throw BitDustException.notFound("no identity at " + idurl);
                }
                if (status != HttpURLConnection.HTTP_OK) {
                    throw BitDustException.unavailable(idurl + " answered HTTP " + status);
                }
                try (InputStream in = connection.getInputStream()) {
                    return Identity.parse(in.readNBytes(Identity.MAX_SIZE + 1));
                }
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw BitDustException.unavailable("cannot read " + idurl + ": " + e.getMessage());
        }
    }

    /** Stops every node, then every identity server; failures are logged and the rest still stops. */
    @Override
    public void close() {
        // Not under this network's lock: a stopping node's threads may still ask for the identity servers (a
        // family deciding under its own lock did, while close held this one and waited for that family: deadlock).
        List<Node> running;
        List<IdentityServer> started;
        synchronized (this) {
            running = List.copyOf(nodes);
            started = List.copyOf(servers);
        }
        for (Node node : running) {
            try {
                node.stop();
            } catch (RuntimeException e) {
                LOG.warn("Stopping {} failed", node, e);
            }
        }
        for (IdentityServer server : started) {
            try {
                server.close();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the identity server on port {} failed", server.port(), e);
            }
        }
        synchronized (this) {
            servers.removeAll(started);
        }
    }
}
