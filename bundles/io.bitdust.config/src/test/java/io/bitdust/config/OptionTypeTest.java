package io.bitdust.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.DiskSize;
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

    @Test
    public void everyTypeSaysItsRangeInWords() {
        assertEquals("true or false", OptionType.BOOLEAN.range());
        assertEquals("1 to 65535", OptionType.PORT.range());
        assertEquals("0 to 2147483647", OptionType.POSITIVE_INTEGER.range());
        assertEquals("1 to 64", OptionType.positiveInteger(1, 64).range());
        assertEquals("one of 2, 4, 7", OptionType.choice("2", "4", "7").range());
        assertEquals("64 KB to 32 MB", OptionType.diskSpace(DiskSize.parse("64 KB"), DiskSize.parse("32 MB")).range());
        assertEquals("one line of at most 4096 characters", OptionType.STRING.range());
        assertEquals("a host name or IP address", OptionType.HOST.range());
    }

    @Test
    public void diskSpaceNarrowedToBoundsRefusesZeroHugeAndAboveTheTop() {
        OptionType block = OptionType.diskSpace(DiskSize.parse("64 KB"), DiskSize.parse("32 MB"));
        assertEquals("disk space", block.name());
        assertEquals("64 KB", block.canonical("65536"));
        assertEquals("32 MB", block.canonical("32mb"));
        refused(block, "0", "0 bytes is out of range: allowed 64 KB to 32 MB");
        refused(block, "65535", "65535 bytes is out of range: allowed 64 KB to 32 MB");
        refused(block, "200 MB", "200 MB is out of range: allowed 64 KB to 32 MB");
        refused(block, "99999 TB", "99999 TB is out of range: allowed 64 KB to 32 MB");
        refused(block, "lots", "disk space");
        assertThrows(IllegalArgumentException.class,
                () -> OptionType.diskSpace(DiskSize.parse("2 MB"), DiskSize.parse("1 MB")));
    }

    @Test
    public void narrowedStringsSayTheirRule() {
        OptionType name = OptionType.string("3 to 32 of a-z, or empty", s -> s.isEmpty() || s.matches("[a-z]{3,32}"));
        assertEquals("string", name.name());
        assertEquals("3 to 32 of a-z, or empty", name.range());
        assertEquals("alice", name.canonical(" alice "));
        assertEquals("", name.canonical(""));
        refused(name, "Bob Smith", "'Bob Smith' is not allowed: 3 to 32 of a-z, or empty");
        refused(name, "ab", "'ab' is not allowed");
        refused(name, "ali\nce", "one line");
    }

    @Test
    public void hostsAreNamesOrAddressesAsAnHttpAddressTakesThem() {
        assertEquals("id.example.org", OptionType.HOST.canonical(" Id.Example.ORG "));
        assertEquals("192.0.2.7", OptionType.HOST.canonical("192.0.2.7"));
        assertEquals("[2001:db8::7]", OptionType.HOST.canonical("[2001:db8::7]"));
        assertEquals("localhost", OptionType.HOST.canonical("localhost"));
        for (String bad : new String[] {"", "  ", "a b", "host:80", "http://x", "a/b", "me@host", "x?y", "two_words"}) {
            refused(OptionType.HOST, bad, "is not a host name or IP address");
        }
        refused(OptionType.HOST, "a".repeat(254), "254 characters is longer than the 253 a host takes");
    }

    @Test
    public void hugeValuesAreRefusedWithoutBeingEchoed() {
        String huge = "x".repeat(900 * 1024);
        for (OptionType type : new OptionType[] {OptionType.STRING, OptionType.PATH, OptionType.DISK_SPACE,
            OptionType.PORT, OptionType.BOOLEAN}) {
            BitDustException e = assertThrows(BitDustException.class, () -> type.canonical(huge));
            assertTrue(e.getMessage(), e.getMessage().contains("a value of 921600 characters is longer than"));
            assertTrue(e.getMessage().length() < 200);
        }
        BitDustException e = assertThrows(BitDustException.class, () -> OptionType.PORT.canonical("9".repeat(64)));
        assertTrue(e.getMessage(), e.getMessage().length() < 200);
    }

    @Test
    public void numbersAreReadFromIntegersPortsAndSizes() {
        assertEquals(8180, OptionType.PORT.number("8180"));
        assertEquals(4L << 20, OptionType.DISK_SPACE.number("4 MB"));
        assertEquals(-3, OptionType.INTEGER.number("-3"));
        assertTrue(OptionType.DISK_SPACE.numeric());
        assertFalse(OptionType.STRING.numeric());
        assertThrows(IllegalStateException.class, () -> OptionType.STRING.number("x"));
    }

    private static void refused(OptionType type, String text, String expectedWords) {
        BitDustException e = assertThrows(BitDustException.class, () -> type.canonical(text));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage() + " should say " + expectedWords, e.getMessage().contains(expectedWords));
    }
}
