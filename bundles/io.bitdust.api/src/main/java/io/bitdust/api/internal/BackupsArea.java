package io.bitdust.api.internal;

import io.bitdust.backup.BackupService;
import io.bitdust.catalog.Catalog;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Brings the backups area ({@link BackupsFunctions}) into the API, with the catalog and the backup service. */
@Component(service = ApiArea.class)
public final class BackupsArea extends AreaComponent {
    private final BackupsFunctions area;

    /** @param context this bundle's context, through which the area's services are got and released */
    @Activate
    public BackupsArea(BundleContext context) {
        this(context, new BackupsFunctions());
    }

    private BackupsArea(BundleContext context, BackupsFunctions area) {
        super(context, area);
        this.area = area;
    }

    @Reference(service = Catalog.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindCatalog(ServiceReference<?> reference) {
        bind(area.catalog, reference);
    }

    void unbindCatalog(ServiceReference<?> reference) {
        unbind(area.catalog, reference);
    }

    @Reference(service = BackupService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBackups(ServiceReference<?> reference) {
        bind(area.backups, reference);
    }

    void unbindBackups(ServiceReference<?> reference) {
        unbind(area.backups, reference);
    }
}
