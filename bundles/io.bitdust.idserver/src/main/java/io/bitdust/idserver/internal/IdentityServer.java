package io.bitdust.idserver.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.jetty.JettyServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * An identity server on its own Jetty server. It accepts documents that list an IDURL on it,
 * {@code http://<public host>:<port>/<name>.json}, and keeps them in an {@link IdentityStore}.
 *
 * <ul>
 *   <li>{@code GET /<name>.json}: 200 with the stored document, 404 otherwise.</li>
 *   <li>{@code POST /} with a signed document: 200 {@code {"status":"OK","result":{"idurl":..,"revision":..}}} when
 *   stored; 400 when it is not a valid identity or lists no IDURL on this server; 409 when the name belongs to other
 *   keys or the revision is not higher than the stored one; 413 when larger than 64 KiB.</li>
 *   <li>{@code GET /directory?service=supplier&count=N&exclude=<idurl>,<idurl>}: 200 with a JSON list of the primary
 *   IDURLs of up to N (1 to 100, default 10) random stored identities offering the service, without the excluded
 *   ones; 400 for a missing service or a bad count or IDURL.</li>
 *   <li>{@code GET /search?nickname=<text>}: 200 with a JSON list of the primary IDURLs (sorted, at most 100) of the
 *   identities whose nickname contains the text, case-insensitively; 400 without text.</li>
 * </ul>
 * Other paths answer 404, other methods 405. Usable without OSGi.
 */
public final class IdentityServer implements AutoCloseable {
    private final JettyServer server;
    private final String publicHost;
    private final IdentityStore store;

    /**
     * Starts serving.
     *
     * @param folder     where the identities are kept
     * @param bindHost   the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port       the port to listen on, 0 for any free one; it is also the port of the accepted IDURLs
     * @param publicHost the host of the accepted IDURLs, as peers reach this server
     * @throws BitDustException UNAVAILABLE when it cannot listen there; INVALID_ARGUMENT for an empty public host
     */
    public IdentityServer(Path folder, String bindHost, int port, String publicHost) {
        if (publicHost.isBlank()) {
            throw BitDustException.invalid("the identity server needs a public host name or address");
        }
        this.publicHost = publicHost.toLowerCase(Locale.ROOT);
        this.store = new IdentityStore(folder);
        try {
            server = JettyServer.on(bindHost, port).threads("bitdust-idserver", 16, 2)
                    .idleTimeout(Duration.ofSeconds(10)).errorPages(JsonErrorHandler::new)
                    .servlet("/", "idserver", new IdentityServlet(store, this)).start();
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "cannot run the identity server: " + e.getMessage(), e);
        }
    }

    /** @return the port it listens on */
    public int port() {
        return server.port();
    }

    /** @return the public base address of the IDURLs it accepts, e.g. {@code http://id.example.org:8084} */
    public String base() {
        return "http://" + publicHost + ":" + port();
    }

    /**
     * @param idurl an IDURL
     * @return whether it is on this server
     */
    boolean hosts(IdUrl idurl) {
        return "http".equals(idurl.scheme()) && idurl.host().equals(publicHost) && idurl.port() == port();
    }

    /** @return how many stored identities have an IDURL on this server, which moving the server would cut off */
    public int hostedIdentities() {
        return store.count(this::hosts);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot stop the identity server: " + e.getMessage(), e);
        }
    }
}
