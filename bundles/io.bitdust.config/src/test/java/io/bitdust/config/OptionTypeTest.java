package io.bitdust.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import org.junit.Test;

public class OptionTypeTest {

    @Test
    public void booleansAcceptTheUsualWordsAndPrintTrueOrFalse() {
        for (String yes : new String[] {"true", "TRUE", "yes", "on", "1", " True "}) {
            assertEquals("true", OptionType.BOOLEAN.canonical(yes));
        }
        for (String no : new String[] {"false", "No", "off", "0"}) {
            assertEquals("false", OptionType.BOOLEAN.canonical(no));
        }
        refused(OptionType.BOOLEAN, "maybe", "boolean");
        refused(OptionType.BOOLEAN, "", "boolean");
    }

    @Test
    public void positiveIntegersIncludeZeroAndRespectTheirBounds() {
        assertEquals("0", OptionType.POSITIVE_INTEGER.canonical("0"));
        assertEquals("42", OptionType.POSITIVE_INTEGER.canonical(" 042 "));
        assertEquals("2147483647", OptionType.POSITIVE_INTEGER.canonical("2147483647"));
        refused(OptionType.POSITIVE_INTEGER, "-1", "out of range");
        refused(OptionType.POSITIVE_INTEGER, "2147483648", "out of range");
        refused(OptionType.POSITIVE_INTEGER, "1.5", "not a positive integer");
        refused(OptionType.POSITIVE_INTEGER, "ten", "not a positive integer");
        OptionType queue = OptionType.positiveInteger(1, 64);
        assertEquals("positive integer", queue.name());
        assertEquals("1", queue.canonical("1"));
        refused(queue, "0", "allowed 1 to 64");
        refused(queue, "65", "allowed 1 to 64");
        assertThrows(IllegalArgumentException.class, () -> OptionType.positiveInteger(-1, 5));
    }

    @Test
    public void portsAreOneTo65535() {
        assertEquals("8180", OptionType.PORT.canonical("8180"));
        refused(OptionType.PORT, "0", "out of range");
        refused(OptionType.PORT, "65536", "out of range");
    }

    @Test
    public void diskSpaceIsParsedAndPrintedCanonically() {
        assertEquals("128 MB", OptionType.DISK_SPACE.canonical("128mb"));
        assertEquals("128 MB", OptionType.DISK_SPACE.canonical("134217728"));
        assertEquals("4 GB", OptionType.DISK_SPACE.canonical("4096 MB"));
        refused(OptionType.DISK_SPACE, "lots", "disk space");
    }

    @Test
    public void choicesAcceptOnlyTheirValues() {
        OptionType suppliers = OptionType.choice("2", "4", "7");
        assertEquals("choice", suppliers.name());
        assertEquals("4", suppliers.canonical(" 4"));
        refused(suppliers, "3", "not one of 2, 4, 7");
    }

    @Test
    public void stringsStayOnOneLine() {
        assertEquals("alice", OptionType.STRING.canonical(" alice "));
        assertEquals("", OptionType.PATH.canonical(""));
        refused(OptionType.STRING, "a\nb", "one line");
    }

    @Test
    public void optionsCheckTheirKeyAndDefault() {
        Option option = Option.of("services/backups/block-size", OptionType.DISK_SPACE, "4mb", "block size");
        assertEquals("4 MB", option.defaultValue());
        assertThrows(IllegalArgumentException.class, () -> Option.of("Bad Key", OptionType.STRING, "", "x"));
        assertThrows(IllegalArgumentException.class, () -> Option.of("nokey", OptionType.STRING, "", "x"));
        assertThrows(BitDustException.class, () -> Option.of("a/b", OptionType.PORT, "0", "x"));
    }

    private static void refused(OptionType type, String text, String expectedWords) {
        BitDustException e = assertThrows(BitDustException.class, () -> type.canonical(text));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage() + " should say " + expectedWords, e.getMessage().contains(expectedWords));
    }
}
