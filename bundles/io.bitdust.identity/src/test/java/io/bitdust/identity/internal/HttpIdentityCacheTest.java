package io.bitdust.identity.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.identity.Identity;
import io.bitdust.identity.TestIdentities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
