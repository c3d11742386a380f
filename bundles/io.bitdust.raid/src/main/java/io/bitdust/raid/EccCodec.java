package io.bitdust.raid;

import io.bitdust.common.BitDustException;
import io.bitdust.raid.internal.Matrices;
import io.bitdust.raid.internal.Multipliers;
import io.bitdust.raid.internal.ShardMultiplier;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Reed-Solomon codec of one {@link EccMap}: JavaReedSolomon's code over GF(2^8) (polynomial 0x11D, generator
 * 2, Vandermonde matrix made systematic), so the parity is byte-identical to theirs.
 *
 * <p>A block is an array of {@code 2N} distinct shard arrays: positions {@code 0 .. N-1} are Data 0 .. N-1 and
 * {@code N .. 2N-1} are Parity 0 .. N-1. Every operation works on the same byte range
 * {@code [offset, offset + length)} of every shard and writes its results in place.
 *
 * <p>Instances are thread-safe and never change what they compute: share one per map and engine. Decoding matrices
 * are computed once per erasure pattern (and per choice of restoring every shard or the data only); the most recent
 * 64 are kept. Calls on the same block from several threads at once must be coordinated by the caller.
 */
public final class EccCodec {
    private static final int CACHED_PATTERNS = 64;

    /** How the shard arithmetic runs. */
    public enum Engine {
        /** Table lookups in plain Java, always available. */
        SCALAR,
        /**
         * The Vector API: available when the JVM runs with {@code --add-modules jdk.incubator.vector} (under OSGi the
         * framework must also export the package {@code jdk.incubator.vector}).
         */
        SIMD;

        /** @return whether a codec with this engine can be created in this JVM */
        public boolean isAvailable() {
            return this == SCALAR || Multipliers.simdAvailable();
        }

        /**
         * @return {@link #SIMD} when available, unless the system property {@code bitdust.raid.simd} is
         *         {@code false}; {@link #SCALAR} otherwise
         */
        public static Engine fastest() {
            return Multipliers.simdPreferred() ? SIMD : SCALAR;
        }
    }

    private final EccMap map;
    private final Engine engine;
    private final int[][] encoding;
    private final ShardMultiplier parity;
    private final Map<Erasure, Decoder> decoders = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Erasure, Decoder> eldest) {
            return size() > CACHED_PATTERNS;
        }
    };

    private EccCodec(EccMap map, Engine engine) {
        this.map = map;
        this.engine = engine;
        this.encoding = Matrices.encoding(map.dataShards());
        this.parity = multiplier(Matrices.rows(encoding, Matrices.range(map.dataShards(), map.totalShards())));
    }

    /**
     * @param map the ECC map
     * @return a codec on the {@link Engine#fastest() fastest} engine
     */
    public static EccCodec create(EccMap map) {
        return create(map, Engine.fastest());
    }

    /**
     * @param map    the ECC map
     * @param engine the engine to use
     * @return a codec on that engine
     * @throws BitDustException with code {@code UNAVAILABLE} when the engine is not available in this JVM
     */
    public static EccCodec create(EccMap map, Engine engine) {
        if (!engine.isAvailable()) {
            throw BitDustException.unavailable("the " + engine + " Reed-Solomon engine is not available: start Java "
                    + "with --add-modules jdk.incubator.vector");
        }
        return new EccCodec(map, engine);
    }

    /** @return the ECC map of this codec */
    public EccMap map() {
        return map;
    }

    /** @return the engine of this codec */
    public Engine engine() {
        return engine;
    }

    /**
     * Computes the parity shards from the data shards.
     *
     * @param shards {@code 2N} arrays, each at least {@code offset + length} long; the parity ones are overwritten
     *               in the range
     * @param offset first byte of the range
     * @param length number of bytes in the range
     * @throws BitDustException with code {@code INVALID_ARGUMENT} naming the problem when the shard count is not
     *                          {@code 2N}, a shard is null or too short, or the range is negative
     */
    public void encodeParity(byte[][] shards, int offset, int length) {
        checkShardCount(shards);
        checkShards(shards, offset, length, position -> true);
        int n = map.dataShards();
        parity.multiply(Arrays.copyOfRange(shards, 0, n), Arrays.copyOfRange(shards, n, 2 * n), offset, length);
    }

    /**
     * Restores every missing shard, data and parity, from any {@code N} present ones. Missing shards must still be
     * allocated arrays; their range is overwritten, present shards are only read.
     *
     * @param shards  {@code 2N} arrays, each at least {@code offset + length} long
     * @param present {@code 2N} flags, true where the shard holds its original bytes
     * @param offset  first byte of the range
     * @param length  number of bytes in the range
     * @throws BitDustException with code {@code INVALID_ARGUMENT} naming the problem when the arguments are bad as
     *                          in {@link #encodeParity}, or {@code present} does not have {@code 2N} flags
     * @throws BitDustException with code {@code UNAVAILABLE} naming the missing positions when fewer than {@code N}
     *                          shards are present
     */
    public void decodeMissing(byte[][] shards, boolean[] present, int offset, int length) {
        decode(shards, present, offset, length, map.totalShards());
    }

    /**
     * Restores the missing data shards only, which is all a restore needs: for each lost data shard a lost parity
     * shard costs as much again to recompute. Missing parity shards may be null and are left as they are.
     *
     * @param shards  {@code 2N} arrays (missing parity ones may be null), each at least {@code offset + length} long
     * @param present {@code 2N} flags, true where the shard holds its original bytes
     * @param offset  first byte of the range
     * @param length  number of bytes in the range
     * @throws BitDustException as {@link #decodeMissing}
     */
    public void decodeData(byte[][] shards, boolean[] present, int offset, int length) {
        decode(shards, present, offset, length, map.dataShards());
    }

    /** Restores the missing shards among positions {@code 0 .. restored - 1}. */
    private void decode(byte[][] shards, boolean[] present, int offset, int length, int restored) {
        checkShardCount(shards);
        if (present == null || present.length != map.totalShards()) {
            throw BitDustException.invalid(map + " needs " + map.totalShards() + " presence flags, got "
                    + (present == null ? "null" : present.length));
        }
        checkShards(shards, offset, length, position -> position < restored || present[position]);
        BitSet missing = new BitSet(present.length);
        for (int i = 0; i < present.length; i++) {
            missing.set(i, !present[i]);
        }
        if (missing.cardinality() > map.parityShards()) {
            throw BitDustException.unavailable(map + " needs " + map.dataShards() + " of its " + map.totalShards()
                    + " shards, " + missing.cardinality() + " are missing: " + missing.stream()
                    .mapToObj(map::positionName).collect(Collectors.joining(", ")));
        }
        Erasure erasure = new Erasure(missing, missing.get(0, restored));
        if (erasure.restored().isEmpty()) {
            return;
        }
        Decoder decoder = decoder(erasure);
        byte[][] inputs = select(shards, decoder.inputs());
        decoder.multiplier().multiply(inputs, select(shards, decoder.outputs()), offset, length);
    }

    @Override
    public String toString() {
        return "EccCodec[" + map + ", " + engine + "]";
    }

    private Decoder decoder(Erasure erasure) {
        Decoder decoder;
        synchronized (decoders) {
            decoder = decoders.get(erasure);
        }
        if (decoder == null) {
            int[] inputs = IntStream.range(0, map.totalShards()).filter(i -> !erasure.missing().get(i))
                    .limit(map.dataShards()).toArray();
            int[] outputs = erasure.restored().stream().toArray();
            int[][] matrix = Matrices.multiply(Matrices.rows(encoding, outputs),
                    Matrices.invert(Matrices.rows(encoding, inputs)));
            decoder = new Decoder(inputs, outputs, multiplier(matrix));
            synchronized (decoders) {
                decoders.put(erasure, decoder);
            }
        }
        return decoder;
    }

    private ShardMultiplier multiplier(int[][] matrix) {
        return engine == Engine.SIMD ? Multipliers.simd(matrix) : Multipliers.scalar(matrix);
    }

    private void checkShardCount(byte[][] shards) {
        if (shards == null || shards.length != map.totalShards()) {
            throw BitDustException.invalid(map + " needs " + map.totalShards() + " shards, got "
                    + (shards == null ? "null" : shards.length));
        }
    }

    /**
     * Checks the range and the shards at the {@code required} positions (the others may be anything), once
     * {@link #checkShardCount} has passed.
     */
    private void checkShards(byte[][] shards, int offset, int length, IntPredicate required) {
        if (offset < 0 || length < 0) {
            throw BitDustException.invalid("offset " + offset + " and length " + length + " must not be negative");
        }
        for (int i = 0; i < shards.length; i++) {
            if (!required.test(i)) {
                continue;
            }
            if (shards[i] == null) {
                throw BitDustException.invalid(map.positionName(i) + " of " + map + " is null");
            }
            if (shards[i].length - offset < length) {
                throw BitDustException.invalid(map.positionName(i) + " of " + map + " has " + shards[i].length
                        + " bytes, fewer than offset " + offset + " + length " + length);
            }
        }
    }

    private static byte[][] select(byte[][] shards, int[] positions) {
        byte[][] selected = new byte[positions.length][];
        for (int i = 0; i < positions.length; i++) {
            selected[i] = shards[positions[i]];
        }
        return selected;
    }

    /** The shards that are missing, and those of them to restore. */
    private record Erasure(BitSet missing, BitSet restored) {
    }

    /** Restores the shards at {@code outputs} from the shards at {@code inputs}. */
    private record Decoder(int[] inputs, int[] outputs, ShardMultiplier multiplier) {
    }
}
