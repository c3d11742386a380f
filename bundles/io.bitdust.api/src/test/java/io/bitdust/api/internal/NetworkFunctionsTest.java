package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiResult;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.dto.PingDTO;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class NetworkFunctionsTest {
    private final List<String> pinged = new ArrayList<>();

    /** A neighbour's interface stand-in: bob answers in 12 ms over TCP, anyone else is unknown. */
    private final Gateway gateway = new StubGateway(StubGateway.transport("tcp", "active", null,
            "tcp://127.0.0.1:7771")) {
        @Override
        public PingDTO ping(IdUrl peer, Duration timeout) {
            pinged.add(peer + " " + timeout.getSeconds());
            if (!peer.name().equals("bob")) {
                throw BitDustException.notFound("identity of " + peer + " not found");
            }
            PingDTO pong = new PingDTO();
            pong.idurl = peer.toString();
            pong.roundTripMillis = 12;
            pong.protocol = "tcp";
            pong.contact = "tcp://127.0.0.1:7771";
            return pong;
        }
    };

    private final Api api = new Api(new AreaService<>(ProcessFunctions.AREA), Paths.get("unused"), Map.of(), "test")
            .add(network(gateway));

    private static NetworkFunctions network(Gateway gateway) {
        NetworkFunctions network = new NetworkFunctions();
        network.gateway.bind("gateway", gateway);
        return network;
    }

    @Test
    public void pingAnswersTheRoundTripAndTheTransport() {
        ApiResult r = api.call("ping", Map.of("idurl", "http://127.0.0.1:8084/bob.json", "timeout", "3"));
        assertTrue(r.errors().toString(), r.ok());
        assertEquals(Map.of("idurl", "http://127.0.0.1:8084/bob.json", "round_trip_ms", 12L, "protocol", "tcp",
                "contact", "tcp://127.0.0.1:7771"), r.result());
        assertEquals(List.of("http://127.0.0.1:8084/bob.json 3"), pinged);
        api.call("ping", Map.of("idurl", "http://127.0.0.1:8084/bob.json"));
        assertEquals("the seed's default timeout is 10 s", "http://127.0.0.1:8084/bob.json 10", pinged.get(1));
    }

    @Test
    public void badIdurlsTimeoutsAndUnknownNodesAreErrors() {
        error(api.call("ping", Map.of("idurl", "bob")), ErrorCode.INVALID_ARGUMENT, "not an IDURL");
        error(api.call("ping", Map.of("idurl", "http://127.0.0.1:8084/bob.json", "timeout", "0")),
                ErrorCode.INVALID_ARGUMENT, "timeout must be 1 to 300 seconds");
        error(api.call("ping", Map.of("idurl", "http://127.0.0.1:8084/bob.json", "timeout", "soon")),
                ErrorCode.INVALID_ARGUMENT, "parameter 'timeout' of ping must be an integer");
        error(api.call("ping", Map.of("idurl", "http://127.0.0.1:8084/carol.json")), ErrorCode.NOT_FOUND,
                "not found");
        assertEquals("only the valid calls reached the gateway", 1, pinged.size());
    }

    @Test
    public void transportsAreListed() {
        ApiResult r = api.call("transports_list", Map.of());
        assertTrue(r.ok());
        Map<?, ?> tcp = (Map<?, ?>) ((List<?>) r.result()).get(0);
        assertEquals("active", tcp.get("state"));
        assertEquals(List.of("tcp://127.0.0.1:7771"), tcp.get("contacts"));
    }

    private static void error(ApiResult r, ErrorCode code, String words) {
        assertFalse("expected an error", r.ok());
        assertEquals(r.errors().toString(), code, r.code());
        assertTrue(r.errors() + " should say " + words, r.errors().get(0).contains(words));
    }
}
