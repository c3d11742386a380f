package io.bitdust.transport.http.internal;

import io.bitdust.jetty.JettyServer;
import io.bitdust.transport.packet.PacketException;
import io.bitdust.transport.spi.Frame;
import io.bitdust.transport.spi.InboundSink;
import io.bitdust.transport.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport, usable without OSGi: its own Jetty server takes {@code POST /bitdust} with one encoded packet as
 * the body (answering 202 once the gateway has it, 400 when it is not a packet, 411 without a length, 413 when too
 * long); sending POSTs to the peer's contact with a fixed length, streamed from the packet. Threads: Jetty's and a
 * small pool for sending; all stopped by {@link #stop}.
 */
public final class HttpTransport implements Transport {
    /** The protocol name and contact scheme. */
    public static final String PROTOCOL = "http";
    /** The path packets are posted to. */
    public static final String PATH = "/bitdust";

    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final int IDLE_TIMEOUT_MILLIS = 30_000;
    private static final int SENDERS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final String bindHost;
    private final int port;
    private final String portSetting;
    private final String contactHost;
    private final ExecutorService senders;
    private volatile JettyServer server;

    /**
     * @param bindHost    the address to listen on, e.g. {@code 0.0.0.0}
     * @param port        the port to listen on, 0 for any free one
     * @param contactHost the host peers reach this node at, put into the contact
     */
    public HttpTransport(String bindHost, int port, String contactHost) {
        this(bindHost, port, "the HTTP transport's port", contactHost);
    }

    /**
     * @param bindHost    the address to listen on, e.g. {@code 0.0.0.0}
     * @param port        the port to listen on, 0 for any free one
     * @param portSetting what a user sets to move the port, e.g. the option key
     *                    {@code services/http-connections/http-port}; named when the port cannot be bound
     * @param contactHost the host peers reach this node at, put into the contact
     */
    public HttpTransport(String bindHost, int port, String portSetting, String contactHost) {
        this.bindHost = bindHost;
        this.port = port;
        this.portSetting = portSetting;
        this.contactHost = contactHost;
        AtomicInteger count = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(SENDERS, r -> {
            Thread thread = new Thread(r, "bitdust-http-send-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public List<String> start(InboundSink sink) throws IOException {
        try {
            server = JettyServer.on(bindHost, port).threads("bitdust-http-transport", 16, 2)
                    .idleTimeout(Duration.ofMillis(IDLE_TIMEOUT_MILLIS))
                    .servlet(PATH, "bitdust-transport", new InboundServlet(sink)).start();
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; set " + portSetting + " to a free port", e);
        }
        if (senders.isShutdown()) {
            // stop() ran while the server was starting and could not see it.
            stopServer();
            throw new IOException("the HTTP transport is stopped");
        }
        return List.of(PROTOCOL + "://" + contactHost + ":" + server.port() + PATH);
    }

    /** @return the port it listens on, once started */
    public int port() {
        return server.port();
    }

    @Override
    public CompletionStage<Void> send(String contact, Frame frame) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            senders.execute(() -> {
                try {
                    post(contact, frame);
                    sent.complete(null);
                } catch (IOException | RuntimeException e) {
                    sent.completeExceptionally(new IOException("POST to " + contact + " failed: " + e.getMessage(),
                            e));
                }
            });
        } catch (RejectedExecutionException e) {
            sent.completeExceptionally(new IOException("the HTTP transport is stopped"));
        }
        // The frame's time-out bounds the whole send, waiting for a sender thread included (Frame#timeout).
        return sent.orTimeout(frame.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        senders.shutdownNow();
        stopServer();
    }

    private void stopServer() {
        JettyServer jetty = server;
        if (jetty == null) {
            return;
        }
        try {
            jetty.close();
        } catch (IOException e) {
            LOG.warn("Stopping the HTTP transport's server failed: {}", e.getMessage());
        }
    }

    private void post(String contact, Frame frame) throws IOException {
        URI uri = URI.create(contact);
        if (!PROTOCOL.equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException("'" + contact + "' is not an http:// contact");
        }
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, frame.timeout().toMillis()));
            connection.setFixedLengthStreamingMode(frame.length());
            connection.setRequestProperty("Content-Type", "application/octet-stream");
            try (OutputStream out = connection.getOutputStream()) {
                frame.writeTo(out);
            }
            int status = connection.getResponseCode();
            if (status != HttpServletResponse.SC_ACCEPTED) {
                throw new IOException("HTTP " + status + " " + answer(connection.getErrorStream()));
            }
            connection.getInputStream().close();
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static String answer(InputStream error) throws IOException {
        if (error == null) {
            return "";
        }
        try (InputStream in = error) {
            return new String(in.readNBytes(200), StandardCharsets.UTF_8).trim();
        }
    }

    /** Hands each posted packet to the gateway. */
    private static final class InboundServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        private final transient InboundSink sink;

        InboundServlet(InboundSink sink) {
            this.sink = sink;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long length = request.getContentLengthLong();
            if (length < 0) {
                response.sendError(HttpServletResponse.SC_LENGTH_REQUIRED, "a packet needs a Content-Length");
                return;
            }
            if (length > sink.maxLength()) {
                response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "a packet of " + length
                        + " bytes exceeds the limit " + sink.maxLength());
                return;
            }
            try {
                sink.receive(request.getInputStream(), (int) length);
            } catch (PacketException e) {
                LOG.warn("Refused a packet posted from {}: {}", request.getRemoteAddr(), e.getMessage());
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
                return;
            }
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
        }
    }
}
