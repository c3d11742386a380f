package io.bitdust.api.internal;

import io.bitdust.catalog.Catalog;
import io.bitdust.restore.RestoreService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Brings the restores area ({@link RestoresFunctions}) into the API, with the catalog and the restore service. */
@Component(service = ApiArea.class)
public final class RestoresArea extends AreaComponent {
    private final RestoresFunctions area;

    /** @param context this bundle's context, through which the area's services are got and released */
    @Activate
    public RestoresArea(BundleContext context) {
        this(context, new RestoresFunctions());
    }

    private RestoresArea(BundleContext context, RestoresFunctions area) {
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

    @Reference(service = RestoreService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindRestores(ServiceReference<?> reference) {
        bind(area.restores, reference);
    }

    void unbindRestores(ServiceReference<?> reference) {
        unbind(area.restores, reference);
    }
}
