package io.bitdust.crypto;

import io.bitdust.common.BitDustException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.security.SecureRandom;

/**
 * An Ed25519 key pair: the 32-byte private key (the RFC 8032 seed) and its {@link SigningPublicKey}. Sign with
 * {@link Signatures#sign}. Immutable and thread-safe; {@link #toString()} never shows the private key.
 */
public final class SigningKeyPair {
    /** Length of the raw private key in bytes. */
    public static final int PRIVATE_KEY_LENGTH = Ed25519PrivateKeyParameters.KEY_SIZE;

    private final Ed25519PrivateKeyParameters privateKey;
    private final SigningPublicKey publicKey;

    private SigningKeyPair(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = SigningPublicKey.of(privateKey.generatePublicKey().getEncoded());
    }

    /**
     * @param random the source of the new private key
     * @return a fresh key pair
     */
    public static SigningKeyPair generate(SecureRandom random) {
        return new SigningKeyPair(new Ed25519PrivateKeyParameters(random));
    }

    /**
     * @param privateKey the 32-byte private key; copied
     * @return the key pair it defines
     * @throws BitDustException INVALID_ARGUMENT when the length is not 32
     */
    public static SigningKeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_LENGTH) {
            throw BitDustException.invalid("an Ed25519 private key has " + PRIVATE_KEY_LENGTH + " bytes");
        }
        return new SigningKeyPair(new Ed25519PrivateKeyParameters(privateKey));
    }

    /** @return the public half */
    public SigningPublicKey publicKey() {
        return publicKey;
    }

    /** @return a copy of the 32-byte private key, for storing it; the caller should wipe it after use */
    public byte[] privateKey() {
        return privateKey.getEncoded();
    }

    Ed25519PrivateKeyParameters parameters() {
        return privateKey;
    }

    /** @return the public key only */
    @Override
    public String toString() {
        return "SigningKeyPair[" + publicKey + "]";
    }
}
