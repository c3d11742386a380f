package io.bitdust.http.internal;

import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A Jetty server on 127.0.0.1 serving the API under {@code /api/v1} and the web page at {@code /}. One instance per
 * port: to move to another port, start a new gateway and stop this one.
 */
final class ApiGateway implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final Server server;
    private final ServerConnector connector;

    /**
     * Starts serving.
     *
     * @param api    what the gateway calls
     * @param secret what every API request must carry
     * @param port   the port to listen on, 0 for any free one
     * @throws BitDustException UNAVAILABLE naming the port when it cannot listen there
     */
    ApiGateway(BitDustApi api, ApiSecret secret, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("bitdust-api-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // Neither the Server header nor the error pages tell which server and version answer.
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(HOST);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.addServlet(new ServletHolder("api", new ApiServlet(api, secret)), "/api/v1/*");
        context.addServlet(new ServletHolder("api-root", new ApiServlet(api, secret)), "/api/v1");
        context.addServlet(new ServletHolder("web", new WebPageServlet()), "/");
        context.setErrorHandler(errorPages());
        server.setHandler(context);
        server.setErrorHandler(errorPages());
        server.setStopTimeout(2000);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new BitDustException(ErrorCode.UNAVAILABLE, "cannot serve the API on " + HOST + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    private static ErrorHandler errorPages() {
        ErrorHandler pages = new ErrorHandler();
        pages.setShowStacks(false);
        pages.setShowServlet(false);
        pages.setShowMessageInTitle(false);
        return pages;
    }

    /** @return the port it listens on */
    int port() {
        return connector.getLocalPort();
    }

    /** @return the base address, e.g. {@code http://127.0.0.1:8180/} */
    String url() {
        return "http://" + HOST + ":" + port() + "/";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot stop the API server: " + e.getMessage(), e);
        }
    }
}
