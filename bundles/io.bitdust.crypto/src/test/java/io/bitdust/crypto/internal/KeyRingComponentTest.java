package io.bitdust.crypto.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KeyRingComponentTest {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void createsKeysOnFirstActivationAndKeepsThem() {
        Path folder = temp.getRoot().toPath().resolve("bitdust/keys");

        KeyRingComponent first = new KeyRingComponent(new FileKeyRing(folder, new SecureRandom()));
        KeyRingComponent second = new KeyRingComponent(new FileKeyRing(folder, new SecureRandom()));

        assertTrue(first.exists());
        assertTrue(Files.isDirectory(folder));
        assertEquals(first.signingPublicKey(), second.signingPublicKey());
        assertEquals(first.agreementPublicKey(), second.agreementPublicKey());
    }
}
