package io.bitdust.network;

import io.bitdust.transport.tcp.internal.TcpLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the kit wires a {@link Node}: which transports it runs, their limits, and the extensions started with it.
 * Immutable; each {@code with...} method returns a changed copy.
 *
 * @param tcp        whether the node runs a TCP transport on a free port
 * @param http       whether the node runs an HTTP transport on a free port
 * @param tcpLimits  the TCP transport's bounds
 * @param timeout    the longest one exchange with an identity server may take
 * @param extensions started with the node, in this order, after its gateway
 * @param presets    option values preset at every start, as {@code BITDUST_<KEY>} presets are in a node (an option
 *                   set through the node's config overrides them), by option key
 */
public record NodeSettings(boolean tcp, boolean http, TcpLimits tcpLimits, Duration timeout,
        List<Extension> extensions, Map<String, String> presets) {
    /** TCP and HTTP, {@link TcpLimits#DEFAULT}, 10 s for an identity server, no extensions. */
    public static final NodeSettings DEFAULT = new NodeSettings(true, true, TcpLimits.DEFAULT, Duration.ofSeconds(10),
            List.of(), Map.of());

    /** Copies the list of extensions and the presets. */
    public NodeSettings {
        extensions = List.copyOf(extensions);
        presets = Map.copyOf(presets);
    }

    /**
     * @param on whether to run a TCP transport
     * @return a copy with that
     */
    public NodeSettings withTcp(boolean on) {
        return new NodeSettings(on, http, tcpLimits, timeout, extensions, presets);
    }

    /**
     * @param on whether to run an HTTP transport
     * @return a copy with that
     */
    public NodeSettings withHttp(boolean on) {
        return new NodeSettings(tcp, on, tcpLimits, timeout, extensions, presets);
    }

    /**
     * @param limits the TCP transport's bounds
     * @return a copy with them
     */
    public NodeSettings withTcpLimits(TcpLimits limits) {
        return new NodeSettings(tcp, http, limits, timeout, extensions, presets);
    }

    /**
     * @param exchange the longest one exchange with an identity server may take
     * @return a copy with it
     */
    public NodeSettings withTimeout(Duration exchange) {
        return new NodeSettings(tcp, http, tcpLimits, exchange, extensions, presets);
    }

    /**
     * @param extension started after the ones already listed
     * @return a copy with it
     */
    public NodeSettings with(Extension extension) {
        List<Extension> more = new ArrayList<>(extensions);
        more.add(extension);
        return new NodeSettings(tcp, http, tcpLimits, timeout, more, presets);
    }

    /**
     * @param options option values by key, e.g. {@code services/customer/needed-space} = {@code 64 MB}
     * @return a copy with these presets added to the ones it has
     */
    public NodeSettings withPresets(Map<String, String> options) {
        Map<String, String> more = new HashMap<>(presets);
        more.putAll(options);
        return new NodeSettings(tcp, http, tcpLimits, timeout, extensions, more);
    }

    /** @return the presets as the environment variables a node reads them from ({@code BITDUST_<KEY>}) */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        presets.forEach((key, value) -> environment.put("BITDUST_" + key.toUpperCase(java.util.Locale.ROOT)
                .replace('/', '_').replace('-', '_'), value));
        return environment;
    }
}
