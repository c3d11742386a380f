package io.bitdust.crypto.internal;

import static io.bitdust.crypto.TestSupport.assertInvalid;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import io.bitdust.crypto.BlockCipher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.Test;

public class KeyBackupTest {
    /** "Crème brûlée à Zürich" with precomposed letters (NFC) and with base letters plus combining marks (NFD). */
    private static final String NFC = Normalizer.normalize("Cr\u00e8me br\u00fbl\u00e9e \u00e0 Z\u00fcrich",
            Normalizer.Form.NFC);
    private static final String NFD = Normalizer.normalize(NFC, Normalizer.Form.NFD);

    private final SecureRandom random = new SecureRandom();
    private final NodeKeys keys = NodeKeys.generate(random);

    @Test
    public void composedAndDecomposedSpellingsOfOnePassphraseOpenTheSameBackup() {
        assertNotEquals("the two spellings differ as characters", NFC, NFD);
        byte[] madeWithNfd = KeyBackup.encode(keys, NFD.toCharArray(), random);
        byte[] madeWithNfc = KeyBackup.encode(keys, NFC.toCharArray(), random);
        for (byte[] backup : new byte[][] {madeWithNfd, madeWithNfc}) {
            for (String spelling : new String[] {NFC, NFD}) {
                NodeKeys opened = KeyBackup.decode(backup, spelling.toCharArray());
                assertArrayEquals(keys.privateKeys(), opened.privateKeys());
            }
        }
        assertInvalid(() -> KeyBackup.decode(madeWithNfd, "Creme brulee a Zurich".toCharArray()));
    }

    @Test
    public void theKeyIsScryptOfTheUtf8BytesOfTheNfcPassphraseAsDocumented() {
        byte[] backup = KeyBackup.encode(keys, NFD.toCharArray(), random);
        byte[] header = Arrays.copyOf(backup, 37);
        assertEquals(16, header[6]);
        byte[] salt = Arrays.copyOfRange(backup, 9, 25);
        byte[] nonce = Arrays.copyOfRange(backup, 25, 37);
        byte[] key = SCrypt.generate(NFC.getBytes(StandardCharsets.UTF_8), salt, 1 << 16, 8, 1, 32);
        byte[] privateKeys = BlockCipher.decrypt(key, nonce, Arrays.copyOfRange(backup, 37, backup.length), header);
        assertArrayEquals(keys.privateKeys(), privateKeys);
    }

    @Test
    public void theCallersPassphraseIsLeftAsGiven() {
        char[] given = NFD.toCharArray();
        KeyBackup.encode(keys, given, random);
        assertArrayEquals("normalising works on a copy; the caller wipes its own array", NFD.toCharArray(), given);
    }
}
