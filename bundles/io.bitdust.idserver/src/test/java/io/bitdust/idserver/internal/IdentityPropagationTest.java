package io.bitdust.idserver.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.PropagationResult;
import io.bitdust.identity.Publication;
import io.bitdust.identity.internal.HttpIdentityCache;
import io.bitdust.identity.internal.LocalIdentity;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** My identity propagated to real identity servers, and fetched from them by another node's cache. */
public class IdentityPropagationTest {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final List<LocalIdentity> opened = new CopyOnWriteArrayList<>();
    private IdentityServer first;
    private IdentityServer second;
    private Path node;
    private KeyRing keys;

    @Before
    public void start() throws Exception {
        first = new IdentityServer(temp.newFolder("first").toPath(), "127.0.0.1", 0, "127.0.0.1");
        second = new IdentityServer(temp.newFolder("second").toPath(), "127.0.0.1", 0, "127.0.0.1");
        node = temp.newFolder("node").toPath();
        keys = new FileKeyRing(node.resolve("keys"), new SecureRandom());
        keys.create();
    }

    @After
    public void stop() {
        opened.forEach(LocalIdentity::close);
        first.close();
        second.close();
    }

    @Test
    public void propagatesAndOtherNodesFetchTheNewestRevision() {
        LocalIdentity mine = open();
        Identity created = mine.create("alice");
        assertEquals(List.of(IdUrl.of(first.base(), "alice"), IdUrl.of(second.base(), "alice")), created.idurls());
        assertAllAccepted(mine.propagate());
        assertEquals(created, open().identity().orElseThrow());

        Path cacheFolder = temp.getRoot().toPath().resolve("bob-cache");
        HttpIdentityCache bob = new HttpIdentityCache(cacheFolder, Duration.ofSeconds(5));
        assertEquals(created, bob.get(created.idurl()));
        assertEquals(created, bob.get(created.idurls().get(1)));

        Identity updated = mine.update(b -> b.contacts(List.of("tcp://127.0.0.1:7771")));
        assertAllAccepted(mine.propagate());
        assertEquals(updated, bob.fetch(created.idurl()));
        assertEquals(updated, new HttpIdentityCache(cacheFolder, Duration.ofSeconds(5)).cached(created.idurl())
                .orElseThrow());

        assertTrue("the same revision again is accepted", mine.propagate().get(0).accepted());
    }

    @Test
    public void aNodeWithOtherKeysCannotTakeTheName() throws Exception {
        LocalIdentity mine = open();
        mine.create("alice");
        assertAllAccepted(mine.propagate());
        Path thief = temp.newFolder("thief").toPath();
        KeyRing thiefKeys = new FileKeyRing(thief.resolve("keys"), new SecureRandom());
        thiefKeys.create();
        LocalIdentity stolen = opened(new LocalIdentity(thief, thiefKeys, this::servers, Duration.ofSeconds(5),
                Clock.systemUTC()));
        stolen.create("alice");
        stolen.update(b -> b.revision(50));
        for (PropagationResult result : stolen.propagate()) {
            assertFalse(result.accepted());
            assertTrue(result.message(), result.message().contains("belongs to other keys"));
        }
    }

    @Test
    public void theCacheRefusesAKeyChangeEvenAfterTheServerLostItsFiles() throws Exception {
        LocalIdentity mine = open();
        Identity created = mine.create("alice");
        assertAllAccepted(mine.propagate());
        HttpIdentityCache bob = new HttpIdentityCache(temp.getRoot().toPath().resolve("bob"), Duration.ofSeconds(5));
        bob.get(created.idurl());

        Path firstFolder = temp.getRoot().toPath().resolve("first");
        first.close();
        Files.delete(firstFolder.resolve("alice.json"));
        first = new IdentityServer(firstFolder, "127.0.0.1", created.idurl().port(), "127.0.0.1");
        Keys mallory = new Keys();
        Identity forged = mallory.sign(mallory.builder(first.base(), "alice", 9).idurls(created.idurls()));
        try {
            bob.fetch(created.idurl());
            fail("fetched an identity that the restarted server does not have");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.NOT_FOUND, e.code());
        }
        assertEquals(200, post(forged));
        try {
            bob.fetch(created.idurl());
            fail("accepted a key change");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("key change refused"));
        }
        assertEquals(created, bob.get(created.idurl()));
    }

    @Test
    public void aNodeStartedBeforeItsIdentityServerIsPublishedOnceTheServerComesUp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        LocalIdentity mine = opened(new LocalIdentity(node, keys, () -> List.of("127.0.0.1:" + port),
                Duration.ofSeconds(5), Clock.systemUTC()));
        Identity created = mine.create("alice");
        await(() -> mine.publication().get(0).lastResult() != null, "a first attempt");
        Publication missing = mine.publication().get(0);
        assertFalse(missing.toString(), missing.current());
        assertTrue(missing.lastResult(), missing.lastResult().contains("cannot reach"));
        assertTrue(missing.nextAttempt() != null);

        IdentityServer late = new IdentityServer(temp.newFolder("late").toPath(), "127.0.0.1", port, "127.0.0.1");
        try {
            await(() -> mine.publication().get(0).current(), "my identity published on the late server");
            HttpIdentityCache bob = new HttpIdentityCache(temp.getRoot().toPath().resolve("bob"),
                    Duration.ofSeconds(5));
            assertEquals(created, bob.fetch(created.idurl()));
            assertEquals("accepted", mine.publication().get(0).lastResult());
        } finally {
            late.close();
        }
    }

    private int post(Identity identity) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(first.base() + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(identity.toJson())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private LocalIdentity open() {
        return opened(new LocalIdentity(node, keys, this::servers, Duration.ofSeconds(5), Clock.systemUTC()));
    }

    private LocalIdentity opened(LocalIdentity identity) {
        opened.add(identity);
        return identity;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<String> servers() {
        return List.of("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port());
    }

    private static void assertAllAccepted(List<PropagationResult> results) {
        assertEquals(2, results.size());
        results.forEach(result -> assertTrue(result.toString(), result.accepted()));
    }
}
