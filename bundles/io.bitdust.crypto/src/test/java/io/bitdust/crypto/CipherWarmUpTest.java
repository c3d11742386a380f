package io.bitdust.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.security.SecureRandom;
import org.junit.Test;

/** The warm-up's effect is a speed (benchmarks/ColdCipherBenchmark); here: it round-trips and changes nothing. */
public class CipherWarmUpTest {
    @Test
    public void everyMessageComesBackAndTheCiphersStillWork() {
        assertEquals(CipherWarmUp.MESSAGES, CipherWarmUp.run());

        SecureRandom random = new SecureRandom();
        byte[] key = BlockCipher.newKey(random);
        byte[] data = new byte[3 * StreamCipher.SEGMENT_LENGTH + 5];
        random.nextBytes(data);
        assertArrayEquals(data, StreamCipher.decrypt(key, StreamCipher.encrypt(key, data, new byte[0], random),
                new byte[0]));
    }
}
