package io.bitdust.raid;

import io.bitdust.common.BitDustException;
import io.bitdust.raid.internal.Matrices;
import io.bitdust.raid.internal.Multipliers;
import io.bitdust.raid.internal.ShardMultiplier;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Reed-Solomon codec of one {@link EccMap}: JavaReedSolomon's code over GF(2^8) (polynomial 0x11D, generator
 * 2, Vandermonde matrix made systematic), so the parity is byte-identical to theirs.
 *
 * <p>A block is an array of {@code 2N} distinct shard arrays: positions {@code 0 .. N-1} are Data 0 .. N-1 and
 * {@code N .. 2N-1} are Parity 0 .. N-1. Both operations work on the same byte range
 * {@code [offset, offset + length)} of every shard and write their results in place.
 *
 * <p>Instances are thread-safe and never change what they compute: share one per map and engine. Decoding matrices
 * are computed once per erasure pattern; the most recent 64 patterns are kept. Calls on
 * the same block from several threads at once must be coordinated by the caller.
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
    private final Map<BitSet, Decoder> decoders = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<BitSet, Decoder> eldest) {
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
        checkShards(shards, offset, length);
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
        checkShards(shards, offset, length);
        if (present == null || present.length != map.totalShards()) {
            throw BitDustException.invalid(map + " needs " + map.totalShards() + " presence flags, got "
                    + (present == null ? "null" : present.length));
        }
        BitSet missing = new BitSet(present.length);
        for (int i = 0; i < present.length; i++) {
            missing.set(i, !present[i]);
        }
        if (missing.isEmpty()) {
            return;
        }
        if (missing.cardinality() > map.parityShards()) {
            throw BitDustException.unavailable(map + " needs " + map.dataShards() + " of its " + map.totalShards()
                    + " shards, " + missing.cardinality() + " are missing: " + missing.stream()
                    .mapToObj(map::positionName).collect(Collectors.joining(", ")));
        }
        Decoder decoder = decoder(missing);
        byte[][] inputs = select(shards, decoder.inputs());
        decoder.multiplier().multiply(inputs, select(shards, decoder.outputs()), offset, length);
    }

    @Override
    public String toString() {
        return "EccCodec[" + map + ", " + engine + "]";
    }

    private Decoder decoder(BitSet missing) {
        Decoder decoder;
        synchronized (decoders) {
            decoder = decoders.get(missing);
        }
        if (decoder == null) {
            int[] inputs = IntStream.range(0, map.totalShards()).filter(i -> !missing.get(i))
                    .limit(map.dataShards()).toArray();
            int[] outputs = missing.stream().toArray();
            int[][] matrix = Matrices.multiply(Matrices.rows(encoding, outputs),
                    Matrices.invert(Matrices.rows(encoding, inputs)));
            decoder = new Decoder(inputs, outputs, multiplier(matrix));
            synchronized (decoders) {
                decoders.put(missing, decoder);
            }
        }
        return decoder;
    }

    private ShardMultiplier multiplier(int[][] matrix) {
        return engine == Engine.SIMD ? Multipliers.simd(matrix) : Multipliers.scalar(matrix);
    }

    private void checkShards(byte[][] shards, int offset, int length) {
        if (shards == null || shards.length != map.totalShards()) {
            throw BitDustException.invalid(map + " needs " + map.totalShards() + " shards, got "
                    + (shards == null ? "null" : shards.length));
        }
        if (offset < 0 || length < 0) {
            throw BitDustException.invalid("offset " + offset + " and length " + length + " must not be negative");
        }
        for (int i = 0; i < shards.length; i++) {
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

    /** Restores the shards at {@code outputs} from the shards at {@code inputs}. */
    private record Decoder(int[] inputs, int[] outputs, ShardMultiplier multiplier) {
    }
}
