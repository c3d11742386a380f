package io.bitdust.crypto;

import io.bitdust.common.BitDustException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

import java.security.SecureRandom;

/**
 * An X25519 key pair: the 32-byte private key and its {@link AgreementPublicKey}. Open boxes sealed to it with
 * {@link SealedBox#open}. Immutable and thread-safe; {@link #toString()} never shows the private key.
 */
public final class AgreementKeyPair {
    /** Length of the raw private key in bytes. */
    public static final int PRIVATE_KEY_LENGTH = X25519PrivateKeyParameters.KEY_SIZE;

    private final X25519PrivateKeyParameters privateKey;
    private final AgreementPublicKey publicKey;

    private AgreementKeyPair(X25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = AgreementPublicKey.of(privateKey.generatePublicKey().getEncoded());
    }

    /**
     * @param random the source of the new private key
     * @return a fresh key pair
     */
    public static AgreementKeyPair generate(SecureRandom random) {
        return new AgreementKeyPair(new X25519PrivateKeyParameters(random));
    }

    /**
     * @param privateKey the 32-byte private key; copied
     * @return the key pair it defines
     * @throws BitDustException INVALID_ARGUMENT when the length is not 32
     */
    public static AgreementKeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_LENGTH) {
            throw BitDustException.invalid("an X25519 private key has " + PRIVATE_KEY_LENGTH + " bytes");
        }
        return new AgreementKeyPair(new X25519PrivateKeyParameters(privateKey));
    }

    /** @return the public half */
    public AgreementPublicKey publicKey() {
        return publicKey;
    }

    /** @return a copy of the 32-byte private key, for storing it; the caller should wipe it after use */
    public byte[] privateKey() {
        return privateKey.getEncoded();
    }

    /**
     * @return the raw X25519 shared secret with {@code peer}
     * @throws BitDustException INVALID_ARGUMENT when the peer key is a low-order point (the secret would be zero)
     */
    byte[] sharedSecret(AgreementPublicKey peer) {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(privateKey);
        byte[] secret = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(peer.parameters(), secret, 0);
        } catch (IllegalStateException e) {
            throw BitDustException.invalid("X25519 public key " + peer + " is a low-order point");
        }
        return secret;
    }

    /** @return the public key only */
    @Override
    public String toString() {
        return "AgreementKeyPair[" + publicKey + "]";
    }
}
