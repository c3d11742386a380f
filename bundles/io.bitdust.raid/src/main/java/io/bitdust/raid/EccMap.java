package io.bitdust.raid;

import io.bitdust.common.BitDustException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An ECC map {@code ecc/NxN}: every block is cut into {@code N} data shards and gets {@code N} parity shards, and
 * any {@code N} of the {@code 2N} shards restore it. Shard position {@code i < N} is Data {@code i}, position
 * {@code N + i} is Parity {@code i}.
 *
 * <p>The supported maps are the constants returned by {@link #all()}; instances are immutable and shared.
 */
public final class EccMap {
    private static final List<EccMap> ALL = IntStream.of(2, 4, 7, 13, 18, 26, 64)
            .mapToObj(EccMap::new)
            .collect(Collectors.toUnmodifiableList());

    private final int dataShards;
    private final String name;

    private EccMap(int dataShards) {
        this.dataShards = dataShards;
        this.name = "ecc/" + dataShards + "x" + dataShards;
    }

    /** @return every supported map, smallest first: ecc/2x2, ecc/4x4, ecc/7x7, ecc/13x13, ... ecc/64x64 */
    public static List<EccMap> all() {
        return ALL;
    }

    /**
     * @param text a map name such as {@code ecc/4x4}
     * @return the map with that name
     * @throws BitDustException with code {@code INVALID_ARGUMENT} naming the text when no map has that name
     */
    public static EccMap parse(String text) {
        for (EccMap map : ALL) {
            if (map.name.equals(text)) {
                return map;
            }
        }
        throw BitDustException.invalid("unknown ECC map '" + text + "', expected one of "
                + ALL.stream().map(EccMap::name).collect(Collectors.joining(", ")));
    }

    /** @return {@code N}, the number of data shards */
    public int dataShards() {
        return dataShards;
    }

    /** @return {@code N}, the number of parity shards */
    public int parityShards() {
        return dataShards;
    }

    /** @return {@code 2N}, the number of shards of a block */
    public int totalShards() {
        return 2 * dataShards;
    }

    /** @return the name, for example {@code ecc/4x4} */
    public String name() {
        return name;
    }

    /**
     * @param position a shard position, {@code 0 <= position < 2N}
     * @return {@code "Data i"} or {@code "Parity i"}, the name of that position in messages and fragment names
     * @throws BitDustException with code {@code INVALID_ARGUMENT} when the position is out of range
     */
    public String positionName(int position) {
        if (position < 0 || position >= totalShards()) {
            throw BitDustException.invalid("shard position " + position + " is outside 0.." + (totalShards() - 1)
                    + " of " + name);
        }
        return position < dataShards ? "Data " + position : "Parity " + (position - dataShards);
    }

    @Override
    public String toString() {
        return name;
    }
}
