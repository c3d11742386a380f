package io.bitdust.jetty;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.servlet.http.HttpServlet;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty server of a bundle's own (not the OSGi HTTP whiteboard): one connector on a host and port, servlets
 * in one context without sessions, a bounded thread pool with named threads, no {@code Server} header or
 * {@code X-Powered-By}, error pages that show no stack or server version, and a bounded stop. Started through
 * {@link #on}; one instance per port: to move to another port, start a new server and close this one. Thread-safe.
 *
 * <pre>{@code
 * JettyServer server = JettyServer.on("127.0.0.1", 0)
 *         .threads("bitdust-api-http", 16, 2)
 *         .servlet("/api/v1/*", "api", new ApiServlet(api))
 *         .start();
 * }</pre>
 */
public final class JettyServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final String host;

    private JettyServer(Setup setup) throws IOException {
        this.host = setup.host;
        QueuedThreadPool threads = new QueuedThreadPool(setup.maxThreads, setup.minThreads);
        threads.setName(setup.threadName);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // Neither the Server header nor the error pages tell which server and version answer.
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(setup.host);
        connector.setPort(setup.port);
        if (setup.idleTimeout != null) {
            connector.setIdleTimeout(setup.idleTimeout.toMillis());
        }
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        for (Mapping mapping : setup.servlets) {
            context.addServlet(new ServletHolder(mapping.name, mapping.servlet), mapping.pathSpec);
        }
        context.setErrorHandler(setup.errorPages.get());
        server.setHandler(context);
        server.setErrorHandler(setup.errorPages.get());
        server.setStopTimeout(setup.stopTimeout.toMillis());
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new IOException("cannot listen on " + setup.host + ":" + setup.port + " (" + reason(e) + ")", e);
        }
    }

    /**
     * Starts describing a server.
     *
     * @param host the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0} for every interface
     * @param port the port, 0 for any free one
     * @return the setup: 16 threads at most, 2 at least, named {@code bitdust-jetty}; Jetty's idle timeout (30 s);
     *     a 2 s stop timeout; quiet error pages; no servlets yet
     * @throws IllegalArgumentException for a blank host or a port out of 0 to 65535
     */
    public static Setup on(String host, int port) {
        return new Setup(host, port);
    }

    /** @return the port it listens on (the one chosen, when started on port 0) */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return the address it listens on, as given to {@link #on} */
    public String host() {
        return host;
    }

    /**
     * Stops the server: the connector first, then requests in progress get up to the stop timeout; all its threads
     * end. Idempotent.
     *
     * @throws IOException when Jetty could not stop cleanly
     */
    @Override
    public void close() throws IOException {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IOException("cannot stop the server on " + host + ":" + port() + " (" + reason(e) + ")", e);
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // The start failure is what the caller must hear about.
        }
    }

    /** Jetty wraps the socket's error ("Failed to bind to ..."); the cause says why ("Address already in use"). */
    private static String reason(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Error pages that show no stack, servlet name or message in the title. */
    private static ErrorHandler quietErrorPages() {
        ErrorHandler pages = new ErrorHandler();
        pages.setShowStacks(false);
        pages.setShowServlet(false);
        pages.setShowMessageInTitle(false);
        return pages;
    }

    /** How a {@link JettyServer} is made. Not thread-safe; use it once. */
    public static final class Setup {
        private final String host;
        private final int port;
        private final List<Mapping> servlets = new ArrayList<>();
        private String threadName = "bitdust-jetty";
        private int maxThreads = 16;
        private int minThreads = 2;
        private Duration idleTimeout;
        private Duration stopTimeout = Duration.ofSeconds(2);
        private Supplier<? extends ErrorHandler> errorPages = JettyServer::quietErrorPages;

        private Setup(String host, int port) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("a server needs a host to listen on");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range: allowed 0 to 65535");
            }
            this.host = host;
            this.port = port;
        }

        /**
         * @param name the prefix of the pool's thread names, e.g. {@code bitdust-idserver}
         * @param max  the most threads (acceptor and selector included, so at least 4)
         * @param min  the threads kept while idle
         * @return this
         * @throws IllegalArgumentException when max is below 4 or min is not between 1 and max
         */
        public Setup threads(String name, int max, int min) {
            if (max < 4 || min < 1 || min > max) {
                throw new IllegalArgumentException("a server's pool needs at least 4 threads and 1 to max kept idle, "
                        + "not max " + max + " and min " + min);
            }
            this.threadName = Objects.requireNonNull(name, "name");
            this.maxThreads = max;
            this.minThreads = min;
            return this;
        }

        /**
         * @param timeout how long an idle connection stays open
         * @return this
         */
        public Setup idleTimeout(Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param timeout how long {@link JettyServer#close} lets requests in progress finish (default 2 s)
         * @return this
         */
        public Setup stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param pages makes the error handler of the server and of its context (one each), e.g. one that answers
         *              JSON; the default shows no stack, servlet or message in the title
         * @return this
         */
        public Setup errorPages(Supplier<? extends ErrorHandler> pages) {
            this.errorPages = Objects.requireNonNull(pages, "pages");
            return this;
        }

        /**
         * @param pathSpec where it serves, in servlet syntax: {@code /}, {@code /api/v1/*}, {@code /bitdust}
         * @param name     the servlet's name
         * @param servlet  the servlet
         * @return this
         */
        public Setup servlet(String pathSpec, String name, HttpServlet servlet) {
            servlets.add(new Mapping(pathSpec, name, servlet));
            return this;
        }

        /**
         * Starts the server.
         *
         * @return the running server
         * @throws IOException {@code cannot listen on <host>:<port> (<reason>)} when it cannot start, e.g. the port
         *     is taken (its cause chain holds the {@link java.net.BindException}); nothing is left running then
         */
        public JettyServer start() throws IOException {
            return new JettyServer(this);
        }
    }

    private static final class Mapping {
        final String pathSpec;
        final String name;
        final HttpServlet servlet;

        Mapping(String pathSpec, String name, HttpServlet servlet) {
            this.pathSpec = Objects.requireNonNull(pathSpec, "pathSpec");
            this.name = Objects.requireNonNull(name, "name");
            this.servlet = Objects.requireNonNull(servlet, "servlet");
        }
    }
}
