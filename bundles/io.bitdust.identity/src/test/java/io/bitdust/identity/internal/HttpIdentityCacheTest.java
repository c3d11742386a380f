package io.bitdust.identity.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.TestIdentities;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HttpIdentityCacheTest {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final TestIdentities alice = new TestIdentities();
    private StubServer server;
    private Path folder;
    private HttpIdentityCache cache;
    private IdUrl idurl;

    @Before
    public void start() throws Exception {
        server = new StubServer();
        folder = temp.getRoot().toPath().resolve("identitycache");
        cache = new HttpIdentityCache(folder, Duration.ofSeconds(5));
        idurl = IdUrl.of(server.base(), "alice");
    }

    @After
    public void stop() {
        server.close();
    }

    @Test
    public void fetchesVerifiesAndKeepsOnDisk() {
        Identity first = serve(alice.identity(server.base(), "alice", 1));
        assertEquals(first, cache.get(idurl));
        assertEquals(first, cache.cached(idurl).orElseThrow());
        serve(alice.identity(server.base(), "alice", 2));
        assertEquals("get answers the cached one", 1, cache.get(idurl).revision());
        HttpIdentityCache reopened = new HttpIdentityCache(folder, Duration.ofSeconds(5));
        assertEquals(first, reopened.cached(idurl).orElseThrow());
    }

    @Test
    public void newerRevisionReplacesOlderIsRefused() {
        serve(alice.identity(server.base(), "alice", 1));
        cache.fetch(idurl);
        Identity second = serve(alice.identity(server.base(), "alice", 2));
        assertEquals(second, cache.fetch(idurl));
        Identity sameRevision = serve(alice.builder(server.base(), "alice", 2).nickname("other").sign(alice::sign));
        assertEquals(second, cache.fetch(idurl));
        assertFalse(sameRevision.equals(cache.get(idurl)));
        serve(alice.identity(server.base(), "alice", 1));
        assertFails(ErrorCode.CONFLICT, "older revision refused");
        assertEquals(2, cache.get(idurl).revision());
        assertEquals(2, new HttpIdentityCache(folder, Duration.ofSeconds(5)).cached(idurl).orElseThrow().revision());
    }

    @Test
    public void keyChangeIsRefused() {
        Identity first = serve(alice.identity(server.base(), "alice", 1));
        cache.fetch(idurl);
        serve(new TestIdentities().identity(server.base(), "alice", 5));
        assertFails(ErrorCode.CONFLICT, "key change refused");
        assertEquals(first, cache.get(idurl));
    }

    @Test
    public void refusesDocumentsNotListingTheIdurlOrInvalid() {
        server.answer("/alice.json", 200, alice.identity(server.base(), "bob", 1).toJson());
        assertFails(ErrorCode.INVALID_ARGUMENT, "does not list that IDURL");
        byte[] tampered = alice.identity(server.base(), "alice", 1).toJson();
        tampered[tampered.length - 5] ^= 1;
        server.answer("/alice.json", 200, tampered);
        assertFails(ErrorCode.INVALID_ARGUMENT, "invalid identity");
        assertTrue(cache.cached(idurl).isEmpty());
    }

    @Test
    public void unknownIdurlIsNotFound() {
        assertFails(ErrorCode.NOT_FOUND, "no identity at");
    }

    @Test
    public void oversizeAnswerIsRefused() {
        server.answer("/alice.json", 200, new byte[Identity.MAX_SIZE + 1]);
        assertFails(ErrorCode.INVALID_ARGUMENT, "larger than 65536 bytes");
    }

    @Test
    public void aServerThatNeverAnswersTimesOut() {
        HttpIdentityCache impatient = new HttpIdentityCache(folder, Duration.ofMillis(300));
        long start = System.nanoTime();
        try {
            impatient.fetch(IdUrl.parse(server.base() + StubServer.HANG));
            fail("answered");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("did not answer within 300 ms"));
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
    }

    @Test
    public void anUnreachableServerIsUnavailable() {
        server.close();
        assertFails(ErrorCode.UNAVAILABLE, "cannot reach");
    }

    @Test
    public void damagedCacheFilesAreSkipped() throws Exception {
        serve(alice.identity(server.base(), "alice", 1));
        cache.fetch(idurl);
        try (var files = Files.list(folder)) {
            Path file = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
            Files.write(file, new byte[] {'{'});
        }
        assertTrue(new HttpIdentityCache(folder, Duration.ofSeconds(5)).cached(idurl).isEmpty());
    }

    @Test
    public void theLeastRecentlyUsedIdentityIsEvictedFromMemoryAndDisk() throws Exception {
        HttpIdentityCache small = new HttpIdentityCache(folder, Duration.ofSeconds(5), 2);
        small.get(serveName("a"));
        small.get(serveName("b"));
        assertTrue("reading counts as use", small.cached(at("a")).isPresent());
        small.get(serveName("c"));
        assertTrue(small.cached(at("b")).isEmpty());
        assertFalse(Files.exists(fileOf(at("b"))));
        assertCached(small, "a", "c");
        assertEquals(2, cacheFiles());

        HttpIdentityCache reopened = new HttpIdentityCache(folder, Duration.ofSeconds(5), 2);
        assertCached(reopened, "a", "c");
        assertTrue(reopened.cached(at("b")).isEmpty());
    }

    @Test
    public void retainedIdentitiesSurviveEvictionPressureAndKeepTheirPins() throws Exception {
        HttpIdentityCache small = new HttpIdentityCache(folder, Duration.ofSeconds(5), 2);
        small.retain(at("a"));
        small.get(serveName("a"));
        small.get(serveName("b"));
        small.retain(at("b"));
        for (String name : new String[] {"c", "d", "e", "f"}) {
            small.get(serveName(name));
        }
        assertCached(small, "a", "b", "f");
        assertEquals("the retained and the newest; retained ones exceed the bound", 3, cacheFiles());
        assertTrue(small.cached(at("c")).isEmpty());

        serve(new TestIdentities().identity(server.base(), "peer-a", 7));
        try {
            small.fetch(at("a"));
            fail("accepted a key change of a retained identity");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.CONFLICT, e.code());
        }
    }

    @Test
    public void identitiesRetainedBeforeARestartAreTheLastEvictedAfterIt() throws Exception {
        HttpIdentityCache small = new HttpIdentityCache(folder, Duration.ofSeconds(5), 3);
        small.retain(at("a"));
        small.retain(at("b"));
        for (String name : new String[] {"a", "b", "c", "d"}) {
            small.get(serveName(name));
        }
        assertCached(small, "a", "b", "d");
        Files.setLastModifiedTime(fileOf(at("a")), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

        HttpIdentityCache reopened = new HttpIdentityCache(folder, Duration.ofSeconds(5), 3);
        reopened.get(serveName("e"));
        assertCached(reopened, "a", "b", "e");
        assertTrue("the one not retained went first, though written last", reopened.cached(at("d")).isEmpty());
    }

    @Test
    public void releasingTheLastHoldMakesAnIdentityEvictable() throws Exception {
        HttpIdentityCache small = new HttpIdentityCache(folder, Duration.ofSeconds(5), 2);
        IdentityCache.Retention first = small.retain(at("a"));
        IdentityCache.Retention second = small.retain(at("a"));
        assertEquals(at("a"), first.idurl());
        small.get(serveName("a"));
        small.get(serveName("b"));
        small.get(serveName("c"));
        first.close();
        first.close();
        small.get(serveName("d"));
        small.get(serveName("e"));
        assertCached(small, "a", "e");

        second.close();
        small.get(serveName("f"));
        small.get(serveName("g"));
        assertCached(small, "f", "g");
        assertTrue(small.cached(at("a")).isEmpty());
        assertFalse(Files.exists(fileOf(at("a"))));
        assertEquals(2, cacheFiles());
        assertEquals("", Files.readString(folder.resolve(HttpIdentityCache.RETAINED_FILE)));
    }

    @Test
    public void cachesShareOneHttpClient() {
        serve(alice.identity(server.base(), "alice", 1));
        cache.fetch(idurl);
        long before = selectorThreads();
        for (int i = 0; i < 5; i++) {
            new HttpIdentityCache(temp.getRoot().toPath().resolve("other-" + i), Duration.ofSeconds(1 + i))
                    .fetch(idurl);
        }
        assertTrue("a JDK HttpClient (and its selector thread) per cache", selectorThreads() <= before);
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().endsWith("-SelectorManager")).count();
    }

    private IdUrl serveName(String name) {
        return serve(alice.identity(server.base(), "peer-" + name, 1)).idurl();
    }

    /** @return the IDURL of a peer named by a letter */
    private IdUrl at(String name) {
        return IdUrl.of(server.base(), "peer-" + name);
    }

    private Path fileOf(IdUrl idurl) {
        return folder.resolve(URLEncoder.encode(idurl.toString(), StandardCharsets.UTF_8));
    }

    private long cacheFiles() throws Exception {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    private void assertCached(HttpIdentityCache in, String... names) {
        for (String name : names) {
            assertTrue(name + " is cached", in.cached(at(name)).isPresent());
            assertTrue(name + " is on disk", Files.exists(fileOf(at(name))));
        }
    }

    private Identity serve(Identity identity) {
        server.answer("/" + identity.idurl().name() + ".json", 200, identity.toJson());
        return identity;
    }

    private void assertFails(ErrorCode code, String text) {
        try {
            cache.fetch(idurl);
            fail("fetched, expected " + code);
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), code, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(text));
        }
    }
}
