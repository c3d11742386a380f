package io.bitdust.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import org.junit.Test;

/** The warm-up's effect is on the JIT (docs/performance.md); here: it checks what it signs and changes nothing. */
public class SignatureWarmUpTest {
    @Test
    public void everyUnalteredSignatureVerifiesAndNoAlteredOneDoes() {
        assertEquals(SignatureWarmUp.SIGNATURES - SignatureWarmUp.SIGNATURES / SignatureWarmUp.FORGED_EVERY,
                SignatureWarmUp.run());

        SigningKeyPair keys = SigningKeyPair.generate(new SecureRandom());
        byte[] message = {1, 2, 3};
        byte[] signature = Signatures.sign(keys, message);
        assertTrue(Signatures.verify(keys.publicKey(), message, signature));
        signature[0] ^= 1;
        assertFalse(Signatures.verify(keys.publicKey(), message, signature));
    }

    @Test
    public void anInterruptedWarmUpStopsAtOnce() {
        Thread.currentThread().interrupt();
        try {
            assertEquals(0, SignatureWarmUp.run());
        } finally {
            Thread.interrupted();
        }
    }
}
