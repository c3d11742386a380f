package io.bitdust.crypto;

/**
 * Gets Ed25519 signing and checking JIT-compiled before real packets need them. Bouncy Castle's Ed25519 is a few large
 * methods that C2 compiles only once thousands of signatures have gone through them: in a node just started that
 * happened during its second backup, and took a supplier 2.8 s of compiler time on a 2-core machine while the backup
 * ran (docs/performance.md, "seventh pass"). {@value #SIGNATURES} signatures made and checked here move that to the
 * node's start, on a background thread (about 0.3 s of signing, and the compiler's work beside it). Every packet a
 * node sends is signed and every one it receives checked, so every node runs this when it starts
 * (the transport bundle's {@code SignatureWarmUpComponent}).
 *
 * <p>The signatures vary the way real use does: several keys, packet-sized and longer messages, and a signature now and
 * then that does not verify, so that C2 compiles every branch it will meet.
 */
public final class SignatureWarmUp {
    /** Signatures made and checked. */
    static final int SIGNATURES = 2000;
    /** Every {@value #FORGED_EVERY}th signature is altered before it is checked. */
    static final int FORGED_EVERY = 5;
    private static final int KEYS = 4;
    /** A packet's signed message: a 17-byte label and a SHA-256. */
    private static final int PACKET_MESSAGE = 49;
    private static final int LONG_MESSAGE = 700;

    private SignatureWarmUp() {
    }

    /**
     * Runs the warm-up, stopping early when the calling thread is interrupted. Once per JVM is enough.
     *
     * @return how many signatures verified: the {@value #SIGNATURES} made, less the altered ones (all of them when
     *     not interrupted: {@code SIGNATURES - SIGNATURES / FORGED_EVERY})
     */
    public static int run() {
        SigningKeyPair[] keys = new SigningKeyPair[KEYS];
        for (int k = 0; k < KEYS; k++) {
            byte[] seed = new byte[SigningKeyPair.PRIVATE_KEY_LENGTH];
            seed[0] = (byte) (k + 1);
            keys[k] = SigningKeyPair.fromPrivateKey(seed);
        }
        int verified = 0;
        for (int i = 0; i < SIGNATURES && !Thread.currentThread().isInterrupted(); i++) {
            byte[] message = new byte[i % 7 == 0 ? LONG_MESSAGE : PACKET_MESSAGE];
            message[0] = (byte) i;
            message[1] = (byte) (i >>> 8);
            SigningKeyPair signer = keys[i % KEYS];
            byte[] signature = Signatures.sign(signer, message);
            if (i % FORGED_EVERY == FORGED_EVERY - 1) {
                signature[i % Signatures.LENGTH] ^= 1;
            }
            verified += Signatures.verify(signer.publicKey(), message, signature) ? 1 : 0;
        }
        return verified;
    }
}
