package io.bitdust.api.internal;

import io.bitdust.suppliers.SupplierService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Brings the suppliers area ({@link SuppliersFunctions}) into the API, with the supplier service while it runs. */
@Component(service = ApiArea.class)
public final class SuppliersArea extends AreaComponent {
    private final SuppliersFunctions suppliers;

    /** @param context this bundle's context, through which the supplier service is got and released */
    @Activate
    public SuppliersArea(BundleContext context) {
        this(context, new SuppliersFunctions());
    }

    private SuppliersArea(BundleContext context, SuppliersFunctions suppliers) {
        super(context, suppliers);
        this.suppliers = suppliers;
    }

    @Reference(service = SupplierService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindSuppliers(ServiceReference<?> reference) {
        bind(suppliers.suppliers, reference);
    }

    void unbindSuppliers(ServiceReference<?> reference) {
        unbind(suppliers.suppliers, reference);
    }
}
