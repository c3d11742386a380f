package io.bitdust.api.internal;

import io.bitdust.customers.CustomerService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Brings the customers area ({@link CustomersFunctions}) into the API, with the customer service while it runs. */
@Component(service = ApiArea.class)
public final class CustomersArea extends AreaComponent {
    private final CustomersFunctions customers;

    /** @param context this bundle's context, through which the customer service is got and released */
    @Activate
    public CustomersArea(BundleContext context) {
        this(context, new CustomersFunctions());
    }

    private CustomersArea(BundleContext context, CustomersFunctions customers) {
        super(context, customers);
        this.customers = customers;
    }

    @Reference(service = CustomerService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindCustomers(ServiceReference<?> reference) {
        bind(customers.customers, reference);
    }

    void unbindCustomers(ServiceReference<?> reference) {
        unbind(customers.customers, reference);
    }
}
