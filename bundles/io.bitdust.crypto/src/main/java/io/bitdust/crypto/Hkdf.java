package io.bitdust.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) deriving one AES-256 key. */
final class Hkdf {
    private Hkdf() {
    }

    /**
     * @param secret the input keying material
     * @param salt   the salt; null for none (HashLen zero bytes)
     * @param info   the context, concatenated in order
     * @return a 32-byte key
     */
    static byte[] deriveKey(byte[] secret, byte[] salt, byte[]... info) {
        int length = 0;
        for (byte[] part : info) {
            length += part.length;
        }
        byte[] context = new byte[length];
        int position = 0;
        for (byte[] part : info) {
            System.arraycopy(part, 0, context, position, part.length);
            position += part.length;
        }
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(secret, salt, context));
        byte[] key = new byte[BlockCipher.KEY_LENGTH];
        generator.generateBytes(key, 0, key.length);
        return key;
    }
}
