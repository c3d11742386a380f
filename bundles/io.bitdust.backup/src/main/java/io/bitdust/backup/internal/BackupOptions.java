package io.bitdust.backup.internal;

import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The options of the backup area (keys and defaults of the original BitDust), declared while this bundle runs.
 */
@Component(immediate = true)
public final class BackupOptions {
    /** Whether this node makes backups at all. */
    public static final Option ENABLED = Option.of("services/backups/enabled", OptionType.BOOLEAN, "true",
            "Make backups of your files to your suppliers");
    /** The size of the blocks a backup is cut into before encryption and erasure coding. */
    public static final Option BLOCK_SIZE = Option.of("services/backups/block-size", OptionType.DISK_SPACE, "4 MB",
            "Size of the blocks a backup is cut into before it is encrypted and split into fragments");
    /** The largest block size a user may choose. */
    public static final Option MAX_BLOCK_SIZE = Option.of("services/backups/max-block-size", OptionType.DISK_SPACE,
            "128 MB", "Largest block size allowed");
    /** How many versions of each item are kept. */
    public static final Option MAX_COPIES = Option.of("services/backups/max-copies", OptionType.POSITIVE_INTEGER, "2",
            "How many versions of each file or folder to keep; older ones are removed");
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
                WAIT_SUPPLIERS));
    }

    @Deactivate
    void close() {
        declaration.close();
    }
}
