package io.bitdust.api.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The network area: {@code ping} and {@code transports_list}, talking to peers through the gateway and its
 * transports, and the transports' states in process_health.
 */
final class NetworkFunctions implements ApiArea {
    static final String AREA = "network";
    /** The longest ping a caller may ask for. */
    static final long MAX_PING_SECONDS = 300;

    final AreaService<Gateway> gateway = new AreaService<>(AREA);

    @Override
    public String name() {
        return AREA;
    }

    @Override
    public List<AreaService<?>> services() {
        return List.of(gateway);
    }

    @Override
    public List<Operation> operations() {
        return List.of(
                Operation.named("ping", AREA, "Send my identity to a node and wait for its Ack: tells the round "
                        + "trip and the transport used")
                        .required("idurl", "IDURL of the node")
                        .optional("timeout", "integer", 10L, "seconds to wait, 1 to " + MAX_PING_SECONDS)
                        .does(args -> ping(args.string("idurl"), args.integer("timeout"))),
                Operation.named("transports_list", AREA, "The transports: active ones with their contacts, "
                        + "failed ones with the reason")
                        .does(args -> transports()));
    }

    @Override
    public void health(Map<String, Object> health, List<String> warnings) {
        Gateway running = gateway.current();
        if (running == null) {
            return;
        }
        List<Map<String, Object>> transports = new ArrayList<>();
        for (TransportDTO transport : running.transports()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("protocol", transport.protocol);
            entry.put("state", transport.state);
            entry.put("reason", transport.reason);
            transports.add(entry);
            if ("failed".equals(transport.state)) {
                warnings.add("transport " + transport.protocol + " is not running: " + transport.reason);
            }
        }
        health.put("transports", transports);
    }

    private Map<String, Object> ping(String idurl, long timeoutSeconds) {
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_PING_SECONDS) {
            throw BitDustException.invalid("timeout must be 1 to " + MAX_PING_SECONDS
                    + " seconds, not " + timeoutSeconds);
        }
        IdUrl peer = IdUrl.parse(idurl);
        PingDTO pong = gateway.get().ping(peer, Duration.ofSeconds(timeoutSeconds));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("idurl", pong.idurl);
        result.put("round_trip_ms", pong.roundTripMillis);
        result.put("protocol", pong.protocol);
        result.put("contact", pong.contact);
        return result;
    }

    private List<Map<String, Object>> transports() {
        return gateway.get().transports().stream().map(NetworkFunctions::entry).collect(Collectors.toList());
    }

    private static Map<String, Object> entry(TransportDTO transport) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("protocol", transport.protocol);
        entry.put("state", transport.state);
        entry.put("contacts", transport.contacts);
        entry.put("reason", transport.reason);
        return entry;
    }
}
