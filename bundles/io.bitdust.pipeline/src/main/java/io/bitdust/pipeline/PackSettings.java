package io.bitdust.pipeline;

import com.github.luben.zstd.Zstd;
import io.bitdust.common.BitDustException;
import io.bitdust.raid.EccMap;

/**
 * How a {@link Packer} cuts, compresses and spreads a backup. Immutable.
 *
 * @param map              the ECC map of the fragments
 * @param blockSize        bytes of the tar stream per block, 1 to {@value #MAX_BLOCK_SIZE}; each block is compressed
 *                         on its own
 * @param compressionLevel the zstd level; 1 (the default) is the fastest of the ordinary levels
 * @param blocksInFlight   how many blocks may be between the tar stream and the sink at once, at least 1: memory is
 *                         about {@code 3 * blockSize} per block in flight (the block, and its data and parity
 *                         fragments), plus a compression buffer of about {@code blockSize} per worker; block and
 *                         compression buffers are reused
 */
public record PackSettings(EccMap map, int blockSize, int compressionLevel, int blocksInFlight) {
    /** The largest block size, 1 GiB. */
    public static final int MAX_BLOCK_SIZE = 1 << 30;
    /** The default zstd level. */
    public static final int DEFAULT_COMPRESSION_LEVEL = 1;

    /** @throws BitDustException INVALID_ARGUMENT naming the value out of range */
    public PackSettings {
        if (map == null) {
            throw BitDustException.invalid("an ECC map is needed");
        }
        if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
            throw BitDustException.invalid("block size " + blockSize + " is outside 1.." + MAX_BLOCK_SIZE);
        }
        if (compressionLevel < Zstd.minCompressionLevel() || compressionLevel > Zstd.maxCompressionLevel()) {
            throw BitDustException.invalid("zstd level " + compressionLevel + " is outside "
                    + Zstd.minCompressionLevel() + ".." + Zstd.maxCompressionLevel());
        }
        if (blocksInFlight < 1) {
            throw BitDustException.invalid("blocks in flight " + blocksInFlight + " must be at least 1");
        }
    }

    /**
     * @param map       the ECC map
     * @param blockSize the block size
     * @return settings with the default zstd level and two blocks in flight per processor
     */
    public static PackSettings of(EccMap map, int blockSize) {
        return new PackSettings(map, blockSize, DEFAULT_COMPRESSION_LEVEL,
                2 * Runtime.getRuntime().availableProcessors());
    }
}
