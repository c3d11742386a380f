package io.bitdust.customers;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.customers.dto.CustomerDTO;
import io.bitdust.customers.dto.SpaceDonatedDTO;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * My customers: the nodes whose data I keep in the space I donate ({@code services/supplier/donated-space}). Contracts
 * come from the customers' RequestService packets; this service shows them and lets the user end one. Thread-safe.
 */
@ProviderType
public interface CustomerService {
    /** @return every customer with a contract, ordered by IDURL */
    List<CustomerDTO> customers();

    /**
     * Ends a customer's contract: its allocation is released, its objects are deleted (after the grace period of
     * {@code services/supplier/delete-grace-hours}, until then they can be restored by the operator), and the
     * customer is told by a CancelService, so it hires someone else.
     *
     * @param customer the customer's IDURL
     * @return the customer as it was before
     * @throws BitDustException NOT_FOUND when it is not a customer
     */
    CustomerDTO reject(IdUrl customer);

    /**
     * Pings every customer now, in parallel, and waits for the answers (each for at most a few seconds).
     *
     * @return the customers, with {@code online} as the pings found
     */
    List<CustomerDTO> ping();

    /** @return the donated space: total, allocated to contracts, used, free, and per customer */
    SpaceDonatedDTO space();

    /**
     * @return how many requests of customers (or of nodes posing as customers) were refused since the start, by
     *     reason: the first word of the Fail's text, e.g. {@code quota}, {@code not-customer}, {@code key-changed}
     */
    Map<String, Long> refusals();
}
