package io.bitdust.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

/**
 * Random and mutated inputs for {@link Identity#parse}, with a fixed seed: each either parses into an identity that
 * is byte for byte the original (a mutation may only hit insignificant whitespace) or is refused with an
 * INVALID_ARGUMENT {@link BitDustException}; nothing else may escape.
 */
public class IdentityFuzzTest {
    private static final int CASES = 10_000;

    @Test
    public void randomBytesAreRefusedCleanly() {
        Random random = new Random(20261127L);
        for (int i = 0; i < CASES; i++) {
            byte[] input = new byte[random.nextInt(600)];
            random.nextBytes(input);
            if (i % 3 == 0 && input.length > 0) {
                input[0] = '{';
            }
            refusedOrOriginal(input, null);
        }
    }

    @Test
    public void mutationsOfAValidIdentityAreRefusedOrHarmless() {
        Identity original = new TestIdentities().identity("http://127.0.0.1:8084", "fuzzy", 3);
        byte[] valid = original.toJson();
        Random random = new Random(42L);
        byte[] alphabet = "{}[]\":,0123456789-.eE \\ntrufalsn".getBytes(StandardCharsets.US_ASCII);
        int parsed = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = valid.clone();
            int steps = 1 + random.nextInt(3);
            for (int s = 0; s < steps; s++) {
                input = mutate(input, random, alphabet);
            }
            if (refusedOrOriginal(input, original)) {
                parsed++;
            }
        }
        assertTrue("most mutations must be refused, " + parsed + " parsed", parsed < CASES / 10);
    }

    private static byte[] mutate(byte[] input, Random random, byte[] alphabet) {
        if (input.length == 0) {
            return new byte[] {alphabet[random.nextInt(alphabet.length)]};
        }
        int at = random.nextInt(input.length);
        switch (random.nextInt(5)) {
            case 0:
                input[at] ^= (byte) (1 << random.nextInt(8));
                return input;
            case 1:
                input[at] = alphabet[random.nextInt(alphabet.length)];
                return input;
            case 2:
                byte[] shorter = new byte[input.length - 1];
                System.arraycopy(input, 0, shorter, 0, at);
                System.arraycopy(input, at + 1, shorter, at, input.length - at - 1);
                return shorter;
            case 3:
                byte[] longer = new byte[input.length + 1];
                System.arraycopy(input, 0, longer, 0, at);
                longer[at] = alphabet[random.nextInt(alphabet.length)];
                System.arraycopy(input, at, longer, at + 1, input.length - at);
                return longer;
            default:
                int from = random.nextInt(input.length);
                int length = random.nextInt(Math.min(64, input.length - from) + 1);
                byte[] spliced = Arrays.copyOf(input, input.length + length);
                System.arraycopy(input, from, spliced, at, length);
                System.arraycopy(input, at, spliced, at + length, input.length - at);
                return spliced;
        }
    }

    /** @return true when the input parsed (then it must be the original identity) */
    private static boolean refusedOrOriginal(byte[] input, Identity original) {
        Identity identity;
        try {
            identity = Identity.parse(input);
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), ErrorCode.INVALID_ARGUMENT, e.code());
            return false;
        }
        assertEquals("a changed document may only parse as the original", original, identity);
        return true;
    }
}
