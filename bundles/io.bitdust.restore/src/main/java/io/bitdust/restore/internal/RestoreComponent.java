package io.bitdust.restore.internal;

import io.bitdust.catalog.Catalog;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityService;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.restore.RestoreJob;
import io.bitdust.restore.RestoreService;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.PacketCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Restores} in the node as the {@link RestoreService}. Unlike the customers and suppliers areas it
 * provides no packet handler (the answers to its Retrieves come back through the gateway's requests), so there is no
 * service cycle with the gateway and DS registers the service. Immediate: a restore must not stop because its last
 * user released the service.
 */
@Component(immediate = true, service = RestoreService.class)
public final class RestoreComponent implements RestoreService {
    /** How many restores run at once; the others wait. */
    static final int PARALLEL = 2;
    /** How long one Retrieve waits for a supplier's answer. */
    static final Duration RETRIEVE_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RestoreComponent.class);

    private final Restores restores;

    /**
     * @param gateway   sends the Retrieves
     * @param suppliers my suppliers
     * @param catalog   my versions
     * @param keys      my keys
     * @param identity  my identity, for my IDURL
     */
    @Activate
    public RestoreComponent(@Reference Gateway gateway, @Reference SupplierService suppliers,
            @Reference Catalog catalog, @Reference KeyRing keys, @Reference IdentityService identity) {
        restores = new Restores(gateway, suppliers, catalog, keys, () -> identity.identity().map(Identity::idurl),
                new PacketCodec(), RETRIEVE_WAIT, PARALLEL, Clock.systemUTC());
        LOG.info("Restore service started ({} restores at once)", PARALLEL);
    }

    @Deactivate
    void stop() {
        restores.close();
        LOG.info("Restore service stopped");
    }

    @Override
    public RestoreJob start(String backupId, Path destination, ExistingFilePolicy policy) {
        return restores.start(backupId, destination, policy);
    }

    @Override
    public List<RestoreJob> running() {
        return restores.running();
    }

    @Override
    public List<RestoreJob> finished() {
        return restores.finished();
    }

    @Override
    public Optional<RestoreJob> job(String backupId) {
        return restores.job(backupId);
    }

    @Override
    public RestoreJob abort(String backupId) {
        return restores.abort(backupId);
    }

    @Override
    public Map<String, Integer> badDataBySupplier() {
        return restores.badDataBySupplier();
    }
}
