package io.bitdust.crypto;

import static io.bitdust.crypto.TestSupport.assertInvalid;
import static io.bitdust.crypto.TestSupport.flip;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.Json;
import org.junit.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

public class SignaturesTest {
    private static final HexFormat HEX = HexFormat.of();
    private final SecureRandom random = new SecureRandom();

    @Test
    public void rfc8032TestVector1() {
        SigningKeyPair keys = SigningKeyPair.fromPrivateKey(
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        byte[] expected = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                HEX.formatHex(keys.publicKey().bytes()));
        assertArrayEquals(expected, Signatures.sign(keys, new byte[0]));
        assertTrue(Signatures.verify(keys.publicKey(), new byte[0], expected));
    }

    @Test
    public void signsAndVerifies() {
        SigningKeyPair keys = SigningKeyPair.generate(random);
        byte[] message = "a packet to sign".getBytes();

        assertTrue(Signatures.verify(keys.publicKey(), message, Signatures.sign(keys, message)));
        assertFalse(Signatures.verify(SigningKeyPair.generate(random).publicKey(), message,
                Signatures.sign(keys, message)));
    }

    @Test
    public void everyFlippedByteFailsVerification() {
        SigningKeyPair keys = SigningKeyPair.generate(random);
        byte[] message = new byte[48];
        random.nextBytes(message);
        byte[] signature = Signatures.sign(keys, message);
        byte[] key = keys.publicKey().bytes();

        for (int i = 0; i < message.length; i++) {
            assertFalse("message byte " + i, Signatures.verify(keys.publicKey(), flip(message, i), signature));
        }
        for (int i = 0; i < signature.length; i++) {
            assertFalse("signature byte " + i, Signatures.verify(keys.publicKey(), message, flip(signature, i)));
        }
        for (int i = 0; i < key.length; i++) {
            assertFalse("key byte " + i, verifiesWithKey(flip(key, i), message, signature));
        }
    }

    @Test
    public void signaturesOfWrongLengthFail() {
        SigningKeyPair keys = SigningKeyPair.generate(random);
        byte[] signature = Signatures.sign(keys, new byte[] {1});

        assertFalse(Signatures.verify(keys.publicKey(), new byte[] {1}, Arrays.copyOf(signature, 63)));
        assertFalse(Signatures.verify(keys.publicKey(), new byte[] {1}, Arrays.copyOf(signature, 65)));
        assertFalse(Signatures.verify(keys.publicKey(), new byte[] {1}, null));
    }

    @Test
    public void publicKeysHaveABase64UrlTextAndJsonForm() throws Exception {
        SigningPublicKey key = SigningKeyPair.generate(random).publicKey();
        AgreementPublicKey agreement = AgreementKeyPair.generate(random).publicKey();

        assertEquals(43, key.toString().length());
        assertEquals(key, SigningPublicKey.parse(key.toString()));
        assertEquals(agreement, AgreementPublicKey.parse(agreement.toString()));
        String json = Json.write(key);
        assertEquals("\"" + key + "\"", json);
        assertEquals(key, Json.mapper().readValue(json, SigningPublicKey.class));
        assertEquals(agreement, Json.mapper().readValue(Json.write(agreement), AgreementPublicKey.class));
    }

    @Test
    public void malformedPublicKeysAreRefused() {
        String text = SigningKeyPair.generate(random).publicKey().toString();

        assertInvalid(() -> SigningPublicKey.parse(text + "="));
        assertInvalid(() -> SigningPublicKey.parse(text.substring(1)));
        assertInvalid(() -> SigningPublicKey.parse("not base64!"));
        assertInvalid(() -> SigningPublicKey.of(new byte[31]));
        assertInvalid(() -> AgreementPublicKey.parse(text + "AA"));
    }

    @Test
    public void keyPairsDoNotShowPrivateKeys() {
        SigningKeyPair keys = SigningKeyPair.generate(random);

        assertEquals("SigningKeyPair[" + keys.publicKey() + "]", keys.toString());
        assertEquals(keys.publicKey(), SigningKeyPair.fromPrivateKey(keys.privateKey()).publicKey());
    }

    private static boolean verifiesWithKey(byte[] key, byte[] message, byte[] signature) {
        try {
            return Signatures.verify(SigningPublicKey.of(key), message, signature);
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            return false;
        }
    }
}
