package io.bitdust.idserver.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.identity.Identity;
import io.bitdust.identity.ServiceOffer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class IdentityServerTest {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Keys alice = new Keys();
    private Path folder;
    private IdentityServer server;
    private String base;

    @Before
    public void start() {
        folder = temp.getRoot().toPath().resolve("idserver");
        server = new IdentityServer(folder, "127.0.0.1", 0, "127.0.0.1");
        base = server.base();
    }

    @After
    public void stop() {
        server.close();
    }

    @Test
    public void uploadThenFetch() throws Exception {
        Identity identity = alice.identity(base, "alice", 1);
        HttpResponse<byte[]> answer = post(identity.toJson());
        assertEquals(200, answer.statusCode());
        JsonNode envelope = Json.mapper().readTree(answer.body());
        assertEquals("OK", envelope.path("status").asText());
        assertEquals(base + "/alice.json", envelope.path("result").path("idurl").asText());
        assertEquals(1, envelope.path("result").path("revision").asInt());
        HttpResponse<byte[]> fetched = get("/alice.json");
        assertEquals(200, fetched.statusCode());
        assertEquals("application/json", fetched.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(identity.toJson(), fetched.body());
        assertArrayEquals(identity.toJson(), Files.readAllBytes(folder.resolve("alice.json")));
    }

    @Test
    public void storedIdentitiesSurviveARestart() throws Exception {
        Identity identity = alice.identity(base, "alice", 1);
        assertEquals(200, post(identity.toJson()).statusCode());
        server.close();
        server = new IdentityServer(folder, "127.0.0.1", 0, "127.0.0.1");
        base = server.base();
        assertArrayEquals(identity.toJson(), get("/alice.json").body());
    }

    @Test
    public void newerRevisionReplacesOlderOrEqualIsRefused() throws Exception {
        assertEquals(200, post(alice.identity(base, "alice", 1).toJson()).statusCode());
        Identity second = alice.identity(base, "alice", 2);
        assertEquals(200, post(second.toJson()).statusCode());
        assertEquals("the same document again is accepted", 200, post(second.toJson()).statusCode());
        assertRefused(409, "revision 2 of 'alice' is not newer than the stored revision 2",
                post(alice.sign(alice.builder(base, "alice", 2).nickname("changed")).toJson()));
        assertRefused(409, "is not newer", post(alice.identity(base, "alice", 1).toJson()));
        assertArrayEquals(second.toJson(), get("/alice.json").body());
    }

    @Test
    public void takeoverWithOtherKeysIsRefused() throws Exception {
        Identity original = alice.identity(base, "alice", 1);
        assertEquals(200, post(original.toJson()).statusCode());
        assertRefused(409, "belongs to other keys", post(new Keys().identity(base, "alice", 5).toJson()));
        assertArrayEquals(original.toJson(), get("/alice.json").body());
    }

    @Test
    public void invalidUploadsAreRefusedAndNothingIsStored() throws Exception {
        assertRefused(400, "not valid JSON", post("{\"idurls\":".getBytes(StandardCharsets.UTF_8)));
        assertRefused(400, "must be a JSON object", post("[]".getBytes(StandardCharsets.UTF_8)));
        Identity identity = alice.identity(base, "alice", 1);
        String forged = new String(identity.toJson(), StandardCharsets.UTF_8)
                .replace("\"revision\":1", "\"revision\":2");
        assertRefused(400, "signature does not match", post(forged.getBytes(StandardCharsets.UTF_8)));
        String stolen = new String(identity.toJson(), StandardCharsets.UTF_8).replace(
                identity.signingKey().toString(), new Keys().identity(base, "x-y", 1).signingKey().toString());
        assertRefused(400, "signature does not match", post(stolen.getBytes(StandardCharsets.UTF_8)));
        assertRefused(400, "lists no IDURL on this server",
                post(alice.identity("http://127.0.0.1:1", "alice", 1).toJson()));
        byte[] oversize = new byte[Identity.MAX_SIZE + 1];
        assertRefused(413, "at most 65536 bytes", post(oversize));
        assertRefused(404, "no identity at /alice.json", get("/alice.json"));
        try (var files = Files.list(folder)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    public void unknownPathsAndMethods() throws Exception {
        assertRefused(404, "no identity at /nobody.json", get("/nobody.json"));
        assertRefused(404, "no identity at /", get("/"));
        assertRefused(400, "Bad Request", get("/%2e%2e/etc/passwd"));
        assertRefused(405, "method POST is not allowed on /alice.json", post("/alice.json", new byte[] {'{'}));
        HttpResponse<byte[]> put = client.send(HttpRequest.newBuilder(URI.create(base + "/alice.json"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertRefused(405, "method PUT is not allowed", put);
    }

    @Test
    public void directorySamplesByServiceAndExcludes() throws Exception {
        List<String> suppliers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Identity supplier = new Keys().identity(base, "supplier-" + i, 1);
            assertEquals(200, post(supplier.toJson()).statusCode());
            suppliers.add(supplier.idurl().toString());
        }
        Keys other = new Keys();
        assertEquals(200, post(other.sign(other.builder(base, "customer", 1)
                .service(Identity.SUPPLIER, ServiceOffer.DISABLED)
                .service("proxy-server", ServiceOffer.of(true, 0))).toJson()).statusCode());

        List<String> three = list(get("/directory?service=supplier&count=3"));
        assertEquals(3, three.size());
        assertEquals(3, new HashSet<>(three).size());
        assertTrue(suppliers.containsAll(three));
        assertEquals(new HashSet<>(suppliers), new HashSet<>(list(get("/directory?service=supplier&count=100"))));
        String exclude = URLEncoder.encode(suppliers.get(0) + "," + suppliers.get(1), StandardCharsets.UTF_8);
        List<String> rest = list(get("/directory?service=supplier&count=100&exclude=" + exclude));
        assertEquals(Set.copyOf(suppliers.subList(2, 6)), new HashSet<>(rest));
        assertEquals(List.of(base + "/customer.json"), list(get("/directory?service=proxy-server")));
        assertEquals(List.of(), list(get("/directory?service=nothing")));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.addAll(list(get("/directory?service=supplier&count=1")));
        }
        assertTrue("the sample is random: " + seen, seen.size() > 1);

        assertRefused(400, "'service' is required", get("/directory?count=3"));
        assertRefused(400, "'count' must be a number from 1 to 100", get("/directory?service=supplier&count=0"));
        assertRefused(400, "'count' must be a number from 1 to 100", get("/directory?service=supplier&count=101"));
        assertRefused(400, "'count' must be a number from 1 to 100", get("/directory?service=supplier&count=x"));
        assertRefused(400, "not an IDURL", get("/directory?service=supplier&exclude=nonsense"));
    }

    @Test
    public void searchByNickname() throws Exception {
        Keys bob = new Keys();
        Keys carol = new Keys();
        assertEquals(200, post(alice.sign(alice.builder(base, "alice", 1).nickname("Alice Smith")).toJson())
                .statusCode());
        assertEquals(200, post(bob.sign(bob.builder(base, "bob", 1).nickname("Malicious Bob")).toJson())
                .statusCode());
        assertEquals(200, post(carol.sign(carol.builder(base, "carol", 1).nickname("Carol")).toJson())
                .statusCode());
        assertEquals(List.of(base + "/alice.json", base + "/bob.json"), list(get("/search?nickname=ALI")));
        assertEquals(List.of(base + "/carol.json"), list(get("/search?nickname=carol")));
        assertEquals(List.of(), list(get("/search?nickname=dave")));
        assertRefused(400, "'nickname' is required", get("/search"));
        assertRefused(400, "'nickname' is required", get("/search?nickname="));
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(byte[] body) throws IOException, InterruptedException {
        return post("/", body);
    }

    private HttpResponse<byte[]> post(String path, byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> list(HttpResponse<byte[]> answer) throws IOException {
        assertEquals(new String(answer.body(), StandardCharsets.UTF_8), 200, answer.statusCode());
        List<String> items = new ArrayList<>();
        Json.mapper().readTree(answer.body()).forEach(item -> items.add(IdUrl.parse(item.textValue()).toString()));
        return items;
    }

    private static void assertRefused(int status, String reason, HttpResponse<byte[]> answer) throws IOException {
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertEquals(body, status, answer.statusCode());
        JsonNode envelope = Json.mapper().readTree(answer.body());
        assertEquals(body, "ERROR", envelope.path("status").asText());
        assertEquals(body, 1, envelope.path("errors").size());
        assertTrue(body, envelope.path("errors").path(0).asText().contains(reason));
        assertFalse(body, envelope.has("result"));
    }
}
