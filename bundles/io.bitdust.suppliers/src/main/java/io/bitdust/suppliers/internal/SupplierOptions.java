package io.bitdust.suppliers.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.raid.EccMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The options of the customer side, with the keys and defaults of the original BitDust where it had them. */
public final class SupplierOptions {
    /** Whether this node hires suppliers at all. */
    public static final Option ENABLED = Option.of("services/customer/enabled", OptionType.BOOLEAN, "true",
            "Hire suppliers to keep your backups; when off, the suppliers hired stay but none is hired, pinged or "
                    + "replaced");
    /** How many suppliers: the N of the ECC map ecc/NxN. */
    public static final Option SUPPLIERS_NUMBER = Option.of("services/customer/suppliers-number",
            OptionType.choice(EccMap.all().stream().map(map -> String.valueOf(map.dataShards()))
                    .toArray(String[]::new)), "4", "How many suppliers keep your data, one per position of the ECC "
                    + "map ecc/NxN; any N/2 of them may be lost");
    /** The space I need in all; each supplier gets ceil(2 * needed / N). */
    public static final Option NEEDED_SPACE = Option.of("services/customer/needed-space", OptionType.DISK_SPACE,
            "256 MB", "Space your backups need in all; each supplier is asked for twice this divided by the number of "
                    + "suppliers");
    /** IDURLs tried first when a supplier is hired. */
    public static final Option CANDIDATES = Option.of("services/employer/candidates",
            OptionType.string("IDURLs separated by commas, or empty", SupplierOptions::validCandidates), "",
            "IDURLs (comma-separated) asked first when a supplier is hired, before the identity servers' directory");
    /** Whether suppliers offline too long are replaced. */
    public static final Option REPLACE_OFFLINE = Option.of("services/employer/replace-critically-offline-enabled",
            OptionType.BOOLEAN, "true", "Replace a supplier that stays offline longer than "
                    + "services/employer/replace-offline-minutes, one at a time, while few enough are offline");
    /** How long a supplier may stay offline before it is replaced. */
    public static final Option REPLACE_OFFLINE_MINUTES = Option.of("services/employer/replace-offline-minutes",
            OptionType.positiveInteger(0, 525_600), "30",
            "Minutes a supplier may stay offline before it is replaced (0: as soon as a ping fails)");
    /** How often suppliers are pinged. */
    public static final Option PING_SECONDS = Option.of("services/employer/ping-interval-seconds",
            OptionType.positiveInteger(1, 86_400), "60", "Seconds between two pings of each supplier");

    /** Every option, in the order they are declared. */
    static final List<Option> ALL = List.of(ENABLED, SUPPLIERS_NUMBER, NEEDED_SPACE, CANDIDATES, REPLACE_OFFLINE,
            REPLACE_OFFLINE_MINUTES, PING_SECONDS);

    private SupplierOptions() {
    }

    /**
     * How many positions may be offline while the data is still whole: with Reed-Solomon ecc/NxN any N of the 2N
     * shards restore a block, and a position holds two of them, so up to {@code floor(N/2)} positions may be
     * lost. The original's XOR tables (2: 1, 4: 2, 7: 3, 13: 4, 18: 5, 26: 6, 64: 10) described weaker codes; for
     * 2, 4 and 7 suppliers they agree.
     *
     * @param suppliers N
     * @return {@code floor(N/2)}
     */
    public static int correctable(int suppliers) {
        return suppliers / 2;
    }

    /**
     * @param option the value of {@link #CANDIDATES}
     * @return its IDURLs, in order; none for an empty value
     */
    static List<IdUrl> candidates(String option) {
        List<IdUrl> result = new ArrayList<>();
        for (String part : option.split(",")) {
            if (!part.isBlank()) {
                result.add(IdUrl.parse(part.trim()));
            }
        }
        return result;
    }

    private static boolean validCandidates(String value) {
        try {
            candidates(value);
            return true;
        } catch (RuntimeException e) {
            return Arrays.stream(value.split(",")).allMatch(String::isBlank);
        }
    }
}
