package io.bitdust.api.internal;

import io.bitdust.common.BitDustException;
import java.security.SecureRandom;
import java.text.Normalizer;

/**
 * What a passphrase protecting an identity backup must be, and the recovery phrases generated for users who prefer
 * one. One file with its passphrase gives the identity, every backup and every message, so a passphrase has at least
 * {@link #MIN_LENGTH} characters (Unicode code points after NFC, the form the key backup derives its key from); a
 * generated phrase carries {@link #GENERATED_BITS} random bits.
 */
final class Passphrases {
    static final int MIN_LENGTH = 12;
    /** Crockford's base32 alphabet in lower case: no i, l, o or u to misread. */
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final int GROUPS = 6;
    private static final int GROUP_LENGTH = 4;
    static final int GENERATED_BITS = GROUPS * GROUP_LENGTH * 5;

    private Passphrases() {
    }

    /**
     * @param passphrase a passphrase a user chose
     * @throws BitDustException INVALID_ARGUMENT when it is shorter than {@link #MIN_LENGTH} characters; the message
     *     never quotes it
     */
    static void checkStrength(String passphrase) {
        String normalised = Normalizer.normalize(passphrase, Normalizer.Form.NFC);
        int length = normalised.codePointCount(0, normalised.length());
        if (normalised.isBlank()) {
            throw BitDustException.invalid("the passphrase is empty or only white space; choose a phrase of at least "
                    + MIN_LENGTH + " characters, or give generate=true to get a generated recovery phrase");
        }
        if (length < MIN_LENGTH) {
            throw BitDustException.invalid("the passphrase is too short: it has " + length + " characters and needs "
                    + "at least " + MIN_LENGTH + "; choose a longer phrase, or give generate=true instead of a "
                    + "passphrase to get a generated recovery phrase");
        }
    }

    /** @return a new recovery phrase: six groups of four base32 characters, e.g. {@code 7k2q-...}, 120 random bits */
    static String generate(SecureRandom random) {
        StringBuilder phrase = new StringBuilder(GROUPS * (GROUP_LENGTH + 1));
        for (int g = 0; g < GROUPS; g++) {
            if (g > 0) {
                phrase.append('-');
            }
            for (int i = 0; i < GROUP_LENGTH; i++) {
                phrase.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return phrase.toString();
    }
}
