package io.bitdust.network;

import io.bitdust.transport.tcp.internal.TcpLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the kit wires a {@link Node}: which transports it runs, their limits, and the extensions started with it.
 * Immutable; each {@code with...} method returns a changed copy.
 *
 * @param tcp        whether the node runs a TCP transport on a free port
 * @param http       whether the node runs an HTTP transport on a free port
 * @param tcpLimits  the TCP transport's bounds
 * @param timeout    the longest one exchange with an identity server may take
 * @param extensions started with the node, in this order, after its gateway
 */
public record NodeSettings(boolean tcp, boolean http, TcpLimits tcpLimits, Duration timeout,
        List<Extension> extensions) {
    /** TCP and HTTP, {@link TcpLimits#DEFAULT}, 10 s for an identity server, no extensions. */
    public static final NodeSettings DEFAULT = new NodeSettings(true, true, TcpLimits.DEFAULT, Duration.ofSeconds(10),
            List.of());

    /** Copies the list of extensions. */
    public NodeSettings {
        extensions = List.copyOf(extensions);
    }

    /**
     * @param on whether to run a TCP transport
     * @return a copy with that
     */
    public NodeSettings withTcp(boolean on) {
        return new NodeSettings(on, http, tcpLimits, timeout, extensions);
    }

    /**
     * @param on whether to run an HTTP transport
     * @return a copy with that
     */
    public NodeSettings withHttp(boolean on) {
        return new NodeSettings(tcp, on, tcpLimits, timeout, extensions);
    }

    /**
     * @param limits the TCP transport's bounds
     * @return a copy with them
     */
    public NodeSettings withTcpLimits(TcpLimits limits) {
        return new NodeSettings(tcp, http, limits, timeout, extensions);
    }

    /**
     * @param exchange the longest one exchange with an identity server may take
     * @return a copy with it
     */
    public NodeSettings withTimeout(Duration exchange) {
        return new NodeSettings(tcp, http, tcpLimits, exchange, extensions);
    }

    /**
     * @param extension started after the ones already listed
     * @return a copy with it
     */
    public NodeSettings with(Extension extension) {
        List<Extension> more = new ArrayList<>(extensions);
        more.add(extension);
        return new NodeSettings(tcp, http, tcpLimits, timeout, more);
    }
}
