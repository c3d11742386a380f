package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiResult;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.config.internal.Options;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.internal.LocalIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** process_health tells what needs a user's attention: failed transports, unpublished identity, a moved API. */
public class ProcessHealthTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private LocalIdentity identity;

    @After
    public void stop() {
        if (identity != null) {
            identity.close();
        }
    }

    @Test
    public void healthListsTransportsIdentityServersAndWarnings() throws Exception {
        Path folder = tmp.getRoot().toPath();
        FileKeyRing keys = new FileKeyRing(folder.resolve("keys"), new SecureRandom());
        keys.create();
        identity = new LocalIdentity(folder, keys, () -> List.of("127.0.0.1:1"), Duration.ofSeconds(2),
                Clock.systemUTC());
        identity.create("alice");
        Options config = new Options(folder.resolve("options.properties"), null, Map.of());
        config.declare(List.of(Option.of(ProcessFunctions.API_PORT, OptionType.PORT, "8180", "the API's port")));
        Files.writeString(folder.resolve(ProcessFunctions.API_ADDRESS_FILE), "http://127.0.0.1:40001/\n",
                StandardCharsets.US_ASCII);
        ConfigFunctions configArea = new ConfigFunctions(folder);
        configArea.config.bind("config", config);
        IdentityFunctions identityArea = new IdentityFunctions();
        identityArea.keyRing.bind("keys", keys);
        identityArea.identityService.bind("identity", identity);
        NetworkFunctions network = new NetworkFunctions();
        network.gateway.bind("gateway", new StubGateway(StubGateway.transport("tcp", "failed", "cannot listen on "
                + "0.0.0.0:7771 (Address already in use); set services/tcp-connections/tcp-port to a free port"),
                StubGateway.transport("http", "active", null)));
        Api api = new Api(new AreaService<>(ProcessFunctions.AREA), folder, Map.of(), "test").add(network)
                .add(identityArea).add(configArea);

        identity.propagate();
        ApiResult r = api.call("process_health", Map.of());

        assertTrue(r.errors().toString(), r.ok());
        Map<?, ?> health = (Map<?, ?>) r.result();
        List<?> transports = (List<?>) health.get("transports");
        assertEquals(Map.of("protocol", "tcp", "state", "failed", "reason", "cannot listen on 0.0.0.0:7771 (Address "
                + "already in use); set services/tcp-connections/tcp-port to a free port"), transports.get(0));
        Map<?, ?> server = (Map<?, ?>) ((List<?>) health.get("identity_servers")).get(0);
        assertEquals("127.0.0.1:1", server.get("server"));
        assertEquals(false, server.get("published"));
        assertTrue(String.valueOf(server.get("last_result")), String.valueOf(server.get("last_result"))
                .contains("cannot reach"));
        List<?> warnings = (List<?>) health.get("warnings");
        assertEquals(warnings.toString(), 3, warnings.size());
        assertEquals("each area's warnings, the areas by name", "the API port 8180 (interface/api/rest-http-port) "
                + "was busy when the node started; the API listens on http://127.0.0.1:40001/ instead",
                warnings.get(0));
        assertTrue(warnings.toString(), warnings.get(1).toString().startsWith("127.0.0.1:1: revision 1 not "
                + "published yet (cannot reach"));
        assertTrue(warnings.toString(), warnings.get(1).toString().contains("; trying again at "));
        assertTrue(warnings.toString(), warnings.get(2).toString().startsWith("transport tcp is not running: "
                + "cannot listen on 0.0.0.0:7771"));
        assertEquals(Map.of("config", "running", "identity", "running", "identity cache", "not running", "keys",
                "running", "network", "running", "process", "not running"), health.get("areas"));

        Map<?, ?> mine = (Map<?, ?>) api.call("identity_get", Map.of()).result();
        assertEquals("alice", mine.get("nickname"));
        assertEquals(false, ((Map<?, ?>) ((List<?>) mine.get("publication")).get(0)).get("published"));
    }

    @Test
    public void aHealthyNodeHasNoWarnings() {
        NetworkFunctions network = new NetworkFunctions();
        network.gateway.bind("gateway", new StubGateway(StubGateway.transport("tcp", "active", null)));
        Api api = new Api(new AreaService<>(ProcessFunctions.AREA), tmp.getRoot().toPath(), Map.of(), "test")
                .add(network).add(new ConfigFunctions(tmp.getRoot().toPath())).add(new IdentityFunctions());
        Map<?, ?> health = (Map<?, ?>) api.call("process_health", Map.of()).result();
        assertEquals(List.of(), health.get("warnings"));
    }
}
