package io.bitdust.idserver.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.SealedBox;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.RecoveryRecord;
import io.bitdust.identity.RecoveryRecords;
import io.bitdust.identity.internal.HttpRecoveryRecords;
import io.bitdust.identity.internal.LocalIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** My recovery record published to, and fetched from, two real identity servers. */
public class HttpRecoveryRecordsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private IdentityServer first;
    private IdentityServer second;
    private Path node;
    private FileKeyRing keys;
    private LocalIdentity mine;
    private Identity identity;

    @Before
    public void start() throws Exception {
        first = new IdentityServer(temp.newFolder("first").toPath(), "127.0.0.1", 0, "127.0.0.1");
        second = new IdentityServer(temp.newFolder("second").toPath(), "127.0.0.1", 0, "127.0.0.1");
        node = temp.newFolder("node").toPath();
        keys = new FileKeyRing(node.resolve("keys"), new SecureRandom());
        keys.create();
        mine = new LocalIdentity(node, keys, () -> List.of("127.0.0.1:" + first.port(), "127.0.0.1:"
                + second.port()), TIMEOUT, Clock.systemUTC());
        identity = mine.create("alice");
        assertTrue(mine.propagate().stream().allMatch(result -> result.accepted()));
    }

    @After
    public void stop() {
        mine.close();
        first.close();
        second.close();
    }

    @Test
    public void publishedContentComesBackSealedAndSigned() throws Exception {
        HttpRecoveryRecords records = new HttpRecoveryRecords(mine, keys, TIMEOUT, Clock.systemUTC());
        assertTrue("nothing published yet", records.fetch().content().isEmpty());
        assertEquals(2, records.fetch().answered());
        long before = System.currentTimeMillis();
        byte[] content = "{\"suppliers\":4}".getBytes(StandardCharsets.UTF_8);
        RecoveryRecords.Published published = records.publish(identity.idurl(), content);
        assertEquals(published.problems().toString(), 2, published.accepted());
        assertEquals(2, published.servers());
        assertTrue(published.revision() >= before);

        RecoveryRecords.Fetched fetched = records.fetch();
        assertArrayEquals(content, fetched.content().orElseThrow());
        assertEquals(published.revision(), fetched.revision());
        assertEquals(2, fetched.servers());
        assertEquals(2, fetched.answered());
        assertTrue(fetched.problems().isEmpty());
        String stored = Files.readString(temp.getRoot().toPath().resolve("first").resolve("alice.record"));
        assertFalse("the servers see only the sealed content", stored.contains("suppliers"));
        RecoveryRecord record = RecoveryRecord.parse(stored.getBytes(StandardCharsets.UTF_8));
        assertTrue(record.verify(identity.signingKey()));
        assertFalse(record.verify(new Keys().identity(first.base(), "bob", 1).signingKey()));

        RecoveryRecords.Published again = records.publish(identity.idurl(),
                "{\"suppliers\":2}".getBytes(StandardCharsets.UTF_8));
        assertTrue("revisions strictly increase", again.revision() > published.revision());
        assertEquals("{\"suppliers\":2}", new String(records.fetch().content().orElseThrow(),
                StandardCharsets.UTF_8));
    }

    @Test
    public void aRecoveredNodeWithAClockBehindStillPublishesAboveTheHeldRevision() {
        new HttpRecoveryRecords(mine, keys, TIMEOUT, Clock.systemUTC()).publish(identity.idurl(),
                new byte[] {1});
        Clock behind = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
        HttpRecoveryRecords recovered = new HttpRecoveryRecords(mine, keys, TIMEOUT, behind);
        RecoveryRecords.Published published = recovered.publish(identity.idurl(), new byte[] {2});
        assertEquals(published.problems().toString(), 2, published.accepted());
        assertArrayEquals(new byte[] {2}, recovered.fetch().content().orElseThrow());
        assertArrayEquals(new byte[] {2}, new HttpRecoveryRecords(mine, keys, TIMEOUT, Clock.systemUTC()).fetch()
                .content().orElseThrow());
    }

    @Test
    public void theNewestValidRecordWinsAndInvalidOnesAreNamed() throws Exception {
        HttpRecoveryRecords records = new HttpRecoveryRecords(mine, keys, TIMEOUT, Clock.systemUTC());
        long older = records.publish(identity.idurl(), new byte[] {1}).revision();
        // the first server gets a newer revision only it holds
        RecoveryRecord newer = RecoveryRecord.sign("alice", older + 10, Instant.now(),
                SealedBox.seal(keys.agreementPublicKey(), new byte[] {2}, new SecureRandom()), keys::sign);
        assertEquals(200, put(first, newer.toJson()));
        RecoveryRecords.Fetched fetched = records.fetch();
        assertArrayEquals(new byte[] {2}, fetched.content().orElseThrow());
        assertEquals(older + 10, fetched.revision());

        // a still newer one, signed by me but sealed to a key I do not hold, cannot be opened: the older valid wins
        AgreementKeyPair stranger = AgreementKeyPair.generate(new SecureRandom());
        RecoveryRecord unreadable = RecoveryRecord.sign("alice", older + 20, Instant.now(),
                SealedBox.seal(stranger.publicKey(), new byte[] {3}, new SecureRandom()), keys::sign);
        assertEquals(200, put(first, unreadable.toJson()));
        fetched = records.fetch();
        assertArrayEquals(new byte[] {1}, fetched.content().orElseThrow());
        assertEquals(older, fetched.revision());
        assertEquals(2, fetched.answered());
        assertEquals(1, fetched.problems().size());
        assertTrue(fetched.problems().get(0), fetched.problems().get(0).startsWith("127.0.0.1:" + first.port()));

        // one server down: the other still answers
        int secondPort = second.port();
        second.close();
        fetched = records.fetch();
        assertEquals(1, fetched.answered());
        assertTrue(fetched.content().isEmpty());
        assertTrue(fetched.problems().toString(), fetched.problems().stream()
                .anyMatch(problem -> problem.startsWith("127.0.0.1:" + secondPort)));
        RecoveryRecords.Published published = records.publish(identity.idurl(), new byte[] {4});
        assertEquals(1, published.accepted());
        assertEquals(1, published.problems().size());
        assertArrayEquals(new byte[] {4}, records.fetch().content().orElseThrow());
        second = new IdentityServer(temp.getRoot().toPath().resolve("second"), "127.0.0.1", secondPort, "127.0.0.1");
    }

    @Test
    public void refusals() {
        HttpRecoveryRecords records = new HttpRecoveryRecords(mine, keys, TIMEOUT, Clock.systemUTC());
        assertError(ErrorCode.INVALID_ARGUMENT, "at most 32768 bytes",
                () -> records.publish(identity.idurl(), new byte[RecoveryRecords.MAX_CONTENT + 1]));
        assertError(ErrorCode.CONFLICT, "my identity is " + identity.idurl(),
                () -> records.publish(IdUrl.of("http://127.0.0.1:" + first.port(), "before"), new byte[] {5}));
        assertTrue(records.fetch().content().isEmpty());
        int firstPort = first.port();
        int secondPort = second.port();
        first.close();
        second.close();
        assertError(ErrorCode.UNAVAILABLE, "no identity server took my recovery record: 127.0.0.1:" + firstPort,
                () -> records.publish(identity.idurl(), new byte[] {1}));
        RecoveryRecords.Fetched fetched = records.fetch();
        assertEquals(0, fetched.answered());
        assertEquals(2, fetched.problems().size());
        first = new IdentityServer(temp.getRoot().toPath().resolve("first"), "127.0.0.1", firstPort, "127.0.0.1");
        second = new IdentityServer(temp.getRoot().toPath().resolve("second"), "127.0.0.1", secondPort, "127.0.0.1");

        LocalIdentity none = new LocalIdentity(node.resolve("empty"), keys, List::of, TIMEOUT, Clock.systemUTC());
        try {
            HttpRecoveryRecords nobody = new HttpRecoveryRecords(none, keys, TIMEOUT, Clock.systemUTC());
            assertError(ErrorCode.NOT_FOUND, "there is no identity yet",
                    () -> nobody.publish(identity.idurl(), new byte[] {1}));
            assertError(ErrorCode.NOT_FOUND, "there is no identity yet", nobody::fetch);
        } finally {
            none.close();
        }
    }

    private static int put(IdentityServer server, byte[] record) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create(server.base() + "/records/alice"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(record)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static void assertError(ErrorCode code, String message, Runnable action) {
        try {
            action.run();
            fail("expected " + code);
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), code, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }
}
