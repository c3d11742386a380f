package io.bitdust.backup.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.config.internal.Options;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.internal.BlockEncoder;
import io.bitdust.raid.EccCodec;
import io.bitdust.raid.EccMap;
import io.bitdust.transport.packet.PacketCodec;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BackupOptionsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Options options() {
        Options options = new Options(tmp.getRoot().toPath().resolve("options.properties"), null, Map.of());
        new BackupOptions(options);
        return options;
    }

    @Test
    public void aJobTakesItsSettingsFromTheOptionsAsTheyAreWhenItStarts() {
        Options options = options();
        Backups.Settings defaults = BackupOptions.settings(options);
        assertEquals(new Backups.Settings(true, Math.toIntExact(BackupOptions.defaultBlockSize(Runtime.getRuntime()
                .maxMemory()).bytes()), 2, false), defaults);

        options.set("services/backups/enabled", "false");
        options.set("services/backups/block-size", "8 MB");
        options.set("services/backups/max-copies", "5");
        options.set("services/backups/keep-local-copies-enabled", "true");

        assertEquals(new Backups.Settings(false, 8 << 20, 5, true), BackupOptions.settings(options));
    }

    @Test
    public void thePacketLimitIsTheTransportsAndTheLargestBlockIs32Mb() {
        assertEquals(new PacketCodec().maxPayload(), BackupOptions.PACKET_PAYLOAD_LIMIT);
        assertEquals(PacketCodec.DEFAULT_MAX_PAYLOAD, BackupOptions.PACKET_PAYLOAD_LIMIT);
        assertEquals("32 MB", BackupOptions.LARGEST_BLOCK.toString());
        assertEquals("64 KB", BackupOptions.SMALLEST_BLOCK.toString());
    }

    @Test
    public void everyFragmentOfTheLargestBlockFitsOnePacketAndOfOneMbMoreDoesNot() {
        EccMap smallest = EccMap.all().get(0);
        assertEquals("ecc/2x2", smallest.toString());
        String longestId = "\u20ac".repeat(FragmentName.MAX_BACKUP_ID_LENGTH - 2) + "/1";
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        int largest = Math.toIntExact(BackupOptions.LARGEST_BLOCK.bytes());
        byte[] incompressible = new byte[largest + (1 << 20)];
        new Random(7).nextBytes(incompressible);
        BlockEncoder encoder = new BlockEncoder(EccCodec.create(smallest), longestId, key, random, 1, null, 1);
        int limit = new PacketCodec().maxPayload();
        for (BlockEncoder.Fragment fragment : encoder.encode(0, incompressible, largest, true)) {
            assertTrue(fragment.name() + ": " + fragment.length(), fragment.length() <= limit);
        }
        for (BlockEncoder.Fragment fragment : encoder.encode(1, incompressible, incompressible.length, true)) {
            assertTrue(fragment.name() + ": " + fragment.length(), fragment.length() > limit);
        }
    }

    @Test
    public void theDefaultBlockIsTheLargestPowerOfTwoTheHeapHolds64TimesFrom4MbTo32Mb() {
        long mb = 1L << 20;
        assertEquals("32 MB", BackupOptions.defaultBlockSize(5900 * mb).toString());
        assertEquals("32 MB", BackupOptions.defaultBlockSize(2048 * mb).toString());
        assertEquals("16 MB", BackupOptions.defaultBlockSize(2047 * mb).toString());
        assertEquals("16 MB", BackupOptions.defaultBlockSize(1024 * mb).toString());
        assertEquals("8 MB", BackupOptions.defaultBlockSize(1000 * mb).toString());
        assertEquals("4 MB", BackupOptions.defaultBlockSize(256 * mb).toString());
        assertEquals("4 MB", BackupOptions.defaultBlockSize(64 * mb).toString());
        assertEquals("4 MB", BackupOptions.defaultBlockSize(0).toString());
        assertEquals("32 MB", BackupOptions.defaultBlockSize(Long.MAX_VALUE).toString());
    }

    @Test
    public void blockSizesOutsideTheirBoundsAreRefused() {
        Options options = options();
        assertEquals("64 KB to 32 MB", options.get(BackupOptions.BLOCK_SIZE.key()).option().type().range());
        for (String bad : new String[] {"0", "65535", "99999 TB", "200 MB", "33 MB"}) {
            BitDustException e = assertThrows(BitDustException.class,
                    () -> options.set(BackupOptions.BLOCK_SIZE.key(), bad));
            assertTrue(e.getMessage(), e.getMessage().contains("is out of range: allowed 64 KB to 32 MB"));
        }
        assertThrows(BitDustException.class, () -> options.set(BackupOptions.MAX_BLOCK_SIZE.key(), "128 MB"));
        assertEquals(BackupOptions.defaultBlockSize(Runtime.getRuntime().maxMemory()).toString(),
                options.get(BackupOptions.BLOCK_SIZE.key()).value());
        assertEquals("32 MB", options.get(BackupOptions.MAX_BLOCK_SIZE.key()).value());
        assertEquals("64 KB", options.set(BackupOptions.BLOCK_SIZE.key(), "64kb").value());
        assertEquals("32 MB", options.set(BackupOptions.BLOCK_SIZE.key(), "32 MB").value());
    }

    @Test
    public void theBlockSizeStaysAtMostTheMaxBlockSizeWhicheverChanges() {
        Options options = options();
        String block = BackupOptions.BLOCK_SIZE.key();
        String max = BackupOptions.MAX_BLOCK_SIZE.key();
        options.set(block, "4 MB");
        options.set(max, "8 MB");
        BitDustException raise = assertThrows(BitDustException.class, () -> options.set(block, "16 MB"));
        assertTrue(raise.getMessage(), raise.getMessage().contains(block) && raise.getMessage().contains(max));
        options.set(block, "8 MB");
        BitDustException lower = assertThrows(BitDustException.class, () -> options.set(max, "4 MB"));
        assertTrue(lower.getMessage(), lower.getMessage().contains(block) && lower.getMessage().contains(max));
        assertEquals("8 MB", options.get(block).value());
        assertEquals("8 MB", options.get(max).value());
    }

    @Test
    public void atLeastOneCopyIsKept() {
        Options options = options();
        String key = BackupOptions.MAX_COPIES.key();
        assertThrows(BitDustException.class, () -> options.set(key, "0"));
        assertThrows(BitDustException.class, () -> options.set(key, "101"));
        assertEquals("1", options.set(key, "1").value());
    }
}
