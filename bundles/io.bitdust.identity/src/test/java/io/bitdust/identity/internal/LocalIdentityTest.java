package io.bitdust.identity.internal;

import static org.junit.Assert.assertArrayEquals;
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
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.PropagationResult;
import io.bitdust.identity.Publication;
import io.bitdust.identity.ServiceOffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LocalIdentityTest {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final List<String> servers = new CopyOnWriteArrayList<>();
    private final List<LocalIdentity> opened = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2025-02-01T10:00:00.123Z"), ZoneOffset.UTC);
    private StubServer server;
    private Path folder;
    private KeyRing keys;

    @Before
    public void start() throws Exception {
        server = new StubServer();
        folder = temp.getRoot().toPath().resolve("bitdust");
        keys = new FileKeyRing(folder.resolve("keys"), new SecureRandom());
        keys.create();
    }

    @After
    public void stop() {
        opened.forEach(LocalIdentity::close);
        server.close();
    }

    @Test
    public void createsOnceAndPersists() {
        servers.add(server.hostPort());
        servers.add("id.example.org:8084");
        LocalIdentity mine = open();
        assertTrue(mine.identity().isEmpty());
        Identity created = mine.create("alice");
        assertEquals(List.of(IdUrl.of(server.base(), "alice"), IdUrl.parse("http://id.example.org:8084/alice.json")),
                created.idurls());
        assertEquals(keys.signingPublicKey(), created.signingKey());
        assertEquals(keys.agreementPublicKey(), created.agreementKey());
        assertEquals(1, created.revision());
        assertEquals(Instant.parse("2025-02-01T10:00:00Z"), created.date());
        assertEquals(ServiceOffer.DISABLED, created.services().get(Identity.SUPPLIER));
        assertTrue(Files.exists(folder.resolve(LocalIdentity.FILE)));
        assertEquals(created, open().identity().orElseThrow());
        assertFails(ErrorCode.CONFLICT, "exists already", () -> mine.create("bob"));
        assertFails(ErrorCode.CONFLICT, "exists already", () -> open().create("alice"));
    }

    @Test
    public void withoutKnownServersUsesTheLocalDefault() {
        // Through the static helper: a created identity would be published on a user's own identity server.
        assertEquals(List.of(IdUrl.parse("http://127.0.0.1:8084/alice.json")), LocalIdentity.idurls(List.of(),
                "alice"));
    }

    @Test
    public void refusesBadNames() {
        assertFails(ErrorCode.INVALID_ARGUMENT, "not a valid user name", () -> open().create("Al"));
        assertFalse(Files.exists(folder.resolve(LocalIdentity.FILE)));
    }

    @Test
    public void updateBumpsTheRevisionAndSignsAgain() {
        servers.add(server.hostPort());
        LocalIdentity mine = open();
        assertFails(ErrorCode.NOT_FOUND, "no identity yet", () -> mine.update(b -> b));
        Identity created = mine.create("alice");
        Identity updated = mine.update(b -> b.contacts(List.of("tcp://198.51.100.7:7771"))
                .service(Identity.SUPPLIER, ServiceOffer.of(true, 1000)).revision(99));
        assertEquals(2, updated.revision());
        assertEquals(List.of("tcp://198.51.100.7:7771"), updated.contacts());
        assertTrue(updated.offers(Identity.SUPPLIER));
        assertTrue(created.sameKeys(updated));
        assertArrayEquals(updated.toJson(), Identity.parse(updated.toJson()).toJson());
        assertEquals(updated, open().identity().orElseThrow());
        assertFails(ErrorCode.INVALID_ARGUMENT, "contact", () -> mine.update(b -> b.contacts(List.of("nonsense"))));
        assertEquals(updated, open().identity().orElseThrow());
    }

    @Test
    public void propagatesToTheServersOfMyIdurls() {
        servers.add(server.hostPort());
        servers.add("127.0.0.1:1");
        LocalIdentity mine = open();
        assertFails(ErrorCode.NOT_FOUND, "no identity yet", mine::propagate);
        Identity created = mine.create("alice");
        server.answer("/", 200, "{\"status\":\"OK\"}".getBytes());
        List<PropagationResult> results = mine.propagate();
        assertEquals(2, results.size());
        assertEquals(server.hostPort(), results.get(0).server());
        assertTrue(results.get(0).accepted());
        assertArrayEquals(created.toJson(), server.posted().get(0));
        assertEquals("127.0.0.1:1", results.get(1).server());
        assertFalse(results.get(1).accepted());
        assertTrue(results.get(1).message(), results.get(1).message().contains("cannot reach"));
        server.answer("/", 409, "{\"status\":\"ERROR\",\"errors\":[\"revision 1 is not newer\"]}".getBytes());
        PropagationResult refused = mine.propagate().get(0);
        assertFalse(refused.accepted());
        assertEquals("refused with HTTP 409: revision 1 is not newer", refused.message());
    }

    @Test
    public void recoversAnIdentityWithTheNodesKeysOnly() {
        servers.add(server.hostPort());
        Identity alice = open().create("alice");
        Path otherFolder = folder.resolveSibling(folder.getFileName() + "-other");
        FileKeyRing otherKeys = new FileKeyRing(otherFolder.resolve("keys"), new SecureRandom());
        otherKeys.create();
        LocalIdentity other = opened(new LocalIdentity(otherFolder, otherKeys, () -> servers, Duration.ofSeconds(2),
                clock));
        Identity bob = other.create("bob");
        assertFails(ErrorCode.INVALID_ARGUMENT, "has other keys than this node", () -> other.recover(alice));
        assertEquals(bob, other.identity().orElseThrow());

        otherKeys.importKeys(keys.exportKeys("pass".toCharArray()), "pass".toCharArray(), alice.signingKey());
        assertEquals(alice, other.recover(alice));
        assertEquals(alice, opened(new LocalIdentity(otherFolder, otherKeys, () -> servers, Duration.ofSeconds(2),
                clock)).identity().orElseThrow());
    }

    @Test
    public void aRecoveredIdentityIsPublishedAtEachRevisionWhateverTheNodesOldOneReached() {
        servers.add(server.hostPort());
        server.answer("/", 200, "{\"status\":\"OK\"}".getBytes());
        LocalIdentity aliceNode = open();
        aliceNode.create("alice");
        Identity alice = aliceNode.update(b -> b.contacts(List.of("tcp://198.51.100.7:7771")));
        assertEquals(2, alice.revision());
        Path otherFolder = folder.resolveSibling(folder.getFileName() + "-other");
        FileKeyRing otherKeys = new FileKeyRing(otherFolder.resolve("keys"), new SecureRandom());
        otherKeys.create();
        LocalIdentity other = opened(new LocalIdentity(otherFolder, otherKeys, () -> servers, Duration.ofSeconds(2),
                clock, new IdentityPublisher.Schedule(Duration.ofMillis(10), Duration.ofMillis(40),
                        Duration.ofHours(1))));
        other.create("bob");
        other.update(b -> b.contacts(List.of("tcp://198.51.100.8:7771")));
        Identity bob = other.update(b -> b.contacts(List.of("tcp://198.51.100.8:7772")));
        assertEquals(3, bob.revision());
        await(() -> server.posted().stream().anyMatch(document -> Arrays.equals(document, bob.toJson())),
                "the server takes bob's revision 3");

        otherKeys.importKeys(keys.exportKeys("pass".toCharArray()), "pass".toCharArray(), alice.signingKey());
        other.recover(alice);
        Identity moved = other.update(b -> b.contacts(List.of("tcp://198.51.100.8:7773")));
        assertEquals(3, moved.revision());
        await(() -> server.posted().stream().anyMatch(document -> Arrays.equals(document, moved.toJson())),
                "the server takes alice's revision 3, with the contacts of the node that recovered her");
    }

    @Test
    public void knownServersOptionIsSplit() {
        assertEquals(List.of("a:1", "b:2"), IdentityServiceComponent.servers(" a:1, ,b:2 "));
        assertEquals(List.of(), IdentityServiceComponent.servers(""));
    }

    @Test
    public void keepsPublishingUntilTheServerTakesMyIdentityThenRefreshesSlowly() {
        servers.add(server.hostPort());
        server.answer("/", 503, "{\"status\":\"ERROR\",\"errors\":[\"busy\"]}".getBytes());
        LocalIdentity mine = opened(new LocalIdentity(folder, keys, () -> servers, Duration.ofSeconds(2), clock,
                new IdentityPublisher.Schedule(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofHours(1))));
        assertTrue(mine.publication().isEmpty());
        Identity created = mine.create("alice");
        await(() -> server.posted().size() >= 3, "three attempts");
        Publication refused = mine.publication().get(0);
        assertEquals(server.hostPort(), refused.server());
        assertFalse(refused.current());
        assertEquals(0, refused.publishedRevision());
        assertEquals("refused with HTTP 503: busy", refused.lastResult());

        server.answer("/", 200, "{\"status\":\"OK\"}".getBytes());
        await(() -> mine.publication().get(0).current(), "the server takes revision 1");
        Publication published = mine.publication().get(0);
        assertEquals(1, published.publishedRevision());
        assertEquals("accepted", published.lastResult());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), published.nextAttempt());
        assertArrayEquals(created.toJson(), server.posted().get(server.posted().size() - 1));

        Identity updated = mine.update(b -> b.contacts(List.of("tcp://198.51.100.7:7771")));
        await(() -> mine.publication().get(0).publishedRevision() == 2, "the server takes revision 2");
        assertArrayEquals(updated.toJson(), server.posted().get(server.posted().size() - 1));
    }

    @Test
    public void publishesAnIdentityThatEveryServerHasAgainAfterTheRefreshPeriod() {
        servers.add(server.hostPort());
        server.answer("/", 200, "{\"status\":\"OK\"}".getBytes());
        LocalIdentity mine = opened(new LocalIdentity(folder, keys, () -> servers, Duration.ofSeconds(2), clock,
                new IdentityPublisher.Schedule(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(50))));
        Identity created = mine.create("alice");
        await(() -> server.posted().size() >= 3, "the same revision sent again");
        server.posted().forEach(document -> assertArrayEquals(created.toJson(), document));
    }

    @Test
    public void anIdentityOlderThanTheServersCopyIsSignedAgainAboveIt() {
        servers.add(server.hostPort());
        server.answer("/", 409, "{\"status\":\"ERROR\",\"errors\":[\"revision 1 is not newer\"]}".getBytes());
        LocalIdentity mine = opened(new LocalIdentity(folder, keys, () -> servers, Duration.ofSeconds(2), clock,
                new IdentityPublisher.Schedule(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofHours(1))));
        Identity created = mine.create("alice");
        Identity newer = created.toBuilder().revision(7).sign(keys::sign);
        server.answer("/alice.json", 200, newer.toJson());
        await(() -> mine.identity().orElseThrow().revision() == 8, "my identity signed again as revision 8");
        server.answer("/", 200, "{\"status\":\"OK\"}".getBytes());
        await(() -> mine.publication().get(0).publishedRevision() == 8, "revision 8 published");

        FileKeyRing otherKeys = new FileKeyRing(folder.resolveSibling("mallory"), new SecureRandom());
        otherKeys.create();
        server.answer("/", 409, "{\"status\":\"ERROR\",\"errors\":[\"other keys\"]}".getBytes());
        server.answer("/alice.json", 200, created.toBuilder().signingKey(otherKeys.signingPublicKey())
                .agreementKey(otherKeys.agreementPublicKey()).revision(20).sign(otherKeys::sign).toJson());
        mine.update(b -> b.contacts(List.of("tcp://198.51.100.7:7771")));
        await(() -> mine.publication().get(0).lastResult().contains("other keys"), "the refusal");
        assertEquals("a copy signed by other keys is not mine", 9, mine.identity().orElseThrow().revision());
    }

    @Test
    public void listenersHearEveryNewIdentity() {
        servers.add(server.hostPort());
        LocalIdentity mine = open();
        List<Long> heard = new CopyOnWriteArrayList<>();
        IdentityService.Subscription subscription = mine.subscribe(identity -> heard.add(identity.revision()));
        mine.create("alice");
        mine.update(b -> b.contacts(List.of("tcp://198.51.100.7:7771")));
        subscription.close();
        mine.update(b -> b.contacts(List.of()));
        assertEquals(List.of(1L, 2L), heard);
    }

    private LocalIdentity open() {
        return opened(new LocalIdentity(folder, keys, () -> servers, Duration.ofSeconds(2), clock));
    }

    private LocalIdentity opened(LocalIdentity identity) {
        opened.add(identity);
        return identity;
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void assertFails(ErrorCode code, String text, Runnable action) {
        try {
            action.run();
            fail("expected " + code);
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), code, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(text));
        }
    }
}
