package io.bitdust.catalog.internal;

import io.bitdust.catalog.Catalog;
import io.bitdust.common.NodeFolders;
import io.bitdust.crypto.KeyRing;
import io.bitdust.derby.Database;
import java.security.SecureRandom;
import java.time.Clock;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * Runs a {@link CatalogStore} in the node: the catalog area's Derby database in the node's data folder and, while the
 * component is active, the store as the {@link Catalog} service.
 *
 * <p>The service is registered by hand once the store runs, as the customers and suppliers areas do (see
 * {@code CustomersComponent}): the areas built on the catalog reference services that may reference back, and a
 * service provided by this component itself would be created inside their activation, a cycle the framework refuses.
 */
// Registered by hand, so DS declares no capability for it: the feature resolver needs this one.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.bitdust.catalog.Catalog\"")
@Component(immediate = true)
public final class CatalogComponent {
    private final Database database;
    private final ServiceRegistration<Catalog> service;

    /**
     * @param keys    my keys, for the export
     * @param derby   Derby's data source factory
     * @param context the bundle's context, for the data folder
     */
    @Activate
    public CatalogComponent(@Reference KeyRing keys,
            @Reference(target = Database.DERBY_FACTORY) DataSourceFactory derby, BundleContext context) {
        database = Database.open(derby, NodeFolders.data(context::getProperty), CatalogStore.SCHEMA);
        try {
            CatalogStore store = new CatalogStore(database, keys, new SecureRandom(), Clock.systemUTC());
            service = context.registerService(Catalog.class, store, null);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    @Deactivate
    void stop() {
        try {
            service.unregister();
        } catch (IllegalStateException e) {
            // unregistered with the bundle already
        }
        database.close();
    }
}
