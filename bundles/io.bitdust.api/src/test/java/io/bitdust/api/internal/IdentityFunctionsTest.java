package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiResult;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.internal.LocalIdentity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
        final List<String> announced = new ArrayList<>();
        final Api api;

        Node(Path folder) {
            keys = new FileKeyRing(folder.resolve("keys"), new SecureRandom());
            keys.create();
            identity = new LocalIdentity(folder, keys, () -> List.of("127.0.0.1:1"), Duration.ofSeconds(2),
                    Clock.systemUTC());
            IdentityFunctions area = new IdentityFunctions();
            area.keyRing.bind("keys", keys);
            area.identityService.bind("identity", identity);
            // what was told of a coming recovery, and whose keys the key ring held then
            identity.subscribeBeforeRecovery(next -> announced.add(next.nickname() + " under "
                    + keys.signingPublicKey()));
            api = new Api(new AreaService<>(ProcessFunctions.AREA), folder, Map.of(), "test").add(area);
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
        SigningPublicKey temporary = fresh.keys.signingPublicKey();
        ApiResult recovered = fresh.api.call("identity_recover", Map.of("private_key_source", file.toString(),
                "passphrase", PASSPHRASE));
        assertTrue(recovered.errors().toString(), recovered.ok());
        assertEquals("the coming recovery is told while the temporary identity's keys can still sign",
                List.of("alice under " + temporary), fresh.announced);
        assertEquals("http://127.0.0.1:1/alice.json", ((Map<?, ?>) recovered.result()).get("idurl"));
        assertEquals(alice.identity.identity().orElseThrow(), fresh.identity.identity().orElseThrow());
        assertEquals(alice.keys.signingPublicKey(), fresh.keys.signingPublicKey());
        assertEquals(alice.keys.agreementPublicKey(), fresh.keys.agreementPublicKey());

        ApiResult again = alice.api.call("identity_recover", Map.of("private_key_source", file.toString(),
                "passphrase", PASSPHRASE));
        assertTrue(again.errors().toString(), again.ok());
        assertEquals("a node recovering its own identity ends nothing", List.of(), alice.announced);
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
        assertEquals("a refused recovery ends nothing", List.of(), bob.announced);
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
                "passphrase", PASSPHRASE)), ErrorCode.NOT_FOUND, "folder /no/such/folder does not exist");
        error(alice.api.call("identity_backup", Map.of("destination_filepath", tmp.getRoot() + "/empty.json",
                "passphrase", "")), ErrorCode.INVALID_ARGUMENT, "passphrase");
        assertFalse(Files.exists(tmp.getRoot().toPath().resolve("empty.json")));
    }

    @Test
    public void pathProblemsAreTheCallersErrorsNamingThePathAndTheProblem() throws Exception {
        Node alice = new Node(tmp.getRoot().toPath().resolve("alice"));
        alice.identity.create("alice");
        error(alice.api.call("identity_backup", Map.of("destination_filepath", "/proc/x", "passphrase",
                PASSPHRASE)), ErrorCode.INVALID_ARGUMENT, "cannot write /proc/x: not writable");
        Path file = tmp.newFile("plain.txt").toPath();
        error(alice.api.call("identity_backup", Map.of("destination_filepath", file + "/b.json", "passphrase",
                PASSPHRASE)), ErrorCode.INVALID_ARGUMENT, file + " is not a folder");
        ApiResult nul = alice.api.call("identity_backup", Map.of("destination_filepath", tmp.getRoot() + "/a\u0000b",
                "passphrase", PASSPHRASE));
        error(nul, ErrorCode.INVALID_ARGUMENT, "destination_filepath '" + tmp.getRoot() + "/a\\0b' has invalid "
                + "characters");
        assertFalse("no control character in the message", nul.errors().get(0).contains("\u0000"));

        Path folder = tmp.newFolder("a-folder").toPath();
        error(alice.api.call("identity_recover", Map.of("private_key_source", folder.toString(), "passphrase",
                PASSPHRASE)), ErrorCode.INVALID_ARGUMENT, folder + " is not a regular file: it is a folder");
        error(alice.api.call("identity_recover", Map.of("private_key_source", "/dev/zero", "passphrase",
                PASSPHRASE)), ErrorCode.INVALID_ARGUMENT, "/dev/zero is not a regular file: it is a device");
        error(alice.api.call("identity_recover", Map.of("private_key_source", tmp.getRoot() + "/none.json",
                "passphrase", PASSPHRASE)), ErrorCode.NOT_FOUND, "none.json does not exist");
        try (var left = Files.list(tmp.getRoot().toPath())) {
            assertEquals("nothing was written", List.of("a-folder", "alice", "plain.txt"),
                    left.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList()));
        }
    }

    @Test
    public void aPassphraseHasAtLeastTwelveCharactersOrIsGenerated() throws Exception {
        Node alice = new Node(tmp.getRoot().toPath().resolve("alice"));
        alice.identity.create("alice");
        Path file = tmp.getRoot().toPath().resolve("backup.json");
        ApiResult shortOne = alice.api.call("identity_backup", Map.of("destination_filepath", file.toString(),
                "passphrase", "elevenchars"));
        error(shortOne, ErrorCode.INVALID_ARGUMENT, "it has 11 characters and needs at least 12");
        assertFalse("the message never quotes the passphrase", shortOne.errors().get(0).contains("elevenchars"));
        error(alice.api.call("identity_backup", Map.of("destination_filepath", file.toString(), "passphrase",
                "\u00e9\u00e9\u00e9\u00e9e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301")),
                ErrorCode.INVALID_ARGUMENT, "it has 11 characters");
        error(alice.api.call("identity_backup", Map.of("destination_filepath", file.toString())),
                ErrorCode.INVALID_ARGUMENT, "give one of at least 12 characters, or generate=true");
        error(alice.api.call("identity_backup", Map.of("destination_filepath", file.toString(), "passphrase",
                PASSPHRASE, "generate", true)), ErrorCode.INVALID_ARGUMENT, "not both");
        assertFalse(Files.exists(file));

        ApiResult generated = alice.api.call("identity_backup", Map.of("destination_filepath", file.toString(),
                "generate", "true"));
        assertTrue(generated.errors().toString(), generated.ok());
        String phrase = (String) ((Map<?, ?>) generated.result()).get("passphrase");
        assertTrue(phrase, phrase.matches("[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){5}"));
        assertTrue(Files.exists(file));

        Node fresh = new Node(tmp.getRoot().toPath().resolve("fresh"));
        ApiResult recovered = fresh.api.call("identity_recover", Map.of("private_key_source", file.toString(),
                "passphrase", phrase));
        assertTrue(recovered.errors().toString(), recovered.ok());
        assertEquals(alice.keys.signingPublicKey(), fresh.keys.signingPublicKey());
        Path second = tmp.getRoot().toPath().resolve("second.json");
        String other = (String) ((Map<?, ?>) alice.api.call("identity_backup", Map.of("destination_filepath",
                second.toString(), "generate", true)).result()).get("passphrase");
        assertFalse("every phrase is new", phrase.equals(other));
    }

    @Test
    public void thePassphraseNeverReachesTheLog() throws Exception {
        String level = "org.slf4j.simpleLogger.log.io.bitdust";
        String before = System.setProperty(level, "debug");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            Node alice = new Node(tmp.getRoot().toPath().resolve("alice"));
            alice.identity.create("alice");
            Path file = tmp.getRoot().toPath().resolve("backup.json");
            assertTrue(alice.api.call("identity_backup", Map.of("destination_filepath", file.toString(),
                    "passphrase", PASSPHRASE)).ok());
            alice.api.call("identity_backup", Map.of("destination_filepath", "/proc/x", "passphrase", PASSPHRASE));
            alice.api.call("identity_backup", Map.of("destination_filepath", tmp.getRoot() + "/short.json",
                    "passphrase", "shortsecret"));
            alice.api.call("identity_recover", Map.of("private_key_source", file.toString(), "passphrase",
                    "wrong but long passphrase"));
            alice.api.call("identity_recover", Map.of("private_key_source", "/tmp/\u0000\n[ERROR] forged",
                    "passphrase", PASSPHRASE));
        } finally {
            System.setErr(err);
            if (before == null) {
                System.clearProperty(level);
            } else {
                System.setProperty(level, before);
            }
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue("the calls were logged: " + text, text.contains("Wrote the identity backup"));
        for (String secret : new String[] {PASSPHRASE, "shortsecret", "wrong but long passphrase"}) {
            assertFalse(secret + " in the log:\n" + text, text.contains(secret));
        }
        assertFalse("NUL in the log", text.contains("\u0000"));
        assertFalse("a forged log line", text.contains("\n[ERROR] forged"));
    }

    private static void error(ApiResult r, ErrorCode code, String words) {
        assertFalse("expected an error", r.ok());
        assertEquals(r.errors().toString(), code, r.code());
        assertTrue(r.errors() + " should say " + words, r.errors().get(0).contains(words));
    }
}
