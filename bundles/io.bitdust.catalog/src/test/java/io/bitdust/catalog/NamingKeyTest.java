package io.bitdust.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.pipeline.FragmentName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NamingKeyTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theSameKeysGiveTheSameNamesAfterARecovery() throws Exception {
        FileKeyRing mine = ring(folder.newFolder().toPath());
        FileKeyRing recovered = new FileKeyRing(folder.newFolder().toPath(), RANDOM);
        char[] passphrase = "correct horse".toCharArray();
        recovered.importKeys(mine.exportKeys(passphrase), passphrase, mine.signingPublicKey());
        FileKeyRing other = ring(folder.newFolder().toPath());

        NamingKey key = NamingKey.of(mine);
        assertEquals(key, NamingKey.of(recovered));
        assertEquals(key.manifest("0/1/F20260101120000AM"), NamingKey.of(recovered).manifest("0/1/F20260101120000AM"));
        assertNotEquals(key, NamingKey.of(other));
        assertNotEquals(key.manifest("0/1/F20260101120000AM"), NamingKey.of(other).manifest("0/1/F20260101120000AM"));
    }

    @Test
    public void namesRevealNeitherPathNorVersionAndDifferPerObject() throws Exception {
        NamingKey key = NamingKey.of(ring(folder.newFolder().toPath()));
        String data = key.fragment("0/1/F20260101120000AM", 3, 2, false);
        String parity = key.fragment("0/1/F20260101120000AM", 3, 2, true);
        String manifest = key.manifest("0/1/F20260101120000AM");
        for (String name : new String[] {data, parity}) {
            assertTrue(name, name.matches("[0-9a-f]{64}"));
            assertFalse(name, NamingKey.isManifest(name));
        }
        assertTrue(manifest, manifest.matches("m[0-9a-f]{64}"));
        assertTrue("the owner tells a manifest by its name alone", NamingKey.isManifest(manifest));
        assertFalse(NamingKey.isManifest(NamingKey.CATALOG_OBJECT));
        assertFalse(NamingKey.isManifest("m" + data.toUpperCase()));
        assertFalse(NamingKey.isManifest(manifest + "0"));
        assertNotEquals(data, parity);
        assertNotEquals(data, manifest);
        assertEquals(data, key.fragment(new FragmentName("0/1/F20260101120000AM", 3, 2, false)));
        assertEquals("NamingKey[secret]", key.toString());
    }

    @Test
    public void aNameIsTheHmacOfTheFragmentNameEachTimeAndOnEveryThread() throws Exception {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        NamingKey key = new NamingKey(secret);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("0/1/F20260101120000AM/7-3-Parity"
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, key.fragment("0/1/F20260101120000AM", 7, 3, true));
        assertEquals("the key is not used up by a name", expected, key.fragment("0/1/F20260101120000AM", 7, 3, true));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> names = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                names.add(threads.submit(() -> key.fragment("0/1/F20260101120000AM", 7, 3, true)));
            }
            for (Future<String> name : names) {
                assertEquals(expected, name.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    public void shortKeysAndHugeBlocksAreRefused() throws Exception {
        assertThrows(BitDustException.class, () -> new NamingKey(new byte[15]));
        assertThrows(BitDustException.class, () -> new NamingKey(null));
        NamingKey key = new NamingKey(new byte[16]);
        BitDustException e = assertThrows(BitDustException.class,
                () -> key.fragment("0/F20260101120000AM", Integer.MAX_VALUE + 1L, 0, false));
        assertTrue(e.getMessage(), e.getMessage().contains("exceeds"));
    }

    private static FileKeyRing ring(Path folder) throws Exception {
        Files.createDirectories(folder);
        FileKeyRing ring = new FileKeyRing(folder, RANDOM);
        ring.create();
        return ring;
    }
}
