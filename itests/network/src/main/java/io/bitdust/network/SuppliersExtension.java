package io.bitdust.network;

import io.bitdust.common.IdUrl;
import io.bitdust.derby.Database;
import io.bitdust.identity.internal.HttpRecoveryRecords;
import io.bitdust.suppliers.CatalogHead;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.suppliers.internal.SupplierFamily;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Makes a kit node a customer: runs a {@link SupplierFamily} on its folder (the suppliers area's Derby database), its
 * gateway, identity, identity cache, keys and options, asking the {@link Network}'s identity servers for candidates
 * and keeping the family in its recovery record there ({@link HttpRecoveryRecords}).
 * {@code node.extension(SupplierService.class)} (or {@link Running}) finds it while the node runs.
 * Both sides serve CancelService; each handler accepts only its own (the payload's service says which side it is for).
 */
public final class SuppliersExtension implements Extension {
    private final Network network;

    /** @param network where the identity servers run */
    public SuppliersExtension(Network network) {
        this.network = network;
    }

    @Override
    public AutoCloseable start(Node node) {
        Database database = Database.embedded(node.folder(), SupplierFamily.SCHEMA);
        try {
            SupplierFamily family = new SupplierFamily(database, node.gateway(), node.identity(), node.cache(),
                    node.keys(), node.config(), network::identityServers, Clock.systemUTC(),
                    new HttpRecoveryRecords(node.identity(), node.keys(), node.settings().timeout(),
                            Clock.systemUTC()));
            node.handle(SuppliersExtension.class, SupplierFamily.COMMANDS, family.handler());
            return new Running(family, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The customer side running on a node: its {@link SupplierService}, and the family for what tests look at. */
    public static final class Running implements SupplierService, AutoCloseable {
        private final SupplierFamily family;
        private final Database database;

        Running(SupplierFamily family, Database database) {
            this.family = family;
            this.database = database;
        }

        /** @return the family */
        public SupplierFamily family() {
            return family;
        }

        @Override
        public List<SupplierDTO> suppliers() {
            return family.suppliers();
        }

        @Override
        public Optional<IdUrl> supplier(int position) {
            return family.supplier(position);
        }

        @Override
        public SupplierDTO replace(int position) {
            return family.replace(position);
        }

        @Override
        public SupplierDTO change(int position, IdUrl newSupplier) {
            return family.change(position, newSupplier);
        }

        @Override
        public List<SupplierDTO> ping() {
            return family.ping();
        }

        @Override
        public SpaceConsumedDTO space() {
            return family.space();
        }

        @Override
        public AutoCloseable subscribe(IntConsumer listener) {
            return family.subscribe(listener);
        }

        @Override
        public Optional<Instant> recordPublished() {
            return family.recordPublished();
        }

        @Override
        public void catalogHead(CatalogHead head) {
            family.catalogHead(head);
        }

        @Override
        public Optional<CatalogHead> catalogHead() {
            return family.catalogHead();
        }

        /** Stops the family, then closes its database. */
        @Override
        public void close() {
            try {
                family.close();
            } finally {
                database.close();
            }
        }
    }
}
