package io.bitdust.transport.tcp.internal;

import io.bitdust.transport.spi.Frame;
import io.bitdust.transport.spi.InboundSink;
import io.bitdust.transport.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP transport, usable without OSGi: it listens on one port and keeps one persistent connection per peer
 * contact, used in both directions (the side that dials says HELLO with its own contact, so the other side answers
 * through the same connection). Threads: one acceptor, two per connection, one timer; all stopped by {@link #stop}.
 */
public final class TcpTransport implements Transport {
    /** The protocol name and contact scheme. */
    public static final String PROTOCOL = "tcp";

    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

    private final String bindHost;
    private final int port;
    private final String contactHost;
    private final TcpLimits limits;
    private final ExecutorService threads;
    private final ScheduledThreadPoolExecutor timer;
    private final Semaphore slots;
    private final Map<String, CompletableFuture<TcpConnection>> byContact = new ConcurrentHashMap<>();
    private final Map<TcpConnection, Boolean> open = new ConcurrentHashMap<>();
    private volatile ServerSocket server;
    private volatile InboundSink sink;
    private volatile String contact;

    /**
     * @param bindHost    the address to listen on, e.g. {@code 0.0.0.0}
     * @param port        the port to listen on, 0 for any free one
     * @param contactHost the host peers reach this node at, put into the contact
     * @param limits      timeouts and the connection limit
     */
    public TcpTransport(String bindHost, int port, String contactHost, TcpLimits limits) {
        this.bindHost = bindHost;
        this.port = port;
        this.contactHost = contactHost;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxConnections());
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> daemon(r, "bitdust-tcp-" + count.incrementAndGet()));
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "bitdust-tcp-timer"));
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public List<String> start(InboundSink inbound) throws IOException {
        this.sink = inbound;
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(bindHost, port), 64);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + bindHost + ":" + port + ": " + e.getMessage(), e);
        }
        server = socket;
        contact = PROTOCOL + "://" + contactHost + ":" + socket.getLocalPort();
        threads.execute(this::acceptLoop);
        return List.of(contact);
    }

    /** @return the port it listens on, once started */
    public int port() {
        return server.getLocalPort();
    }

    @Override
    public CompletionStage<Void> send(String to, Frame frame) {
        CompletableFuture<TcpConnection> connection = connection(to);
        return connection.thenCompose(c -> c.isClosed() ? retry(to, frame, connection) : c.send(frame));
    }

    @Override
    public void stop() {
        try {
            ServerSocket socket = server;
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            LOG.debug("Closing the server socket", e);
        }
        open.keySet().forEach(connection -> connection.close("the TCP transport stopped"));
        byContact.values().forEach(connection -> connection.cancel(false));
        threads.shutdownNow();
        timer.shutdownNow();
    }

    /** Registers an incoming connection under the contact its HELLO names, when the address matches. */
    void hello(TcpConnection connection, String peerContact) {
        if (peerContact.isEmpty()) {
            return;
        }
        try {
            URI uri = URI.create(peerContact);
            String remote = connection.peer();
            if (!PROTOCOL.equals(uri.getScheme()) || uri.getHost() == null
                    || !remote.startsWith("/" + uri.getHost() + ":")) {
                LOG.debug("{} says HELLO as {}; not used for replies", remote, peerContact);
                return;
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("{} says HELLO with the malformed contact {}", connection.peer(), peerContact);
            return;
        }
        CompletableFuture<TcpConnection> known = byContact.putIfAbsent(peerContact,
                CompletableFuture.completedFuture(connection));
        if (known != null && known.isDone() && !known.isCompletedExceptionally() && known.join().isClosed()) {
            byContact.replace(peerContact, known, CompletableFuture.completedFuture(connection));
        }
    }

    /** Forgets a closed connection. */
    void closed(TcpConnection connection) {
        if (open.remove(connection) != null) {
            slots.release();
        }
        byContact.entrySet().removeIf(entry -> entry.getValue().isDone() && !entry.getValue().isCompletedExceptionally()
                && entry.getValue().join() == connection);
    }

    private CompletionStage<Void> retry(String to, Frame frame, CompletableFuture<TcpConnection> stale) {
        byContact.remove(to, stale);
        return connection(to).thenCompose(c -> c.send(frame));
    }

    /** @return the connection to a contact, open or being opened; a failed attempt is forgotten */
    private CompletableFuture<TcpConnection> connection(String to) {
        CompletableFuture<TcpConnection> connection = byContact.computeIfAbsent(to, this::dial);
        connection.exceptionally(error -> {
            byContact.remove(to, connection);
            return null;
        });
        return connection;
    }

    private CompletableFuture<TcpConnection> dial(String to) {
        CompletableFuture<TcpConnection> dialled = new CompletableFuture<>();
        try {
            threads.execute(() -> connect(to, dialled));
        } catch (RuntimeException e) {
            dialled.completeExceptionally(new IOException("the TCP transport is stopped"));
        }
        return dialled;
    }

    private void connect(String to, CompletableFuture<TcpConnection> dialled) {
        Socket socket = new Socket();
        try {
            URI uri = URI.create(to);
            if (!PROTOCOL.equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                throw new IOException("'" + to + "' is not a tcp://host:port contact");
            }
            if (!slots.tryAcquire()) {
                throw new IOException("too many TCP connections (" + limits.maxConnections() + ")");
            }
            try {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MILLIS);
                dialled.complete(open(socket, true));
            } catch (IOException | RuntimeException e) {
                slots.release();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            dialled.completeExceptionally(new IOException("cannot connect to " + to + ": " + e.getMessage(), e));
        }
    }

    private void acceptLoop() {
        ServerSocket socket = server;
        while (!socket.isClosed()) {
            Socket accepted;
            try {
                accepted = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("Accepting TCP connections failed: {}", e.toString());
                }
                return;
            }
            if (!slots.tryAcquire()) {
                LOG.warn("Refusing the TCP connection from {}: {} are open already", accepted.getRemoteSocketAddress(),
                        limits.maxConnections());
                closeQuietly(accepted);
                continue;
            }
            try {
                open(accepted, false);
            } catch (IOException | RuntimeException e) {
                slots.release();
                closeQuietly(accepted);
                LOG.debug("Cannot open the connection from {}: {}", accepted.getRemoteSocketAddress(), e.toString());
            }
        }
    }

    private TcpConnection open(Socket socket, boolean dialled) throws IOException {
        TcpConnection connection = new TcpConnection(socket, dialled, limits, sink, this, timer);
        open.put(connection, Boolean.TRUE);
        connection.start(threads, contact);
        return connection;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a socket", e);
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
