package io.bitdust.network;

import io.bitdust.backup.internal.Backups;
import io.bitdust.catalog.internal.CatalogStore;
import io.bitdust.derby.Database;
import io.bitdust.restore.internal.Restores;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.packet.PacketCodec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes a kit node back up and restore: its catalog ({@link CatalogStore}, Derby in the node's folder), the backup
 * area's {@link Backups} and the restore area's {@link Restores}, on the node's gateway, keys and identity and the
 * suppliers of its {@link SuppliersExtension}, which must be added before this one. The node's options are not
 * read: the settings are given. {@code node.extension(BackupsExtension.Running.class)} finds it while the node runs.
 */
public final class BackupsExtension implements Extension {
    private final Supplier<Backups.Settings> settings;

    /** @param settings what each backup job reads when it starts */
    public BackupsExtension(Supplier<Backups.Settings> settings) {
        this.settings = settings;
    }

    @Override
    public AutoCloseable start(Node node) {
        SupplierService suppliers = node.extension(SupplierService.class);
        Database database = Database.embedded(node.folder(), CatalogStore.SCHEMA);
        Backups backups = null;
        try {
            CatalogStore catalog = new CatalogStore(database, node.keys(), new SecureRandom(), Clock.systemUTC());
            backups = new Backups(catalog, suppliers, node.gateway(), node.keys(),
                    () -> Optional.of(node.idurl()), new PacketCodec(), settings,
                    node.folder().resolve("backups"), Duration.ofSeconds(60), Clock.systemUTC());
            Restores restores = new Restores(node.gateway(), suppliers, catalog, node.keys(),
                    () -> Optional.of(node.idurl()), new PacketCodec(), Duration.ofSeconds(30), 2, Clock.systemUTC());
            return new Running(catalog, backups, restores, database);
        } catch (RuntimeException e) {
            if (backups != null) {
                backups.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * The backup and restore areas running on a node.
     *
     * @param catalog  its catalog
     * @param backups  its backups
     * @param restores its restores
     * @param database the catalog's database
     */
    public record Running(CatalogStore catalog, Backups backups, Restores restores, Database database)
            implements AutoCloseable {
        /** Stops the jobs, then closes the database. */
        @Override
        public void close() {
            try {
                restores.close();
                backups.close();
            } finally {
                database.close();
            }
        }
    }
}
