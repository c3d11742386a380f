package io.bitdust.crypto.internal;

import static io.bitdust.crypto.TestSupport.assertFails;
import static io.bitdust.crypto.TestSupport.assertInvalid;
import static io.bitdust.crypto.TestSupport.flip;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.SealedBox;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningPublicKey;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

public class FileKeyRingTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();

    @Test
    public void createsOwnerOnlyKeysThatSignAndOpen() throws IOException {
        Path folder = temp.getRoot().toPath().resolve("data/bitdust/keys");
        FileKeyRing ring = new FileKeyRing(folder, random);
        assertFalse(ring.exists());

        ring.create();

        assertTrue(ring.exists());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        Path keyFile = folder.resolve(FileKeyRing.KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals(NodeKeyFile.LENGTH, Files.size(keyFile));
        try (var files = Files.list(folder)) {
            assertEquals(1, files.count());
        }
        byte[] message = "hello".getBytes();
        assertTrue(Signatures.verify(ring.signingPublicKey(), message, ring.sign(message)));
        assertArrayEquals(message, ring.openSealed(SealedBox.seal(ring.agreementPublicKey(), message, random)));
    }

    @Test
    public void reloadsTheSameKeys() {
        Path folder = temp.getRoot().toPath().resolve("keys");
        FileKeyRing first = new FileKeyRing(folder, random);
        first.create();

        FileKeyRing second = new FileKeyRing(folder, random);

        assertTrue(second.exists());
        assertEquals(first.signingPublicKey(), second.signingPublicKey());
        assertEquals(first.agreementPublicKey(), second.agreementPublicKey());
    }

    @Test
    public void withoutKeysOnlyCreateAndImportWork() {
        FileKeyRing ring = new FileKeyRing(temp.getRoot().toPath().resolve("keys"), random);

        assertFails(ErrorCode.UNAVAILABLE, ring::signingPublicKey);
        assertFails(ErrorCode.UNAVAILABLE, () -> ring.sign(new byte[1]));
        assertFails(ErrorCode.UNAVAILABLE, () -> ring.exportKeys(PASSPHRASE));
        ring.create();
        assertFails(ErrorCode.CONFLICT, ring::create);
    }

    @Test
    public void exportAndImportOnAFreshFolderGiveTheSameKeys() {
        FileKeyRing original = new FileKeyRing(temp.getRoot().toPath().resolve("old"), random);
        original.create();

        byte[] backup = original.exportKeys(PASSPHRASE.clone());
        FileKeyRing restored = new FileKeyRing(temp.getRoot().toPath().resolve("new"), random);
        restored.importKeys(backup, PASSPHRASE.clone(), original.signingPublicKey());

        assertEquals(117, backup.length);
        assertEquals(original.signingPublicKey(), restored.signingPublicKey());
        assertEquals(original.agreementPublicKey(), restored.agreementPublicKey());
        assertEquals(original.signingPublicKey(),
                new FileKeyRing(temp.getRoot().toPath().resolve("new"), random).signingPublicKey());
        byte[] box = SealedBox.seal(original.agreementPublicKey(), new byte[] {42}, random);
        assertArrayEquals(new byte[] {42}, restored.openSealed(box));
    }

    @Test
    public void wrongPassphraseIsRefusedAndChangesNothing() throws IOException {
        FileKeyRing original = new FileKeyRing(temp.getRoot().toPath().resolve("old"), random);
        original.create();
        byte[] backup = original.exportKeys(PASSPHRASE);
        Path folder = temp.getRoot().toPath().resolve("new");
        FileKeyRing other = new FileKeyRing(folder, random);
        other.create();
        byte[] before = Files.readAllBytes(folder.resolve(FileKeyRing.KEY_FILE));

        String message = assertInvalid(() -> other.importKeys(backup, "Correct horse battery staple".toCharArray(),
                original.signingPublicKey()))
                .getMessage();

        assertEquals("wrong passphrase or damaged key backup", message);
        assertArrayEquals(before, Files.readAllBytes(folder.resolve(FileKeyRing.KEY_FILE)));
        assertNotEquals(original.signingPublicKey(), other.signingPublicKey());
        assertInvalid(() -> other.importKeys(backup, new char[0], original.signingPublicKey()));
        String notTheirs = assertInvalid(() -> other.importKeys(backup, PASSPHRASE, other.signingPublicKey()))
                .getMessage();
        assertTrue(notTheirs, notTheirs.startsWith("the key backup holds the signing key"));
        assertArrayEquals(before, Files.readAllBytes(folder.resolve(FileKeyRing.KEY_FILE)));
    }

    @Test
    public void aCheckOfABackupSaysWhatAnImportWouldSayAndChangesNothing() throws IOException {
        FileKeyRing original = new FileKeyRing(temp.getRoot().toPath().resolve("old"), random);
        original.create();
        byte[] backup = original.exportKeys(PASSPHRASE);
        Path folder = temp.getRoot().toPath().resolve("new");
        FileKeyRing other = new FileKeyRing(folder, random);
        other.create();
        byte[] before = Files.readAllBytes(folder.resolve(FileKeyRing.KEY_FILE));

        other.checkKeys(backup, PASSPHRASE.clone(), original.signingPublicKey());
        assertEquals("wrong passphrase or damaged key backup", assertInvalid(() -> other.checkKeys(backup,
                "Correct horse battery staple".toCharArray(), original.signingPublicKey())).getMessage());
        assertTrue(assertInvalid(() -> other.checkKeys(backup, PASSPHRASE, other.signingPublicKey())).getMessage()
                .startsWith("the key backup holds the signing key"));

        assertArrayEquals(before, Files.readAllBytes(folder.resolve(FileKeyRing.KEY_FILE)));
        assertNotEquals(original.signingPublicKey(), other.signingPublicKey());
    }

    @Test
    public void damagedBackupsAreRefused() {
        FileKeyRing original = new FileKeyRing(temp.getRoot().toPath().resolve("old"), random);
        original.create();
        byte[] content = original.exportKeys(PASSPHRASE);
        SigningPublicKey key = original.signingPublicKey();
        FileKeyRing fresh = new FileKeyRing(temp.getRoot().toPath().resolve("new"), random);

        for (int position : new int[] {0, 4, 5, 6, 8, 9, 24, 25, 36, 37, 100, 116}) {
            assertInvalid(() -> fresh.importKeys(flip(content, position), PASSPHRASE, key));
        }
        assertInvalid(() -> fresh.importKeys(Arrays.copyOf(content, content.length - 1), PASSPHRASE, key));
        assertInvalid(() -> fresh.importKeys(Arrays.copyOf(content, content.length + 1), PASSPHRASE, key));
        assertInvalid(() -> fresh.importKeys(new byte[0], PASSPHRASE, key));
        assertFalse(fresh.exists());
    }

    @Test
    public void anEmptyPassphraseIsRefused() {
        FileKeyRing ring = new FileKeyRing(temp.getRoot().toPath().resolve("keys"), random);
        ring.create();
        assertInvalid(() -> ring.exportKeys(new char[0]));
    }

    @Test
    public void aKeyFileOthersMayReadIsRefused() throws IOException {
        Path folder = temp.getRoot().toPath().resolve("keys");
        new FileKeyRing(folder, random).create();
        Path keyFile = folder.resolve(FileKeyRing.KEY_FILE);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        String message = assertFails(ErrorCode.INTERNAL, () -> new FileKeyRing(folder, random)).getMessage();

        assertTrue(message, message.contains("chmod 600 " + keyFile));
    }

    @Test
    public void aDamagedNodeKeyFileIsRefused() throws IOException {
        Path folder = temp.getRoot().toPath().resolve("keys");
        new FileKeyRing(folder, random).create();
        Path keyFile = folder.resolve(FileKeyRing.KEY_FILE);
        byte[] content = Files.readAllBytes(keyFile);

        for (int position : new int[] {0, 4, 5, 40, 70, 100, 132}) {
            Files.write(keyFile, flip(content, position));
            assertFails(ErrorCode.INTERNAL, () -> new FileKeyRing(folder, random));
        }
    }
}
