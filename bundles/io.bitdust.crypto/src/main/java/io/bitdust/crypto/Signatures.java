package io.bitdust.crypto;

import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 signatures (RFC 8032, pure Ed25519, no context) through Bouncy Castle's lightweight API. Thread-safe. */
public final class Signatures {
    /** Length of a signature in bytes. */
    public static final int LENGTH = 64;

    private Signatures() {
    }

    /**
     * @param keys    the signer's key pair
     * @param message the bytes to sign
     * @return the 64-byte signature
     */
    public static byte[] sign(SigningKeyPair keys, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, keys.parameters());
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * @param key       the signer's public key
     * @param message   the signed bytes
     * @param signature the signature to check; any length is accepted and only 64 can be valid
     * @return whether {@code signature} is a valid signature of {@code message} by {@code key}
     */
    public static boolean verify(SigningPublicKey key, byte[] message, byte[] signature) {
        if (signature == null || signature.length != LENGTH) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key.parameters());
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}
