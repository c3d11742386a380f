package io.bitdust.identity.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.config.internal.Options;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NicknameOptionTest {
    private static final String KEY = IdentityServiceComponent.NICKNAME.key();

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Options options() {
        Options options = new Options(temp.getRoot().toPath().resolve("options.properties"), null, Map.of());
        options.declare(List.of(IdentityServiceComponent.NICKNAME));
        return options;
    }

    @Test
    public void theNicknameFollowsTheRulesOfAUserNameOrIsEmpty() {
        Options options = options();
        assertEquals("alice_2-b", options.set(KEY, "alice_2-b").value());
        assertEquals("", options.set(KEY, "").value());
        for (String bad : new String[] {"al", "Alice", "bob smith", "-bob", "a".repeat(33), "x".repeat(900 * 1024)}) {
            BitDustException e = assertThrows(bad, BitDustException.class, () -> options.set(KEY, bad));
            assertTrue(e.getMessage(), e.getMessage().length() < 300);
        }
        BitDustException e = assertThrows(BitDustException.class, () -> options.set(KEY, "bob smith"));
        assertEquals("option 'personal/nickname' takes a string: 'bob smith' is not allowed: 3 to 32 of a-z, 0-9, _ "
                + "and -, starting with a letter or digit, or empty", e.getMessage());
        assertEquals("3 to 32 of a-z, 0-9, _ and -, starting with a letter or digit, or empty",
                IdentityServiceComponent.NICKNAME.type().range());
        assertEquals("", options.get(KEY).value());
    }
}
