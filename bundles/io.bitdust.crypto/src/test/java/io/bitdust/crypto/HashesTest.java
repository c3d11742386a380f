package io.bitdust.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

public class HashesTest {
    @Test
    public void knownAnswers() {
        HexFormat hex = HexFormat.of();

        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                hex.formatHex(Hashes.sha256("abc".getBytes())));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                hex.formatHex(Hashes.sha256(new byte[0])));
    }

    @Test
    public void slicedHashingMatchesOneShot() throws Exception {
        SecureRandom random = new SecureRandom();
        for (int size : BlockCipherTest.SIZES) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
            Hashes.Sha256 pieces = Hashes.newSha256();
            for (int offset = 0; offset < size; offset += 100_000) {
                pieces.update(data, offset, Math.min(100_000, size - offset));
            }

            assertArrayEquals(expected, Hashes.sha256(data));
            assertArrayEquals(expected, Hashes.sha256(new ByteArrayInputStream(data)));
            assertArrayEquals(expected, pieces.digest());
        }
    }

    @Test
    public void digestStartsOver() throws IOException {
        Hashes.Sha256 sha256 = Hashes.newSha256();
        sha256.update(new byte[] {1, 2}, 0, 2).digest();

        assertArrayEquals(Hashes.sha256(new byte[0]), sha256.digest());
    }
}
