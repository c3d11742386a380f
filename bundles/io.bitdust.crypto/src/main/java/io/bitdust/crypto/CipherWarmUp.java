package io.bitdust.crypto;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Brings the JDK's AES-GCM up to speed before real data needs it. On JDK 17 the AES-CTR and GHASH intrinsics (AES-NI,
 * carry-less multiplication) are used only once C2 has compiled their callers, which takes thousands of calls into the
 * cipher: a fresh JVM encrypts its first ~200 MB of {@link StreamCipher} segments at 40-50 MB/s instead of about
 * 1 GB/s. {@value #MESSAGES} small messages encrypted and decrypted through the same calls get there for about half
 * a second (0.48-0.56 s in a fresh JVM on a 2-core AMD EPYC, as much as 5000 of 1 KiB, which left the encrypting side's
 * callers at C1; docs/performance.md). A node runs this on a background thread when its backup bundle starts
 * ({@code io.bitdust.pipeline.PipelineWarmUp}), so its first backup or restore already runs at full speed.
 */
public final class CipherWarmUp {
    /**
     * Messages encrypted and decrypted: enough calls for C2 to compile the callers of the intrinsics on both sides
     * (with 5000, {@code GHASH.doFinal} and {@code CounterMode.crypt} stayed at C1 on the encrypting side).
     */
    static final int MESSAGES = 20000;
    /** Plaintext bytes per message: the number of calls counts, not their size. */
    static final int MESSAGE_LENGTH = 256;

    private CipherWarmUp() {
    }

    /**
     * Runs the warm-up: {@value #MESSAGES} messages encrypted and decrypted. Once per JVM is enough.
     *
     * @return the plaintext bytes that came back out of decryption, each checked by its tag
     * @throws BitDustException INTERNAL when AES-GCM is not available or fails its own round trip
     */
    public static long run() {
        try {
            SecretKeySpec key = new SecretKeySpec(new byte[BlockCipher.KEY_LENGTH], "AES");
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] plaintext = new byte[MESSAGE_LENGTH];
            byte[] sealed = new byte[MESSAGE_LENGTH + BlockCipher.TAG_LENGTH];
            byte[] decrypted = new byte[MESSAGE_LENGTH];
            byte[] nonce = new byte[BlockCipher.NONCE_LENGTH];
            long opened = 0;
            for (int message = 0; message < MESSAGES; message++) {
                nonce[0] = (byte) message;
                nonce[1] = (byte) (message >>> 8);
                nonce[2] = (byte) (message >>> 16);
                GCMParameterSpec parameters = new GCMParameterSpec(BlockCipher.TAG_LENGTH * 8, nonce);
                cipher.init(Cipher.ENCRYPT_MODE, key, parameters);
                int length = cipher.doFinal(plaintext, 0, plaintext.length, sealed, 0);
                cipher.init(Cipher.DECRYPT_MODE, key, parameters);
                opened += cipher.doFinal(sealed, 0, length, decrypted, 0);
            }
            return opened;
        } catch (GeneralSecurityException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "AES-GCM warm-up failed: " + e.getMessage(), e);
        }
    }
}
