package io.bitdust.network;

import io.bitdust.common.IdUrl;
import io.bitdust.customers.CustomerService;
import io.bitdust.customers.dto.CustomerDTO;
import io.bitdust.customers.dto.SpaceDonatedDTO;
import io.bitdust.customers.internal.CustomerDesk;
import io.bitdust.derby.Database;
import io.bitdust.transport.packet.PacketCodec;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Makes a kit node a supplier: runs a {@link CustomerDesk} on its folder (the customers area's Derby database and the
 * stored packets), its gateway, identity, identity cache and options, and serves the storage commands through
 * {@link Node#handle}. {@code node.extension(CustomersExtension.Running.class)} (or {@code CustomerService.class})
 * finds it while the node runs.
 */
public final class CustomersExtension implements Extension {
    @Override
    public AutoCloseable start(Node node) {
        Database database = Database.embedded(node.folder(), CustomerDesk.SCHEMA);
        try {
            CustomerDesk desk = new CustomerDesk(node.folder(), database, node.gateway(), node.identity(),
                    node.cache(), node.config(), new PacketCodec(), new SecureRandom(), Clock.systemUTC());
            node.handle(CustomersExtension.class, CustomerDesk.COMMANDS, desk.handler());
            return new Running(desk, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The supplier side running on a node: its {@link CustomerService}, and its desk for what tests look at. */
    public static final class Running implements CustomerService, AutoCloseable {
        private final CustomerDesk desk;
        private final Database database;

        Running(CustomerDesk desk, Database database) {
            this.desk = desk;
            this.database = database;
        }

        /** @return the desk: refusals, purge, restore */
        public CustomerDesk desk() {
            return desk;
        }

        @Override
        public List<CustomerDTO> customers() {
            return desk.customers();
        }

        @Override
        public CustomerDTO reject(IdUrl customer) {
            return desk.reject(customer);
        }

        @Override
        public List<CustomerDTO> ping() {
            return desk.ping();
        }

        @Override
        public SpaceDonatedDTO space() {
            return desk.space();
        }

        @Override
        public Map<String, Long> refusals() {
            return desk.refusals();
        }

        /** Stops the desk, then closes its database. */
        @Override
        public void close() {
            try {
                desk.close();
            } finally {
                database.close();
            }
        }
    }
}
