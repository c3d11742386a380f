package io.bitdust.idserver.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.common.Json;
import io.bitdust.identity.Identity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The identity server's registration limits and the directory's freshness window. */
public class IdentityServerLimitsTest {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-31T12:00:00Z"));
    private Path folder;
    private IdentityServer server;
    private int port;
    private String base;

    @After
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(IdentityServer.Limits limits) {
        if (folder == null) {
            folder = temp.getRoot().toPath().resolve("idserver");
        }
        server = new IdentityServer(folder, "127.0.0.1", port, "127.0.0.1", limits, clock);
        port = server.port();
        base = server.base();
    }

    private void restart(IdentityServer.Limits limits) {
        server.close();
        start(limits);
    }

    @Test
    public void aFloodOfNamesFromOneAddressIsCappedAndTheErrorNamesTheCap() throws Exception {
        start(new IdentityServer.Limits(3, 100, Duration.ofHours(2)));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post(new Keys().identity(base, "flood-" + i, 1)).statusCode());
        }
        for (int i = 3; i < 6; i++) {
            assertRefused(403, "limit reached: at most 3 names may be registered from one address, and 127.0.0.1 "
                    + "has registered 3", post(new Keys().identity(base, "flood-" + i, 1)));
        }
        assertEquals(404, get("/flood-3.json").statusCode());
        assertTrue("nothing is kept of a refused name", Files.notExists(folder.resolve("flood-3.json"))
                && Files.notExists(folder.resolve("flood-3.meta")));
        assertEquals(3, directory().size());
    }

    @Test
    public void theOwnerUpdatesItsNamePastTheCap() throws Exception {
        start(new IdentityServer.Limits(2, 2, Duration.ofHours(2)));
        Keys alice = new Keys();
        assertEquals(200, post(alice.identity(base, "alice", 1)).statusCode());
        assertEquals(200, post(new Keys().identity(base, "bob", 1)).statusCode());
        assertRefused(403, "at most 2 names", post(new Keys().identity(base, "carol", 1)));

        Identity second = alice.identity(base, "alice", 2);
        assertEquals(200, post(second).statusCode());
        assertEquals("the same revision again", 200, post(second).statusCode());
        assertEquals(second, Identity.parse(get("/alice.json").body()));
        assertRefused(409, "belongs to other keys", post(new Keys().identity(base, "alice", 9)));
    }

    @Test
    public void theTotalCapRefusesNewNames() throws Exception {
        start(new IdentityServer.Limits(10, 2, Duration.ofHours(2)));
        assertEquals(200, post(new Keys().identity(base, "alice", 1)).statusCode());
        assertEquals(200, post(new Keys().identity(base, "bob", 1)).statusCode());
        assertRefused(403, "limit reached: this identity server holds its maximum of 2 identities",
                post(new Keys().identity(base, "carol", 1)));
    }

    @Test
    public void aStaleIdentityLeavesTheDirectoryButIsStillServed() throws Exception {
        start(IdentityServer.Limits.DEFAULT);
        Identity alice = new Keys().identity(base, "alice", 1);
        Identity bob = new Keys().identity(base, "bob", 1);
        assertEquals(200, post(alice).statusCode());
        assertEquals(200, post(bob).statusCode());
        assertEquals(Set.of(alice.idurl().toString(), bob.idurl().toString()), directory());

        clock.move(Duration.ofHours(1));
        assertEquals("bob publishes the same revision again", 200, post(bob).statusCode());
        clock.move(Duration.ofHours(1).plusSeconds(1));
        assertEquals(Set.of(bob.idurl().toString()), directory());
        assertEquals(alice, Identity.parse(get("/alice.json").body()));
        assertEquals(List.of(alice.idurl().toString()), list(get("/search?nickname=alice")));

        assertEquals(200, post(alice).statusCode());
        assertEquals(Set.of(alice.idurl().toString(), bob.idurl().toString()), directory());
    }

    @Test
    public void freshnessAndCountsSurviveARestart() throws Exception {
        IdentityServer.Limits limits = new IdentityServer.Limits(2, 100, Duration.ofHours(2));
        start(limits);
        Identity alice = new Keys().identity(base, "alice", 1);
        Identity bob = new Keys().identity(base, "bob", 1);
        assertEquals(200, post(alice).statusCode());
        assertEquals(200, post(bob).statusCode());
        clock.move(Duration.ofMinutes(90));
        assertEquals(200, post(bob).statusCode());

        restart(limits);
        assertRefused(403, "at most 2 names", post(new Keys().identity(base, "carol", 1)));
        assertEquals(Set.of(alice.idurl().toString(), bob.idurl().toString()), directory());
        clock.move(Duration.ofMinutes(31));
        assertEquals("alice's upload is 2 h 1 min old, bob's 31 min", Set.of(bob.idurl().toString()), directory());
        assertEquals(alice, Identity.parse(get("/alice.json").body()));
    }

    @Test
    public void aDocumentWithoutMetadataIsAsFreshAsItsFileAndCountsAgainstNoAddress() throws Exception {
        Keys keys = new Keys();
        start(new IdentityServer.Limits(1, 100, Duration.ofHours(2)));
        server.close();
        Identity old = keys.identity(base, "old", 1);
        Files.write(folder.resolve("old.json"), old.toJson());
        Files.setLastModifiedTime(folder.resolve("old.json"),
                FileTime.from(clock.instant().minus(Duration.ofHours(3))));
        Files.write(folder.resolve("recent.json"), new Keys().identity(base, "recent", 1).toJson());
        Files.setLastModifiedTime(folder.resolve("recent.json"), FileTime.from(clock.instant()));
        start(new IdentityServer.Limits(1, 100, Duration.ofHours(2)));

        assertEquals(Set.of(base + "/recent.json"), directory());
        assertEquals(200, get("/old.json").statusCode());
        assertEquals("a name of this address still fits", 200, post(new Keys().identity(base, "fresh", 1))
                .statusCode());
        assertEquals("its owner may upload it again", 200, post(old).statusCode());
        assertEquals(Set.of(base + "/recent.json", base + "/old.json", base + "/fresh.json"), directory());
    }

    @Test
    public void ipv6ClientsCountByTheirNetwork() {
        assertEquals("127.0.0.1", IdentityServlet.client("127.0.0.1"));
        assertEquals("10.0.0.1", IdentityServlet.client("::ffff:10.0.0.1"));
        assertEquals(IdentityServlet.client("2001:db8:1:2::1"), IdentityServlet.client("2001:db8:1:2:ffff:1:2:3"));
        assertEquals(IdentityServlet.client("2001:db8:1:2::1"), IdentityServlet.client("[2001:db8:1:2::9]"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", IdentityServlet.client("2001:db8:1:2::1"));
        assertNotEquals(IdentityServlet.client("2001:db8:1:2::1"), IdentityServlet.client("2001:db8:1:3::1"));
    }

    private Set<String> directory() throws IOException, InterruptedException {
        return new HashSet<>(list(get("/directory?service=supplier&count=100")));
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(Identity identity) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(identity.toJson())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> list(HttpResponse<byte[]> answer) throws IOException {
        assertEquals(new String(answer.body(), StandardCharsets.UTF_8), 200, answer.statusCode());
        List<String> items = new ArrayList<>();
        Json.mapper().readTree(answer.body()).forEach(item -> items.add(item.textValue()));
        return items;
    }

    private static void assertRefused(int status, String reason, HttpResponse<byte[]> answer) throws IOException {
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertEquals(body, status, answer.statusCode());
        JsonNode envelope = Json.mapper().readTree(answer.body());
        assertEquals(body, "ERROR", envelope.path("status").asText());
        assertTrue(body, envelope.path("errors").path(0).asText().contains(reason));
        assertFalse(body, envelope.has("result"));
    }

    /** A clock that stands still until a test moves it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
