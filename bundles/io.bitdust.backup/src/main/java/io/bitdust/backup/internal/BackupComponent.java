package io.bitdust.backup.internal;

import io.bitdust.backup.BackupService;
import io.bitdust.catalog.Catalog;
import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityService;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.PacketCodec;
import java.time.Clock;
import java.time.Duration;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Backups} in a node, as the {@link BackupService}, with local copies under
 * {@code ${karaf.data}/bitdust/backups}. Options are read when each job starts; {@link BackupOptions} declares them.
 */
// Registered by hand, so DS declares no capability for it: the feature resolver needs this one.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.bitdust.backup.BackupService\"")
@Component(immediate = true)
public final class BackupComponent {
    /** How long one attempt to deliver a fragment waits for its Ack, besides the gateway's own wait. */
    static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(BackupComponent.class);

    private final Backups backups;
    private final ServiceRegistration<BackupService> service;

    /**
     * @param config    the options
     * @param options   makes sure the backup options are declared before a job reads them
     * @param catalog   the catalog
     * @param suppliers my suppliers
     * @param gateway   sends the packets
     * @param keys      my keys
     * @param identity  my identity
     * @param context   the bundle's context, for the data folder and the service's registration
     */
    @Activate
    public BackupComponent(@Reference ConfigService config, @Reference BackupOptions options,
            @Reference Catalog catalog, @Reference SupplierService suppliers, @Reference Gateway gateway,
            @Reference KeyRing keys, @Reference IdentityService identity, BundleContext context) {
        this.backups = new Backups(catalog, suppliers, gateway, keys, () -> identity.identity().map(Identity::idurl),
                new PacketCodec(), () -> BackupOptions.settings(config),
                NodeFolders.data(context::getProperty).resolve("backups"), ACK_TIMEOUT, Clock.systemUTC());
        // the suppliers may have been hired before this area listens to their changes
        backups.updateSoon("the start of the backup area");
        this.service = context.registerService(BackupService.class, backups, null);
        LOG.info("Backup service started");
    }

    @Deactivate
    void stop() {
        try {
            service.unregister();
        } catch (IllegalStateException e) {
            LOG.debug("The backup service was unregistered with the bundle already");
        }
        backups.close();
    }
}
