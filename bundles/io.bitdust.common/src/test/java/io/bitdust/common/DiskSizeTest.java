package io.bitdust.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class DiskSizeTest {

    @Test
    public void parsesTheWaysPeopleWriteSizes() {
        assertEquals(128L << 20, DiskSize.parse("128 MB").bytes());
        assertEquals(128L << 20, DiskSize.parse("128MB").bytes());
        assertEquals(8L << 30, DiskSize.parse(" 8 gb ").bytes());
        assertEquals(4096, DiskSize.parse("4096").bytes());
        assertEquals(512, DiskSize.parse("512 bytes").bytes());
        assertEquals(3L << 29, DiskSize.parse("1.5 GB").bytes());
        assertEquals(2L << 40, DiskSize.parse("2 TB").bytes());
    }

    @Test
    public void printsTheLargestExactUnit() {
        assertEquals("128 MB", DiskSize.parse("128 MB").toString());
        assertEquals("1536 MB", DiskSize.parse("1.5 GB").toString());
        assertEquals("8 GB", DiskSize.ofBytes(8L << 30).toString());
        assertEquals("1000 bytes", DiskSize.ofBytes(1000).toString());
        assertEquals("0 bytes", DiskSize.ofBytes(0).toString());
    }

    @Test
    public void printedTextParsesBackToTheSameSize() {
        long[] samples = {0, 1, 1023, 1024, 1025, 4L << 20, (4L << 20) + 1, 7L << 40};
        for (long bytes : samples) {
            assertEquals(bytes, DiskSize.parse(DiskSize.ofBytes(bytes).toString()).bytes());
        }
    }

    @Test
    public void humanTextRoundsToTwoDecimals() {
        assertEquals("82.93 MB", DiskSize.ofBytes(86_955_072).toHumanString());
        assertEquals("8 GB", DiskSize.ofBytes(8L << 30).toHumanString());
        assertEquals("12 bytes", DiskSize.ofBytes(12).toHumanString());
    }

    @Test
    public void refusesWhatIsNotASize() {
        for (String bad : new String[] {"", "MB", "-1 MB", "12 parsecs", "1,5 GB", "0x10", "99999999999 TB"}) {
            BitDustException e = assertThrows(BitDustException.class, () -> DiskSize.parse(bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("disk space"));
        }
        assertThrows(BitDustException.class, () -> DiskSize.ofBytes(-1));
    }
}
