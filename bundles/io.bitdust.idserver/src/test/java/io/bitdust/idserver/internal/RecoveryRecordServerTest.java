package io.bitdust.idserver.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.common.Json;
import io.bitdust.identity.RecoveryRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code PUT} and {@code GET /records/<name>}: one signed recovery record per hosted identity. */
public class RecoveryRecordServerTest {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Keys alice = new Keys();
    private final Keys bob = new Keys();
    private Path folder;
    private IdentityServer server;
    private String base;

    @Before
    public void start() throws Exception {
        folder = temp.getRoot().toPath().resolve("idserver");
        server = new IdentityServer(folder, "127.0.0.1", 0, "127.0.0.1");
        base = server.base();
        assertEquals(200, postIdentity(alice.identity(base, "alice", 1).toJson()).statusCode());
        assertEquals(200, postIdentity(bob.identity(base, "bob", 1).toJson()).statusCode());
    }

    @After
    public void stop() {
        server.close();
    }

    @Test
    public void aRecordIsStoredServedAndSurvivesARestart() throws Exception {
        RecoveryRecord record = record(alice, "alice", 5, new byte[] {1, 2, 3});
        HttpResponse<byte[]> answer = put("alice", record.toJson());
        assertEquals(new String(answer.body(), StandardCharsets.UTF_8), 200, answer.statusCode());
        JsonNode envelope = Json.mapper().readTree(answer.body());
        assertEquals("OK", envelope.path("status").asText());
        assertEquals("alice", envelope.path("result").path("name").asText());
        assertEquals(5, envelope.path("result").path("revision").asLong());
        HttpResponse<byte[]> fetched = get("alice");
        assertEquals(200, fetched.statusCode());
        assertEquals("application/json", fetched.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(record.toJson(), fetched.body());
        assertArrayEquals(record.toJson(), Files.readAllBytes(folder.resolve("alice.record")));

        int port = server.port();
        server.close();
        server = new IdentityServer(folder, "127.0.0.1", port, "127.0.0.1");
        assertArrayEquals(record.toJson(), get("alice").body());
        assertRefused(409, "not higher than the stored revision 5", put("alice", record(alice, "alice", 5,
                new byte[] {4}).toJson()));
        assertEquals("the identities still load beside the records", 200, client.send(HttpRequest.newBuilder(
                URI.create(base + "/alice.json")).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode());
    }

    @Test
    public void onlyAStrictlyHigherRevisionReplacesTheRecord() throws Exception {
        RecoveryRecord first = record(alice, "alice", 100, new byte[] {1});
        assertEquals(200, put("alice", first.toJson()).statusCode());
        assertRefused(409, "revision 100 of the recovery record of 'alice' is not higher than the stored revision 100",
                put("alice", record(alice, "alice", 100, new byte[] {2}).toJson()));
        assertRefused(409, "revision 99 of the recovery record of 'alice' is not higher than the stored revision 100",
                put("alice", record(alice, "alice", 99, new byte[] {3}).toJson()));
        assertArrayEquals(first.toJson(), get("alice").body());
        RecoveryRecord second = record(alice, "alice", 101, new byte[] {4});
        assertEquals(200, put("alice", second.toJson()).statusCode());
        assertArrayEquals(second.toJson(), get("alice").body());
        assertArrayEquals(new byte[] {4}, RecoveryRecord.parse(get("alice").body()).sealed());
    }

    @Test
    public void badRecordsAreRefusedAndNothingIsStored() throws Exception {
        assertRefused(404, "no recovery record of 'alice'", get("alice"));
        assertRefused(400, "signature does not match the signing key of the identity 'alice'",
                put("alice", record(bob, "alice", 5, new byte[] {1}).toJson()));
        String forged = new String(record(alice, "alice", 5, new byte[] {1}).toJson(), StandardCharsets.UTF_8)
                .replace("\"revision\":5", "\"revision\":6");
        assertRefused(400, "signature does not match", put("alice", forged.getBytes(StandardCharsets.UTF_8)));
        assertRefused(400, "the recovery record is of 'bob', not of 'alice'",
                put("alice", record(bob, "bob", 5, new byte[] {1}).toJson()));
        assertRefused(404, "no identity named 'carol' on this server",
                put("carol", record(alice, "carol", 5, new byte[] {1}).toJson()));
        assertRefused(404, "no identity named 'carol' on this server", get("carol"));
        assertRefused(404, "no identity named '..' on this server", get(".."));
        assertRefused(400, "not valid JSON", put("alice", "{\"name\":".getBytes(StandardCharsets.UTF_8)));
        assertRefused(400, "lacks the member(s) [date, format", put("alice", "{\"name\":\"alice\"}"
                .getBytes(StandardCharsets.UTF_8)));
        String extra = new String(record(alice, "alice", 5, new byte[] {1}).toJson(), StandardCharsets.UTF_8)
                .replace("{", "{\"more\":1,");
        assertRefused(400, "unknown member 'more'", put("alice", extra.getBytes(StandardCharsets.UTF_8)));
        String otherFormat = new String(record(alice, "alice", 5, new byte[] {1}).toJson(), StandardCharsets.UTF_8)
                .replace("recovery-record/v1", "recovery-record/v2");
        assertRefused(400, "'format' must be 'bitdust/recovery-record/v1'",
                put("alice", otherFormat.getBytes(StandardCharsets.UTF_8)));
        // streamed without a length, so the server reads the body up to its bound before it refuses
        assertRefused(413, "a recovery record has at most 65536 bytes", client.send(HttpRequest.newBuilder(
                URI.create(base + "/records/alice")).PUT(HttpRequest.BodyPublishers.ofInputStream(() ->
                new ByteArrayInputStream(new byte[65537]))).build(), HttpResponse.BodyHandlers.ofByteArray()));
        assertRefused(405, "method POST is not allowed on /records/alice", send("POST", "alice",
                record(alice, "alice", 5, new byte[] {1}).toJson()));
        assertRefused(405, "method DELETE is not allowed", send("DELETE", "alice", null));
        assertRefused(404, "no recovery record of 'alice'", get("alice"));
        try (var files = Files.list(folder)) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().endsWith(".record")));
        }
    }

    @Test
    public void aDamagedRecordFileIsSkippedAtStart() throws Exception {
        assertEquals(200, put("alice", record(alice, "alice", 7, new byte[] {1}).toJson()).statusCode());
        Files.write(folder.resolve("bob.record"), "{not json".getBytes(StandardCharsets.UTF_8));
        int port = server.port();
        server.close();
        server = new IdentityServer(folder, "127.0.0.1", port, "127.0.0.1");
        assertEquals(7, RecoveryRecord.parse(get("alice").body()).revision());
        assertRefused(404, "no recovery record of 'bob'", get("bob"));
        assertEquals(200, put("bob", record(bob, "bob", 1, new byte[] {1}).toJson()).statusCode());
    }

    private static RecoveryRecord record(Keys signer, String name, long revision, byte[] sealed) {
        return RecoveryRecord.sign(name, revision, Instant.now(), sealed, signer::sign);
    }

    private HttpResponse<byte[]> postIdentity(byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String name) throws IOException, InterruptedException {
        return send("GET", name, null);
    }

    private HttpResponse<byte[]> put(String name, byte[] body) throws IOException, InterruptedException {
        return send("PUT", name, body);
    }

    private HttpResponse<byte[]> send(String method, String name, byte[] body) throws IOException,
            InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/records/" + name))
                .header("Content-Type", "application/json").method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertRefused(int status, String reason, HttpResponse<byte[]> answer) throws IOException {
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertEquals(body, status, answer.statusCode());
        JsonNode envelope = Json.mapper().readTree(answer.body());
        assertEquals(body, "ERROR", envelope.path("status").asText());
        assertTrue(body, envelope.path("errors").path(0).asText().contains(reason));
        assertFalse(body, envelope.has("result"));
    }
}
