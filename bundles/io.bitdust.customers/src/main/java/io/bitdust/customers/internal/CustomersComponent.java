package io.bitdust.customers.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.customers.CustomerService;
import io.bitdust.customers.dto.CustomerDTO;
import io.bitdust.customers.dto.SpaceDonatedDTO;
import io.bitdust.derby.Database;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * Runs a {@link CustomerDesk} in the node: the customers area's Derby database in the node's data folder, the
 * {@link CustomerService}, and the packet handler of the storage commands ({@link CustomerDesk#COMMANDS}; the
 * properties below list them, {@code CustomersComponentTest} checks that they agree).
 */
@Component(service = {CustomerService.class, PacketHandler.class}, immediate = true, property = {
    PacketHandler.COMMANDS_PROPERTY + "=REQUEST_SERVICE",
    PacketHandler.COMMANDS_PROPERTY + "=CANCEL_SERVICE",
    PacketHandler.COMMANDS_PROPERTY + "=DATA",
    PacketHandler.COMMANDS_PROPERTY + "=RETRIEVE",
    PacketHandler.COMMANDS_PROPERTY + "=LIST_FILES",
    PacketHandler.COMMANDS_PROPERTY + "=DELETE_FILE",
    PacketHandler.COMMANDS_PROPERTY + "=DELETE_BACKUP",
    PacketHandler.CONCURRENCY_PROPERTY + ":Integer=" + CustomerDesk.CONCURRENCY})
public final class CustomersComponent implements CustomerService, PacketHandler {
    private final Database database;
    private final CustomerDesk desk;
    private final PacketHandler handler;

    /**
     * @param config   the supplier options
     * @param gateway  packets to and from customers
     * @param identity my identity, where the supplier service is offered
     * @param cache    customers' identities
     * @param derby    Derby's data source factory
     * @param context  the bundle's context, for the data folder
     */
    @Activate
    public CustomersComponent(@Reference ConfigService config, @Reference Gateway gateway,
            @Reference IdentityService identity, @Reference IdentityCache cache,
            @Reference(target = Database.DERBY_FACTORY) DataSourceFactory derby, BundleContext context) {
        Path data = NodeFolders.data(context::getProperty);
        database = Database.open(derby, data, CustomerDesk.SCHEMA);
        try {
            desk = new CustomerDesk(data, database, gateway, identity, cache, config, new PacketCodec(),
                    new SecureRandom(), Clock.systemUTC());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        handler = desk.handler();
    }

    @Override
    public CompletionStage<Answer> handle(Packet packet) {
        return handler.handle(packet);
    }

    @Override
    public boolean accepts(Packet packet) {
        return handler.accepts(packet);
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

    @Deactivate
    void stop() {
        desk.close();
        database.close();
    }
}
