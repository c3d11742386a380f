package io.bitdust.crypto;

import static io.bitdust.crypto.TestSupport.assertInvalid;
import static io.bitdust.crypto.TestSupport.flip;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import org.junit.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

public class SealedBoxTest {
    private static final HexFormat HEX = HexFormat.of();
    private final SecureRandom random = new SecureRandom();

    @Test
    public void rfc7748DiffieHellman() {
        AgreementKeyPair alice = AgreementKeyPair.fromPrivateKey(
                HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        AgreementKeyPair bob = AgreementKeyPair.fromPrivateKey(
                HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
                HEX.formatHex(alice.publicKey().bytes()));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
                HEX.formatHex(bob.publicKey().bytes()));
        assertEquals(shared, HEX.formatHex(alice.sharedSecret(bob.publicKey())));
        assertEquals(shared, HEX.formatHex(bob.sharedSecret(alice.publicKey())));
    }

    @Test
    public void sealsAndOpens() {
        AgreementKeyPair recipient = AgreementKeyPair.generate(random);
        for (int length : new int[] {0, 1, 100, 70_000}) {
            byte[] plaintext = new byte[length];
            random.nextBytes(plaintext);

            byte[] box = SealedBox.seal(recipient.publicKey(), plaintext, random);

            assertEquals(length + SealedBox.OVERHEAD, box.length);
            assertEquals(SealedBox.VERSION, box[0]);
            assertArrayEquals(plaintext, SealedBox.open(recipient, box));
        }
    }

    @Test
    public void sealingTwiceGivesDifferentBoxes() {
        AgreementPublicKey recipient = AgreementKeyPair.generate(random).publicKey();

        byte[] first = SealedBox.seal(recipient, new byte[] {7}, random);
        byte[] second = SealedBox.seal(recipient, new byte[] {7}, random);

        assertFalse(Arrays.equals(first, second));
    }

    @Test
    public void everyTamperedByteIsRefused() {
        AgreementKeyPair recipient = AgreementKeyPair.generate(random);
        byte[] box = SealedBox.seal(recipient.publicKey(), "a secret key".getBytes(), random);

        for (int i = 0; i < box.length; i++) {
            int position = i;
            assertInvalid(() -> SealedBox.open(recipient, flip(box, position)));
        }
        assertInvalid(() -> SealedBox.open(recipient, Arrays.copyOf(box, box.length - 1)));
        assertInvalid(() -> SealedBox.open(recipient, Arrays.copyOf(box, box.length + 1)));
        assertInvalid(() -> SealedBox.open(recipient, new byte[SealedBox.OVERHEAD - 1]));
    }

    @Test
    public void aForeignBoxIsRefusedClearly() {
        byte[] box = SealedBox.seal(AgreementKeyPair.generate(random).publicKey(), new byte[] {1, 2, 3}, random);

        String message = assertInvalid(() -> SealedBox.open(AgreementKeyPair.generate(random), box)).getMessage();

        assertEquals("cannot open sealed box: it is damaged, or sealed to another key", message);
    }

    @Test
    public void aLowOrderRecipientKeyIsRefused() {
        AgreementPublicKey zero = AgreementPublicKey.of(new byte[AgreementPublicKey.LENGTH]);

        assertInvalid(() -> SealedBox.seal(zero, new byte[] {1}, random));
    }
}
