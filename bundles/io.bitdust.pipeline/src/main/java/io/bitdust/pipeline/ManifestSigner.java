package io.bitdust.pipeline;

import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.crypto.SigningPublicKey;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The owner's Ed25519 key as a {@link Packer} needs it: to sign each version's {@link VersionManifest} (one signature
 * per version) and to record whose it is. Implementations are thread-safe.
 */
@ConsumerType
public interface ManifestSigner {
    /** @return the public key the signatures verify with, recorded in the manifest */
    SigningPublicKey publicKey();

    /**
     * @param message the bytes to sign: {@link VersionManifest#SIGNING_LABEL} and the manifest before its signature
     * @return the 64-byte Ed25519 signature
     */
    byte[] sign(byte[] message);

    /**
     * @param keys a key ring, normally this node's
     * @return a signer with the key ring's signing key
     */
    static ManifestSigner of(KeyRing keys) {
        return new ManifestSigner() {
            @Override
            public SigningPublicKey publicKey() {
                return keys.signingPublicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
                return keys.sign(message);
            }
        };
    }

    /**
     * @param keys an Ed25519 key pair
     * @return a signer with that key pair
     */
    static ManifestSigner of(SigningKeyPair keys) {
        return new ManifestSigner() {
            @Override
            public SigningPublicKey publicKey() {
                return keys.publicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
                return Signatures.sign(keys, message);
            }
        };
    }
}
