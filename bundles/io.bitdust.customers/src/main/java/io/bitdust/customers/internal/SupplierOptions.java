package io.bitdust.customers.internal;

import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import java.util.List;

/** The options of the supplier side (keys of the original BitDust where one exists). */
public final class SupplierOptions {
    /** Whether this node accepts customers. */
    public static final Option ENABLED = Option.of("services/supplier/enabled", OptionType.BOOLEAN, "true",
            "Keep other nodes' data in the space you donate (be a supplier)");
    /** The space this node donates to its customers in all. */
    public static final Option DONATED_SPACE = Option.of("services/supplier/donated-space", OptionType.DISK_SPACE,
            "8 GB", "Disk space you donate to your customers in all");
    /** How long deleted objects and ended customers' data stay on disk before they are purged. */
    public static final Option DELETE_GRACE_HOURS = Option.of("services/supplier/delete-grace-hours",
            OptionType.positiveInteger(0, 24 * 365), "24",
            "Hours deleted objects and ended contracts' data stay on disk (restorable) before they are purged; 0 "
                    + "purges at once");
    /** The most objects one customer may store. */
    public static final Option MAX_FILES = Option.of("services/supplier/max-files-per-customer",
            OptionType.positiveInteger(1, Integer.MAX_VALUE), "100000", "Most objects one customer may store");

    /** Every option of the supplier side. */
    public static final List<Option> ALL = List.of(ENABLED, DONATED_SPACE, DELETE_GRACE_HOURS, MAX_FILES);

    private SupplierOptions() {
    }
}
