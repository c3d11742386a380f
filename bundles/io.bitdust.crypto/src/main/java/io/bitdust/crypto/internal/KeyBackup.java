package io.bitdust.crypto.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.crypto.BlockCipher;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * The passphrase-protected export of a node's private keys: a 37-byte header (magic "BDKX", version, KDF, scrypt
 * parameters, salt, nonce), then AES-256-GCM of both private keys under the scrypt-derived key, with the header as
 * associated data (docs/crypto-formats.md). The passphrase is normalised to Unicode NFC before scrypt, so that the
 * same words typed on another keyboard or system (composed or decomposed accents) open the backup.
 */
final class KeyBackup {
    private static final int LOG2_N = 16;
    private static final int R = 8;
    private static final int P = 1;

    private static final byte[] MAGIC = "BDKX".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final byte KDF_SCRYPT = 1;
    private static final int SALT_LENGTH = 16;
    private static final int HEADER_LENGTH = MAGIC.length + 5 + SALT_LENGTH + BlockCipher.NONCE_LENGTH;
    private static final int LENGTH = HEADER_LENGTH + NodeKeys.PRIVATE_KEYS_LENGTH + BlockCipher.TAG_LENGTH;
    private static final int MIN_LOG2_N = 15;
    private static final long MAX_SCRYPT_MEMORY = 256L << 20;
    private static final String REFUSED = "wrong passphrase or damaged key backup";

    private KeyBackup() {
    }

    static byte[] encode(NodeKeys keys, char[] passphrase, SecureRandom random) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).put(VERSION).put(KDF_SCRYPT)
                .put((byte) LOG2_N).put((byte) R).put((byte) P).put(salt).put(BlockCipher.newNonce(random)).array();
        byte[] key = deriveKey(passphrase, salt, LOG2_N, R, P);
        byte[] privateKeys = keys.privateKeys();
        try {
            byte[] sealed = BlockCipher.encrypt(key, nonce(header), privateKeys, header);
            return ByteBuffer.allocate(LENGTH).put(header).put(sealed).array();
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(privateKeys, (byte) 0);
        }
    }

    static NodeKeys decode(byte[] content, char[] passphrase) {
        if (content == null || content.length != LENGTH
                || !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw BitDustException.invalid("not a BitDust key backup");
        }
        ByteBuffer in = ByteBuffer.wrap(content, MAGIC.length, HEADER_LENGTH - MAGIC.length);
        int version = in.get();
        int kdf = in.get();
        int log2N = in.get();
        int r = in.get();
        int p = in.get();
        if (version != VERSION || kdf != KDF_SCRYPT) {
            throw BitDustException.invalid(REFUSED + " (unknown version " + version + " or KDF " + kdf + ")");
        }
        if (log2N < MIN_LOG2_N || r < 1 || p < 1 || 128L * r * (1L << Math.min(log2N, 40)) * p > MAX_SCRYPT_MEMORY) {
            throw BitDustException.invalid(REFUSED + " (scrypt parameters out of range)");
        }
        byte[] header = Arrays.copyOf(content, HEADER_LENGTH);
        byte[] salt = Arrays.copyOfRange(header, MAGIC.length + 5, MAGIC.length + 5 + SALT_LENGTH);
        byte[] key = deriveKey(passphrase, salt, log2N, r, p);
        byte[] privateKeys = null;
        try {
            privateKeys = BlockCipher.decrypt(key, nonce(header), Arrays.copyOfRange(content, HEADER_LENGTH, LENGTH),
                    header);
            return NodeKeys.fromPrivateKeys(privateKeys, 0);
        } catch (BitDustException e) {
            throw BitDustException.invalid(REFUSED);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (privateKeys != null) {
                Arrays.fill(privateKeys, (byte) 0);
            }
        }
    }

    private static byte[] nonce(byte[] header) {
        return Arrays.copyOfRange(header, HEADER_LENGTH - BlockCipher.NONCE_LENGTH, HEADER_LENGTH);
    }

    private static byte[] deriveKey(char[] passphrase, byte[] salt, int log2N, int r, int p) {
        if (passphrase == null || passphrase.length == 0) {
            throw BitDustException.invalid("the passphrase must not be empty");
        }
        // Normalizer answers a String that cannot be wiped; the char[] copy and the UTF-8 bytes are.
        char[] normalised = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC).toCharArray();
        byte[] secret = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(normalised);
        try {
            return SCrypt.generate(secret, salt, 1 << log2N, r, p, BlockCipher.KEY_LENGTH);
        } finally {
            Arrays.fill(normalised, '\0');
            Arrays.fill(secret, (byte) 0);
        }
    }
}
