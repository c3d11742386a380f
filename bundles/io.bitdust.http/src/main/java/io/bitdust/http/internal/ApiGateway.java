package io.bitdust.http.internal;

import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.jetty.JettyServer;
import java.io.IOException;

/**
 * A Jetty server on 127.0.0.1 serving the API under {@code /api/v1} and the web page at {@code /}. One instance per
 * port: to move to another port, start a new gateway and stop this one.
 */
final class ApiGateway implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final JettyServer server;

    /**
     * Starts serving.
     *
     * @param api    what the gateway calls
     * @param secret what every API request must carry
     * @param port   the port to listen on, 0 for any free one
     * @throws BitDustException UNAVAILABLE naming the port when it cannot listen there
     */
    ApiGateway(BitDustApi api, ApiSecret secret, int port) {
        try {
            server = JettyServer.on(HOST, port).threads("bitdust-api-http", 16, 2)
                    .servlet("/api/v1/*", "api", new ApiServlet(api, secret))
                    .servlet("/api/v1", "api-root", new ApiServlet(api, secret))
                    .servlet("/", "web", new WebPageServlet())
                    .start();
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "cannot serve the API: " + e.getMessage(), e);
        }
    }

    /** @return the port it listens on */
    int port() {
        return server.port();
    }

    /** @return the base address, e.g. {@code http://127.0.0.1:8180/} */
    String url() {
        return "http://" + HOST + ":" + port() + "/";
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot stop the API server: " + e.getMessage(), e);
        }
    }
}
