package io.bitdust.transport.tcp.internal;

import io.bitdust.transport.spi.Frame;
import io.bitdust.transport.spi.InboundSink;
import io.bitdust.transport.spi.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP transport, usable without OSGi: it listens on one port and keeps one persistent connection per peer
 * contact, used in both directions (the side that dials says HELLO with its own contact, so the other side answers
 * through the same connection).
 *
 * <p>Threads: one acceptor while started, one timer while a packet awaits its ACK; per connection, one reader for its
 * whole life and one writer only while something is queued for it, so an idle connection holds one thread. Connections
 * are bounded by {@link TcpLimits#maxConnections()}, hence threads by twice that plus two; pooled threads end one
 * second after their last task, and {@link #stop} ends them all. Blocking sockets with a thread per connection were
 * kept rather than NIO because the {@link InboundSink} reads each packet as a blocking stream with back pressure,
 * which NIO would have to buffer whole, and the few hundred connections of a busy supplier cost one thread and about
 * 250 KiB of memory each, stack and buffers included (measured in {@code docs/transports.md}); Java 17 has no virtual
 * threads without preview.
 *
 * <p>An accepted connection must deliver its whole HELLO within {@link TcpLimits#helloTimeout()}, and at most
 * {@link TcpLimits#maxHandshakesPerAddress()} accepted connections from one remote address may be waiting for their
 * HELLO: idle sockets from one host cannot take the slots other peers need. Every connection, with or without HELLO,
 * counts towards {@link TcpLimits#maxConnections()}.
 *
 * <p>{@link #start} may be called again after it failed (e.g. while another process holds the port): a failed start
 * leaves no socket and no thread behind.
 */
public final class TcpTransport implements Transport {
    /** The protocol name and contact scheme. */
    public static final String PROTOCOL = "tcp";

    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final int BACKLOG = 64;
    private static final long THREAD_KEEP_ALIVE_SECONDS = 1;
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

    private final String bindHost;
    private final int port;
    private final String portSetting;
    private final String contactHost;
    private final TcpLimits limits;
    private final ThreadPoolExecutor threads;
    private final ScheduledThreadPoolExecutor timer;
    private final Semaphore slots;
    private final Map<String, CompletableFuture<TcpConnection>> byContact = new ConcurrentHashMap<>();
    private final Map<TcpConnection, Boolean> open = new ConcurrentHashMap<>();
    // Accepted connections still waiting for their HELLO, per remote address; guarded by itself.
    private final Map<InetAddress, Integer> handshakes = new HashMap<>();
    private volatile ServerSocket server;
    private volatile InboundSink sink;
    private volatile String contact;
    private volatile boolean stopped;

    /**
     * A transport whose bind failure names no option: for use outside a configured node (tests, benchmarks).
     *
     * @param bindHost    the address to listen on, e.g. {@code 0.0.0.0}
     * @param port        the port to listen on, 0 for any free one
     * @param contactHost the host peers reach this node at, put into the contact
     * @param limits      timeouts and connection limits
     */
    public TcpTransport(String bindHost, int port, String contactHost, TcpLimits limits) {
        this(bindHost, port, "the TCP port", contactHost, limits);
    }

    /**
     * @param bindHost    the address to listen on, e.g. {@code 0.0.0.0}
     * @param port        the port to listen on, 0 for any free one
     * @param portSetting what a user sets to move the port, e.g. the option key
     *                    {@code services/tcp-connections/tcp-port}; named when the port cannot be bound
     * @param contactHost the host peers reach this node at, put into the contact
     * @param limits      timeouts and connection limits
     */
    public TcpTransport(String bindHost, int port, String portSetting, String contactHost, TcpLimits limits) {
        this.bindHost = bindHost;
        this.port = port;
        this.portSetting = portSetting;
        this.contactHost = contactHost;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxConnections());
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, threadName(String.valueOf(count.incrementAndGet()))));
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, threadName("timer")));
        timer.setKeepAliveTime(THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    /**
     * Listens on the port. May be called again after it threw; not after it succeeded or after {@link #stop}.
     *
     * @throws IOException           when the port cannot be bound, with a message naming the address, the port, the
     *                               reason and the setting that moves the port
     * @throws IllegalStateException when already started or stopped
     */
    @Override
    public synchronized List<String> start(InboundSink inbound) throws IOException {
        if (stopped || server != null) {
            throw new IllegalStateException("the TCP transport is " + (stopped ? "stopped" : "started already"));
        }
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(bindHost, port), BACKLOG);
        } catch (IOException | RuntimeException e) {
            socket.close();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException("cannot listen on " + bindHost + ":" + port + " (" + reason + "); set "
                    + portSetting + " to a free port", e);
        }
        this.sink = inbound;
        contact = PROTOCOL + "://" + contactHost + ":" + socket.getLocalPort();
        server = socket;
        daemon(this::acceptLoop, threadName("accept")).start();
        return List.of(contact);
    }

    /** @return the port it listens on, once started */
    public int port() {
        return server.getLocalPort();
    }

    /** @return the number of connections open now, both directions */
    int openConnections() {
        return open.size();
    }

    @Override
    public CompletionStage<Void> send(String to, Frame frame) {
        CompletableFuture<TcpConnection> connection = connection(to);
        // The frame's time-out bounds the whole send, connecting and queueing included (Frame#timeout).
        return connection.thenCompose(c -> c.isClosed() ? retry(to, frame, connection) : c.send(frame))
                .orTimeout(frame.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        stopped = true;
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

    /** An accepted connection said HELLO or closed before it did: its address may open another. */
    void handshakeEnded(TcpConnection connection) {
        endHandshake(connection.remoteAddress());
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

    /** Takes a slot and connects on a pool thread; resolving the host happens there too, so this returns at once. */
    private CompletableFuture<TcpConnection> dial(String to) {
        URI uri;
        try {
            uri = URI.create(to);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !PROTOCOL.equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            return CompletableFuture.failedFuture(new IOException("'" + to + "' is not a tcp://host:port contact"));
        }
        if (stopped || contact == null) {
            return cannotConnect(to, "the TCP transport is " + (stopped ? "stopped" : "not started"));
        }
        if (!slots.tryAcquire()) {
            return cannotConnect(to, "too many TCP connections (" + limits.maxConnections() + ")");
        }
        CompletableFuture<TcpConnection> dialled = new CompletableFuture<>();
        String host = uri.getHost();
        int peerPort = uri.getPort();
        try {
            threads.execute(() -> connect(to, host, peerPort, dialled));
        } catch (RejectedExecutionException e) {
            slots.release();
            return cannotConnect(to, "the TCP transport is stopped");
        }
        return dialled;
    }

    /** Connects in a slot already taken, then serves the connection on this thread as its reader. */
    private void connect(String to, String host, int peerPort, CompletableFuture<TcpConnection> dialled) {
        Socket socket = new Socket();
        TcpConnection connection;
        try {
            socket.connect(new InetSocketAddress(host, peerPort), CONNECT_TIMEOUT_MILLIS);
            connection = register(socket, true);
        } catch (IOException | RuntimeException e) {
            slots.release();
            closeQuietly(socket);
            dialled.completeExceptionally(new IOException("cannot connect to " + to + ": " + e.getMessage(), e));
            return;
        }
        dialled.complete(connection);
        connection.run();
    }

    private static CompletableFuture<TcpConnection> cannotConnect(String to, String reason) {
        return CompletableFuture.failedFuture(new IOException("cannot connect to " + to + ": " + reason));
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
            admit(accepted);
        }
    }

    /** Takes an accepted socket into a slot, or closes it at once when its address or the transport is full. */
    private void admit(Socket accepted) {
        InetAddress address = accepted.getInetAddress();
        if (!startHandshake(address)) {
            LOG.warn("Refusing the TCP connection from {}: {} connections from {} have not said HELLO yet",
                    accepted.getRemoteSocketAddress(), limits.maxHandshakesPerAddress(), address.getHostAddress());
            closeQuietly(accepted);
            return;
        }
        if (!slots.tryAcquire()) {
            endHandshake(address);
            LOG.warn("Refusing the TCP connection from {}: {} are open already", accepted.getRemoteSocketAddress(),
                    limits.maxConnections());
            closeQuietly(accepted);
            return;
        }
        TcpConnection connection;
        try {
            connection = register(accepted, false);
        } catch (IOException | RuntimeException e) {
            endHandshake(address);
            slots.release();
            closeQuietly(accepted);
            LOG.debug("Cannot open the connection from {}: {}", accepted.getRemoteSocketAddress(), e.toString());
            return;
        }
        try {
            threads.execute(connection::run);
        } catch (RejectedExecutionException e) {
            connection.close("the TCP transport stopped");
        }
    }

    private boolean startHandshake(InetAddress address) {
        synchronized (handshakes) {
            int waiting = handshakes.getOrDefault(address, 0);
            if (waiting >= limits.maxHandshakesPerAddress()) {
                return false;
            }
            handshakes.put(address, waiting + 1);
            return true;
        }
    }

    private void endHandshake(InetAddress address) {
        synchronized (handshakes) {
            handshakes.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** Opens a connection in a slot already taken; a connection opened while stopping is closed at once. */
    private TcpConnection register(Socket socket, boolean dialled) throws IOException {
        TcpConnection connection = new TcpConnection(socket, dialled ? contact : null, limits, sink, this, threads,
                timer);
        open.put(connection, Boolean.TRUE);
        if (stopped) {
            connection.close("the TCP transport stopped");
        }
        return connection;
    }

    private String threadName(String suffix) {
        ServerSocket socket = server;
        return "bitdust-tcp-" + (socket == null ? port : socket.getLocalPort()) + "-" + suffix;
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
