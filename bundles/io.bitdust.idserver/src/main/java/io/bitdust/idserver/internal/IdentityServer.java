package io.bitdust.idserver.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.jetty.JettyServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * An identity server on its own Jetty server. It accepts documents that list an IDURL on it,
 * {@code http://<public host>:<port>/<name>.json}, and keeps them in an {@link IdentityStore}.
 *
 * <ul>
 *   <li>{@code GET /<name>.json}: 200 with the stored document, 404 otherwise.</li>
 *   <li>{@code POST /} with a signed document: 200 {@code {"status":"OK","result":{"idurl":..,"revision":..}}} when
 *   stored; 400 when it is not a valid identity or lists no IDURL on this server; 403 when it registers a new name
 *   past a limit (below); 409 when the name belongs to other keys or the revision is not higher than the stored one;
 *   413 when larger than 64 KiB.</li>
 *   <li>{@code GET /directory?service=supplier&count=N&exclude=<idurl>,<idurl>}: 200 with a JSON list of the primary
 *   IDURLs of up to N (1 to 100, default 10) random fresh stored identities offering the service, without the
 *   excluded ones; 400 for a missing service or a bad count or IDURL.</li>
 *   <li>{@code GET /search?nickname=<text>}: 200 with a JSON list of the primary IDURLs (sorted, at most 100) of the
 *   identities whose nickname contains the text, case-insensitively; 400 without text.</li>
 *   <li>{@code PUT /records/<name>} with a {@link io.bitdust.identity.RecoveryRecord}: 200
 *   {@code {"status":"OK","result":{"name":..,"revision":..}}} when stored as the one recovery record of the hosted
 *   identity {@code <name>}; 400 when it is not a valid record, is of another name or its signature does not verify
 *   with that identity's signing key; 404 when no such identity is hosted here; 409 when its revision is not higher
 *   than the held one's; 413 when larger than 64 KiB. Kept in {@code <name>.record} beside the identity, it survives
 *   a restart.</li>
 *   <li>{@code GET /records/<name>}: 200 with the held record, 404 when there is none or no such identity.</li>
 * </ul>
 * Other paths answer 404, other methods 405. Usable without OSGi.
 *
 * <p>Since customers hire their suppliers from the directory, fake identities must not crowd it:
 * <ul>
 *   <li>New names are limited per client address ({@link Limits#namesPerAddress}, default
 *   {@value #NAMES_PER_ADDRESS}; an IPv6 client counts by its /64 network, which one host usually holds whole) and in
 *   total ({@link Limits#identities}, default {@value #MAX_IDENTITIES}). An upload of a new name past either limit is
 *   refused with 403 and a reason naming the limit. A name counts against the address that registered it for as long
 *   as it is stored, across restarts. The limits never refuse an update of a stored name by its keys.</li>
 *   <li>The directory lists only identities whose last accepted upload (a new revision, or the stored one again) is
 *   at most {@link Limits#freshness} old (default {@link #FRESHNESS}, 2 hours: nodes send their identity again every
 *   hour). A stale identity is still served at its IDURL and found by {@code /search}. The time of the last upload is
 *   kept beside the document and survives a restart.</li>
 * </ul>
 */
public final class IdentityServer implements AutoCloseable {
    /** The default most names registered from one client address (an IPv6 client: its /64 network). */
    public static final int NAMES_PER_ADDRESS = 20;
    /** The default most identities a server holds. */
    public static final int MAX_IDENTITIES = 100_000;
    /** The default freshness window of the directory: twice the hour after which nodes send their identity again. */
    public static final Duration FRESHNESS = Duration.ofHours(2);

    /**
     * What an identity server admits into its store and its directory.
     *
     * @param namesPerAddress the most names registered from one client address (an IPv6 client: its /64 network)
     * @param identities      the most identities stored
     * @param freshness       how long after its last accepted upload an identity stays in the directory
     */
    public record Limits(int namesPerAddress, int identities, Duration freshness) {
        /** 20 names per address, 100 000 in all, listed for 2 hours after their last upload. */
        public static final Limits DEFAULT = new Limits(NAMES_PER_ADDRESS, MAX_IDENTITIES, FRESHNESS);

        /** @throws BitDustException INVALID_ARGUMENT for a limit below 1 or a window not positive */
        public Limits {
            if (namesPerAddress < 1 || identities < 1) {
                throw BitDustException.invalid("identity server limits must be at least 1, got " + namesPerAddress
                        + " names per address and " + identities + " identities");
            }
            if (freshness.isNegative() || freshness.isZero()) {
                throw BitDustException.invalid("the directory's freshness window must be positive, got " + freshness);
            }
        }
    }

    private final JettyServer server;
    private final String publicHost;
    private final IdentityStore store;

    /**
     * Starts serving, with the {@link Limits#DEFAULT default limits} and the system clock.
     *
     * @param folder     where the identities are kept
     * @param bindHost   the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port       the port to listen on, 0 for any free one; it is also the port of the accepted IDURLs
     * @param publicHost the host of the accepted IDURLs, as peers reach this server
     * @throws BitDustException UNAVAILABLE when it cannot listen there; INVALID_ARGUMENT for an empty public host
     */
    public IdentityServer(Path folder, String bindHost, int port, String publicHost) {
        this(folder, bindHost, port, publicHost, Limits.DEFAULT, Clock.systemUTC());
    }

    /**
     * Starts serving.
     *
     * @param folder     where the identities are kept
     * @param bindHost   the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port       the port to listen on, 0 for any free one; it is also the port of the accepted IDURLs
     * @param publicHost the host of the accepted IDURLs, as peers reach this server
     * @param limits     how many names it registers, and how long an upload keeps an identity in the directory
     * @param clock      the time of uploads and of the directory's freshness check
     * @throws BitDustException UNAVAILABLE when it cannot listen there; INVALID_ARGUMENT for an empty public host
     */
    public IdentityServer(Path folder, String bindHost, int port, String publicHost, Limits limits, Clock clock) {
        if (publicHost.isBlank()) {
            throw BitDustException.invalid("the identity server needs a public host name or address");
        }
        this.publicHost = publicHost.toLowerCase(Locale.ROOT);
        this.store = new IdentityStore(folder, limits, clock);
        try {
            server = JettyServer.on(bindHost, port).threads("bitdust-idserver", 16, 2)
                    .idleTimeout(Duration.ofSeconds(10)).errorPages(JsonErrorHandler::new)
                    .servlet("/", "idserver", new IdentityServlet(store, new RecordStore(folder), this)).start();
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
