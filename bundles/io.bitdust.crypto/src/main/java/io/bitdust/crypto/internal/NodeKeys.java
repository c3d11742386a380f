package io.bitdust.crypto.internal;

import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.SigningKeyPair;

import java.security.SecureRandom;
import java.util.Arrays;

/** The two key pairs of a node; the private keys travel as Ed25519 private key (32) || X25519 private key (32). */
record NodeKeys(SigningKeyPair signing, AgreementKeyPair agreement) {
    static final int PRIVATE_KEYS_LENGTH = SigningKeyPair.PRIVATE_KEY_LENGTH + AgreementKeyPair.PRIVATE_KEY_LENGTH;

    static NodeKeys generate(SecureRandom random) {
        return new NodeKeys(SigningKeyPair.generate(random), AgreementKeyPair.generate(random));
    }

    static NodeKeys fromPrivateKeys(byte[] privateKeys, int offset) {
        int middle = offset + SigningKeyPair.PRIVATE_KEY_LENGTH;
        byte[] signingKey = Arrays.copyOfRange(privateKeys, offset, middle);
        byte[] agreementKey = Arrays.copyOfRange(privateKeys, middle, middle + AgreementKeyPair.PRIVATE_KEY_LENGTH);
        try {
            return new NodeKeys(SigningKeyPair.fromPrivateKey(signingKey),
                    AgreementKeyPair.fromPrivateKey(agreementKey));
        } finally {
            Arrays.fill(signingKey, (byte) 0);
            Arrays.fill(agreementKey, (byte) 0);
        }
    }

    /** @return a copy of both private keys; the caller wipes it */
    byte[] privateKeys() {
        byte[] signingKey = signing.privateKey();
        byte[] agreementKey = agreement.privateKey();
        byte[] both = new byte[PRIVATE_KEYS_LENGTH];
        System.arraycopy(signingKey, 0, both, 0, signingKey.length);
        System.arraycopy(agreementKey, 0, both, signingKey.length, agreementKey.length);
        Arrays.fill(signingKey, (byte) 0);
        Arrays.fill(agreementKey, (byte) 0);
        return both;
    }
}
