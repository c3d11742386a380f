package io.bitdust.crypto;

import io.bitdust.common.BitDustException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Anonymous public-key encryption to an X25519 key: an ephemeral X25519 key agreement with the recipient's key,
 * HKDF-SHA256 over the shared secret binding both public keys and a context label, then AES-256-GCM with the header
 * as associated data. Layout: version (1) || ephemeral public key (32) || nonce (12) || ciphertext and tag; see
 * docs/crypto-formats.md. Only the holder of the recipient's private key can open a box, and nobody learns who sealed it.
 * Meant for small payloads (keys, messages); for bulk data seal a {@link StreamCipher} key instead. Thread-safe.
 */
public final class SealedBox {
    /** The format version written in the first byte. */
    public static final byte VERSION = 1;
    /** How much longer a box is than its plaintext: version, ephemeral key, nonce and tag. */
    public static final int OVERHEAD =
            1 + AgreementPublicKey.LENGTH + BlockCipher.NONCE_LENGTH + BlockCipher.TAG_LENGTH;

    private static final int HEADER_LENGTH = OVERHEAD - BlockCipher.TAG_LENGTH;
    private static final byte[] LABEL = "bitdust/sealed-box/v1".getBytes(StandardCharsets.US_ASCII);

    private SealedBox() {
    }

    /**
     * @param recipient the key to seal to
     * @param plaintext the data to seal
     * @param random    the source of the ephemeral key and the nonce
     * @return the box, {@link #OVERHEAD} bytes longer than the plaintext
     * @throws BitDustException INVALID_ARGUMENT when the recipient's key is a low-order point
     */
    public static byte[] seal(AgreementPublicKey recipient, byte[] plaintext, SecureRandom random) {
        AgreementKeyPair ephemeral = AgreementKeyPair.generate(random);
        byte[] nonce = BlockCipher.newNonce(random);
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(VERSION).put(ephemeral.publicKey().bytes()).put(nonce)
                .array();
        byte[] key = boxKey(ephemeral, recipient, ephemeral.publicKey(), recipient);
        try {
            byte[] sealed = BlockCipher.encrypt(key, nonce, plaintext, header);
            byte[] box = Arrays.copyOf(header, HEADER_LENGTH + sealed.length);
            System.arraycopy(sealed, 0, box, HEADER_LENGTH, sealed.length);
            return box;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * @param recipient the key pair the box was sealed to
     * @param box       a box from {@link #seal}
     * @return the plaintext
     * @throws BitDustException INVALID_ARGUMENT when the box is damaged, altered, of an unknown version, or sealed to
     *     another key
     */
    public static byte[] open(AgreementKeyPair recipient, byte[] box) {
        if (box.length < OVERHEAD) {
            throw BitDustException.invalid("sealed box is too short: " + box.length + " bytes, at least " + OVERHEAD);
        }
        if (box[0] != VERSION) {
            throw BitDustException.invalid("unknown sealed box version " + box[0]);
        }
        byte[] header = Arrays.copyOf(box, HEADER_LENGTH);
        AgreementPublicKey ephemeral = AgreementPublicKey.of(Arrays.copyOfRange(box, 1, 1 + AgreementPublicKey.LENGTH));
        byte[] nonce = Arrays.copyOfRange(box, 1 + AgreementPublicKey.LENGTH, HEADER_LENGTH);
        byte[] key = null;
        try {
            key = boxKey(recipient, ephemeral, ephemeral, recipient.publicKey());
            return BlockCipher.decrypt(key, nonce, Arrays.copyOfRange(box, HEADER_LENGTH, box.length), header);
        } catch (BitDustException e) {
            throw BitDustException.invalid("cannot open sealed box: it is damaged, or sealed to another key");
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static byte[] boxKey(AgreementKeyPair mine, AgreementPublicKey theirs, AgreementPublicKey ephemeral,
            AgreementPublicKey recipient) {
        byte[] secret = mine.sharedSecret(theirs);
        try {
            return Hkdf.deriveKey(secret, null, LABEL, ephemeral.bytes(), recipient.bytes());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
