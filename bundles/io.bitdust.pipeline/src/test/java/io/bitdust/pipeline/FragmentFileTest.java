package io.bitdust.pipeline;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ByteRange;
import io.bitdust.common.ErrorCode;
import io.bitdust.raid.EccMap;
import java.util.Arrays;
import org.junit.Test;

public class FragmentFileTest {
    private static final FragmentName NAME = FragmentName.parse("0/1/F20160313043757PM/12-3-Parity");

    @Test
    public void namesAreThoseOfBitDust() {
        assertEquals("0/1/F20160313043757PM", NAME.backupId());
        assertEquals(12, NAME.block());
        assertEquals(3, NAME.position());
        assertTrue(NAME.parity());
        assertEquals("0/1/F20160313043757PM/12-3-Parity", NAME.toString());
        assertEquals("0-0-Data", new FragmentName("a", 0, 0, false).fileName());
    }

    @Test
    public void unsafeBackupIdsAreRefused() {
        for (String id : new String[] {"", "/abs", "a/../b", "a//b", "./a", "a\\b", "a\nb", "a/"}) {
            try {
                FragmentName.checkBackupId(id);
                fail(id);
            } catch (BitDustException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("backup ID"));
            }
        }
    }

    @Test
    public void sealedFileReadsBack() {
        byte[] file = sealed();
        FragmentFile header = FragmentFile.read(file);
        assertEquals(NAME, header.name());
        assertEquals(EccMap.parse("ecc/4x4"), header.map());
        assertTrue(header.last());
        assertEquals(1001, header.blockLength());
        assertEquals(251, header.shardLength());
        assertEquals(FragmentFile.FIXED_HEADER_LENGTH + NAME.backupId().length(), header.shardOffset());
        assertEquals(file.length, header.fileLength());
    }

    @Test
    public void aFileSealedInALongerBufferIsItsFirstBytesAndTheRestIsLeftAlone() {
        FragmentFile header = new FragmentFile(NAME, EccMap.parse("ecc/4x4"), true, 1001);
        byte[] buffer = new byte[header.fileLength() + 9];
        Arrays.fill(buffer, (byte) 0x77);
        Arrays.fill(buffer, header.shardOffset(), header.shardOffset() + header.shardLength(), (byte) 0x5a);
        header.seal(buffer);

        assertArrayEquals(sealed(), Arrays.copyOf(buffer, header.fileLength()));
        assertEquals(0x77, buffer[header.fileLength()]);
        try {
            header.seal(new byte[header.fileLength() - 1]);
            fail("a buffer shorter than the file is refused");
        } catch (BitDustException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains(header.fileLength() + " bytes"));
        }
    }

    @Test
    public void aFileLyingInALargerArrayReadsAsItself() {
        byte[] file = sealed();
        byte[] around = new byte[file.length + 20];
        Arrays.fill(around, (byte) 0x42);
        System.arraycopy(file, 0, around, 11, file.length);

        FragmentFile header = FragmentFile.read(new ByteRange(around, 11, file.length));
        assertEquals(NAME, header.name());
        assertEquals(file.length, header.fileLength());
        assertRefused(new ByteRange(around, 11, file.length - 1));
        assertRefused(new ByteRange(around, 11, file.length + 1));
        assertRefused(new ByteRange(around, 10, file.length));
    }

    @Test
    public void malformedHeadersAreRefused() {
        byte[] file = sealed();
        // magic, version, flags, N, block length, shard length, backup ID length
        for (int at : new int[] {0, 3, 4, 5, 6, 18, 22, 26}) {
            byte[] flipped = file.clone();
            flipped[at] ^= (byte) 0x80;
            assertRefused(flipped);
        }
        assertRefused(Arrays.copyOf(file, file.length - 1));
        assertRefused(Arrays.copyOf(file, file.length + 1));
        assertRefused(new byte[0]);
        assertRefused("not a fragment at all, just some text that is long enough".getBytes());
    }

    @Test
    public void currentVersionEndsWithTheShard() {
        byte[] file = sealed();
        assertEquals(3, FragmentFile.VERSION);
        assertEquals(FragmentFile.VERSION, file[4]);
        FragmentFile header = FragmentFile.read(file);
        assertEquals(header.shardOffset() + header.shardLength(), file.length);
        assertRefused(Arrays.copyOf(file, file.length + 4),
                "truncated or extended: " + (file.length + 4) + " bytes, the header says " + file.length);
        // the shard is the signed manifest's to check (VersionManifest.matches), not the header's
        file[header.shardOffset() + 7] ^= 0x10;
        assertEquals(NAME, FragmentFile.read(file).name());
    }

    @Test
    public void otherFormatVersionsAreRefused() {
        for (int version : new int[] {0, 1, 2, 4}) {
            byte[] file = sealed();
            file[4] = (byte) version;
            assertRefused(file, "unknown fragment format version " + version);
        }
    }

    private static void assertRefused(byte[] file, String message) {
        try {
            FragmentFile.read(file);
            fail("accepted a damaged fragment");
        } catch (BitDustException expected) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, expected.code());
            assertEquals(message, expected.getMessage());
        }
    }

    private static byte[] sealed() {
        FragmentFile header = new FragmentFile(NAME, EccMap.parse("ecc/4x4"), true, 1001);
        byte[] file = new byte[header.fileLength()];
        Arrays.fill(file, header.shardOffset(), header.shardOffset() + header.shardLength(), (byte) 0x5a);
        header.seal(file);
        return file;
    }

    private static void assertRefused(byte[] file) {
        assertRefused(ByteRange.of(file));
    }

    private static void assertRefused(ByteRange file) {
        try {
            FragmentFile.read(file);
            fail("accepted a damaged fragment");
        } catch (BitDustException expected) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, expected.code());
        }
    }
}
