package io.bitdust.sample.transport.internal;

import io.bitdust.transport.packet.PacketException;
import io.bitdust.transport.spi.Frame;
import io.bitdust.transport.spi.InboundSink;
import io.bitdust.transport.spi.Transport;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sample transport plugin, built outside the features and hot-deployed by dropping its jar into Karaf's
 * {@code deploy/} folder: {@code tcp2://host:port}, TCP with the simplest framing. The sender opens one connection
 * per packet and writes the packet's length (4 bytes, big-endian) and the encoded packet; the receiver hands it to
 * the gateway, answers one byte, 1, and the connection is closed. Threads: one acceptor, one per connection (at most
 * 16 inbound), one timer closing connections past their deadline (10 s plus 1 s per 256 KiB); {@link #stop} ends
 * them all. A plain class, usable without OSGi: {@link Tcp2TransportComponent} registers it.
 */
public final class Tcp2Transport implements Transport {
    /** The protocol name and contact scheme. */
    public static final String PROTOCOL = "tcp2";

    private static final int OK = 1;
    private static final int MAX_INBOUND = 16;
    private static final int HEADER_TIMEOUT_MILLIS = 10_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long BASE_TIMEOUT_MILLIS = 10_000;
    private static final long BYTES_PER_SECOND = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Tcp2Transport.class);

    private final String host;
    private final int port;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> daemon(r, "bitdust-tcp2"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "bitdust-tcp2-timer"));
    private final Semaphore inbound = new Semaphore(MAX_INBOUND);
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    private volatile InboundSink sink;

    /**
     * @param host the address to listen on, also published in the contact
     * @param port the port to listen on, 0 for any free one
     */
    public Tcp2Transport(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public List<String> start(InboundSink to) throws IOException {
        sink = to;
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        open.add(server);
        threads.execute(() -> accept(server));
        return List.of(PROTOCOL + "://" + host + ":" + server.getLocalPort());
    }

    @Override
    public CompletionStage<Void> send(String contact, Frame frame) {
        CompletableFuture<Void> delivery = new CompletableFuture<>();
        try {
            threads.execute(() -> deliver(contact, frame, delivery));
        } catch (RejectedExecutionException e) {
            delivery.completeExceptionally(new IOException("the tcp2 transport is stopped"));
        }
        return delivery;
    }

    @Override
    public void stop() {
        open.forEach(Tcp2Transport::closeQuietly);
        threads.shutdownNow();
        timer.shutdownNow();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (inbound.tryAcquire()) {
                    threads.execute(() -> serve(socket));
                } else {
                    LOG.warn("Refusing the tcp2 connection from {}: {} are open", socket.getRemoteSocketAddress(),
                            MAX_INBOUND);
                    closeQuietly(socket);
                }
            } catch (IOException | RejectedExecutionException e) {
                if (!server.isClosed()) {
                    LOG.warn("Accepting tcp2 connections failed: {}", e.toString());
                }
                return;
            }
        }
    }

    /** Receives one packet: refuses a length out of range before reading, and a packet not read within its time. */
    private void serve(Socket socket) {
        open.add(socket);
        try (socket) {
            socket.setSoTimeout(HEADER_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            if (length < 1 || length > sink.maxLength()) {
                LOG.warn("Refusing the tcp2 packet from {}: {} bytes, the limit is {}",
                        socket.getRemoteSocketAddress(), length, sink.maxLength());
                return;
            }
            ScheduledFuture<?> deadline = closeAfter(socket, budget(length));
            try {
                sink.receive(in, length);
                socket.getOutputStream().write(OK);
            } finally {
                deadline.cancel(false);
            }
        } catch (IOException | PacketException e) {
            LOG.warn("Refusing the tcp2 packet from {}: {}", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            open.remove(socket);
            inbound.release();
        }
    }

    private void deliver(String contact, Frame frame, CompletableFuture<Void> delivery) {
        Socket socket = new Socket();
        open.add(socket);
        try (socket) {
            URI uri = URI.create(contact);
            if (!PROTOCOL.equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                throw new IOException("not a tcp2://host:port contact");
            }
            ScheduledFuture<?> deadline = closeAfter(socket, frame.timeout().toMillis());
            try {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MILLIS);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
                out.writeInt(frame.length());
                frame.writeTo(out);
                out.flush();
                if (socket.getInputStream().read() != OK) {
                    throw new IOException("the peer closed the connection without taking the packet");
                }
            } finally {
                deadline.cancel(false);
            }
            delivery.complete(null);
        } catch (IOException | RuntimeException e) {
            delivery.completeExceptionally(new IOException("sending to " + contact + " failed: " + e, e));
        } finally {
            open.remove(socket);
        }
    }

    /** @return the time a received packet of this length may take: 10 s plus 1 s per 256 KiB, as the gateway's rule */
    private static long budget(int length) {
        return BASE_TIMEOUT_MILLIS + length * 1000L / BYTES_PER_SECOND;
    }

    private ScheduledFuture<?> closeAfter(Socket socket, long millis) {
        return timer.schedule(() -> closeQuietly(socket), millis, TimeUnit.MILLISECONDS);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("Closing {}", closeable, e);
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
