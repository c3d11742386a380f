package io.bitdust.backup.internal;

import io.bitdust.common.DiskSize;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionRelation;
import io.bitdust.config.OptionType;
import io.bitdust.crypto.StreamCipher;
import io.bitdust.pipeline.FragmentFile;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccMap;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The options of the backup area (keys and defaults of the original BitDust), declared while this bundle runs, with
 * the bounds the pipeline needs: a block size from {@link #SMALLEST_BLOCK} up to {@code max-block-size}, which is at
 * most {@link #LARGEST_BLOCK}, the largest block whose fragments each fit one packet.
 */
@Component(service = BackupOptions.class, immediate = true)
public final class BackupOptions {
    /**
     * The payload limit of one packet: {@code PacketCodec.DEFAULT_MAX_PAYLOAD} of {@code io.bitdust.transport}, which
     * this bundle does not depend on; {@code BackupOptionsTest} checks that the two agree.
     */
    static final int PACKET_PAYLOAD_LIMIT = 16 * 1024 * 1024 + 64 * 1024;
    /** The longest backup ID in UTF-8: every character 3 bytes (a 4-byte character counts as two). */
    static final int LONGEST_BACKUP_ID_BYTES = 3 * FragmentName.MAX_BACKUP_ID_LENGTH;
    /** One AES-GCM segment: a smaller block costs a fragment header and a packet per shard for little data. */
    static final DiskSize SMALLEST_BLOCK = DiskSize.ofBytes(StreamCipher.SEGMENT_LENGTH);
    /** The largest block whose fragments fit one packet each under the smallest ECC map, in whole MB. */
    static final DiskSize LARGEST_BLOCK = DiskSize.ofBytes(largestBlock(PACKET_PAYLOAD_LIMIT) & -(1L << 20));
    private static final OptionType BLOCK_SIZES = OptionType.diskSpace(SMALLEST_BLOCK, LARGEST_BLOCK);
    /** The smallest default block size, for the smallest heaps. */
    static final DiskSize SMALLEST_DEFAULT_BLOCK = DiskSize.ofBytes(4L << 20);
    /**
     * Blocks of heap per block of the default size: a backup holds about 25 blocks' worth at its fullest (the blocks in
     * flight, their fragments, the payloads waiting for their Acks, the compression buffers), and the heap needs as
     * much again free for the collector to work at ease.
     */
    static final int HEAP_PER_DEFAULT_BLOCK = 64;

    /** Whether this node makes backups at all. */
    public static final Option ENABLED = Option.of("services/backups/enabled", OptionType.BOOLEAN, "true",
            "Make backups of your files to your suppliers");
    /** The size of the blocks a backup is cut into before encryption and erasure coding. */
    public static final Option BLOCK_SIZE = Option.of("services/backups/block-size", BLOCK_SIZES,
            defaultBlockSize(Runtime.getRuntime().maxMemory()).toString(),
            "Size of the blocks a backup is cut into before it is encrypted and split into fragments; at most "
                    + "services/backups/max-block-size");
    /** The largest block size a user may choose. */
    public static final Option MAX_BLOCK_SIZE = Option.of("services/backups/max-block-size", BLOCK_SIZES,
            LARGEST_BLOCK.toString(), "Largest block size allowed; one fragment of a block must fit one packet");
    /** How many versions of each item are kept. */
    public static final Option MAX_COPIES = Option.of("services/backups/max-copies", OptionType.positiveInteger(1, 100),
            "2", "How many versions of each file or folder to keep; older ones are removed");
    /** Whether the fragments are also kept on this machine. */
    public static final Option KEEP_LOCAL_COPIES = Option.of("services/backups/keep-local-copies-enabled",
            OptionType.BOOLEAN, "false", "Also keep the fragments of your backups on this machine");
    /** Whether a backup waits until all suppliers are online. */
    public static final Option WAIT_SUPPLIERS = Option.of("services/backups/wait-suppliers-enabled",
            OptionType.BOOLEAN, "true", "Start sending a backup only when all suppliers are online");

    private final ConfigService.Declaration declaration;

    /** @param config where the options are declared */
    @Activate
    public BackupOptions(@Reference ConfigService config) {
        declaration = config.declare(List.of(ENABLED, BLOCK_SIZE, MAX_BLOCK_SIZE, MAX_COPIES, KEEP_LOCAL_COPIES,
                WAIT_SUPPLIERS), List.of(OptionRelation.atMost(BLOCK_SIZE, MAX_BLOCK_SIZE)));
    }

    /**
     * @param config the options, with these declared
     * @return what a job reads from them when it starts: the one place where the options become its settings
     */
    static Backups.Settings settings(ConfigService config) {
        return new Backups.Settings(config.getBoolean(ENABLED.key()), Math.toIntExact(config.getBytes(
                BLOCK_SIZE.key())), config.getInt(MAX_COPIES.key()), config.getBoolean(KEEP_LOCAL_COPIES.key()));
    }

    /**
     * The default block size for a node whose heap may grow to {@code maxHeap} bytes: the largest power of two that the
     * heap holds {@link #HEAP_PER_DEFAULT_BLOCK} times, from {@link #SMALLEST_DEFAULT_BLOCK} up to {@link #LARGEST_BLOCK}
     * (32 MB from a heap of 2 GB, which a JVM takes by default on a machine with 8 GB of RAM). Larger blocks cost each
     * node less: every fragment is a packet, an Ack, a signature and a few rows on both sides, whatever its size
     * (docs/performance.md, eleventh pass).
     *
     * @param maxHeap the heap's limit in bytes ({@code Runtime.maxMemory()})
     * @return the block size
     */
    static DiskSize defaultBlockSize(long maxHeap) {
        long fits = Math.max(1, maxHeap / HEAP_PER_DEFAULT_BLOCK);
        long block = Long.highestOneBit(fits);
        return DiskSize.ofBytes(Math.max(SMALLEST_DEFAULT_BLOCK.bytes(), Math.min(LARGEST_BLOCK.bytes(), block)));
    }

    /**
     * A block of B tar bytes is, at worst (stored, not compressed), a plaintext of B + 5 bytes, encrypted to
     * {@code StreamCipher.ciphertextLength(B + 5)} bytes, split into N data shards of a Nth of that (ecc/2x2: N = 2),
     * each in a fragment file after a header and the backup ID; one fragment file is one packet's payload.
     *
     * @return the largest B whose fragments fit {@code payloadLimit}
     */
    static long largestBlock(int payloadLimit) {
        long n = EccMap.all().get(0).dataShards();
        long shard = payloadLimit - FragmentFile.FIXED_HEADER_LENGTH - LONGEST_BACKUP_ID_BYTES;
        long ciphertext = shard * n;
        long low = 0;
        long high = ciphertext;
        while (low < high) {
            long middle = (low + high + 1) / 2;
            if (StreamCipher.ciphertextLength(middle) <= ciphertext) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low - VersionManifest.BLOCK_HEADER_LENGTH;
    }

    @Deactivate
    void close() {
        declaration.close();
    }
}
