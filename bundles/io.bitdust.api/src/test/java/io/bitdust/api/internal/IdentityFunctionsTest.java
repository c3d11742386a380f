package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiResult;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.internal.LocalIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class IdentityFunctionsTest {
    private static final String PASSPHRASE = "correct horse battery staple";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** A node: real keys and a real identity in their own folder; no identity server is reachable. */
    private static final class Node {
        final FileKeyRing keys;
        final LocalIdentity identity;
        final Api api;

        Node(Path folder) {
            keys = new FileKeyRing(folder.resolve("keys"), new SecureRandom());
            keys.create();
            identity = new LocalIdentity(folder, keys, () -> List.of("127.0.0.1:1"), Duration.ofSeconds(2),
                    Clock.systemUTC());
            api = new Api(new Areas(() -> null, () -> null, () -> keys, () -> identity, () -> null, () -> null), folder, Map.of(),
                    "test");
        }
    }

    @Test
    public void createThenGet() {
        Node node = new Node(tmp.getRoot().toPath().resolve("a"));
        error(node.api.call("identity_get", Map.of()), ErrorCode.NOT_FOUND, "no identity yet");
        ApiResult created = node.api.call("identity_create", Map.of("username", "alice"));
        assertTrue(created.errors().toString(), created.ok());
        Map<?, ?> result = (Map<?, ?>) created.result();
        assertEquals(List.of("http://127.0.0.1:1/alice.json"), ((Map<?, ?>) result.get("identity")).get("idurls"));
        Map<?, ?> propagation = (Map<?, ?>) ((List<?>) result.get("propagation")).get(0);
        assertEquals(false, propagation.get("accepted"));
        Map<?, ?> got = (Map<?, ?>) node.api.call("identity_get", Map.of()).result();
        assertEquals("alice", got.get("nickname"));
        assertEquals(node.keys.signingPublicKey().toString(), got.get("signing_key"));
        error(node.api.call("identity_create", Map.of("username", "bob")), ErrorCode.CONFLICT, "exists already");
        error(node.api.call("identity_create", Map.of("username", "B")), ErrorCode.CONFLICT, "exists already");
    }

    @Test
    public void backupThenRecoverOnAFreshNodeGivesTheSameIdentityAndKeys() throws Exception {
        Node alice = new Node(tmp.getRoot().toPath().resolve("alice"));
        alice.identity.create("alice");
        Path file = tmp.getRoot().toPath().resolve("alice-identity.json");
        ApiResult backup = alice.api.call("identity_backup", Map.of("destination_filepath", file.toString(),
                "passphrase", PASSPHRASE));
        assertTrue(backup.errors().toString(), backup.ok());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Node fresh = new Node(tmp.getRoot().toPath().resolve("fresh"));
        fresh.identity.create("temporary");
        ApiResult recovered = fresh.api.call("identity_recover", Map.of("private_key_source", file.toString(),
                "passphrase", PASSPHRASE));
        assertTrue(recovered.errors().toString(), recovered.ok());
        assertEquals("http://127.0.0.1:1/alice.json", ((Map<?, ?>) recovered.result()).get("idurl"));
        assertEquals(alice.identity.identity().orElseThrow(), fresh.identity.identity().orElseThrow());
        assertEquals(alice.keys.signingPublicKey(), fresh.keys.signingPublicKey());
        assertEquals(alice.keys.agreementPublicKey(), fresh.keys.agreementPublicKey());
    }

    @Test
    public void aWrongPassphraseOrAForeignFileIsRefusedAndChangesNothing() throws Exception {
        Node alice = new Node(tmp.getRoot().toPath().resolve("alice"));
        alice.identity.create("alice");
        Path file = tmp.getRoot().toPath().resolve("backup.json");
        alice.api.call("identity_backup", Map.of("destination_filepath", file.toString(), "passphrase", PASSPHRASE));
        Node bob = new Node(tmp.getRoot().toPath().resolve("bob"));
        bob.identity.create("bob");
        var bobKey = bob.keys.signingPublicKey();

        error(bob.api.call("identity_recover", Map.of("private_key_source", file.toString(), "passphrase", "guess")),
                ErrorCode.INVALID_ARGUMENT, "wrong passphrase");
        Path notABackup = tmp.newFile("notes.txt").toPath();
        Files.writeString(notABackup, "{\"hello\": 1}");
        error(bob.api.call("identity_recover", Map.of("private_key_source", notABackup.toString(), "passphrase",
                PASSPHRASE)), ErrorCode.INVALID_ARGUMENT, "is not an identity backup");
        Path tampered = tmp.getRoot().toPath().resolve("tampered.json");
        Files.writeString(tampered, Files.readString(file).replace("\"alice\"", "\"mallory\""));
        error(bob.api.call("identity_recover", Map.of("private_key_source", tampered.toString(), "passphrase",
                PASSPHRASE)), ErrorCode.INVALID_ARGUMENT, "invalid identity");
        error(bob.api.call("identity_recover", Map.of("private_key_source", "relative.json", "passphrase", "x")),
                ErrorCode.INVALID_ARGUMENT, "must be an absolute path");
        assertEquals("bob", bob.identity.identity().orElseThrow().nickname());
        assertEquals(bobKey, bob.keys.signingPublicKey());
    }

    @Test
    public void backupsNeverOverwriteAndNeedAnAbsolutePath() throws Exception {
        Node alice = new Node(tmp.getRoot().toPath().resolve("alice"));
        alice.identity.create("alice");
        Path existing = tmp.newFile("existing.json").toPath();
        error(alice.api.call("identity_backup", Map.of("destination_filepath", existing.toString(),
                "passphrase", PASSPHRASE)), ErrorCode.CONFLICT, "exists already");
        assertEquals(0, Files.size(existing));
        error(alice.api.call("identity_backup", Map.of("destination_filepath", "backup.json", "passphrase",
                PASSPHRASE)), ErrorCode.INVALID_ARGUMENT, "must be an absolute path");
        error(alice.api.call("identity_backup", Map.of("destination_filepath", "/no/such/folder/b.json",
                "passphrase", PASSPHRASE)), ErrorCode.INVALID_ARGUMENT, "does not exist");
        error(alice.api.call("identity_backup", Map.of("destination_filepath", tmp.getRoot() + "/empty.json",
                "passphrase", "")), ErrorCode.INVALID_ARGUMENT, "passphrase");
        assertFalse(Files.exists(tmp.getRoot().toPath().resolve("empty.json")));
    }

    private static void error(ApiResult r, ErrorCode code, String words) {
        assertFalse("expected an error", r.ok());
        assertEquals(r.errors().toString(), code, r.code());
        assertTrue(r.errors() + " should say " + words, r.errors().get(0).contains(words));
    }
}
