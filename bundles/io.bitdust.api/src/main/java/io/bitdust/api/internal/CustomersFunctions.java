package io.bitdust.api.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.customers.CustomerService;
import io.bitdust.customers.dto.CustomerDTO;
import io.bitdust.customers.dto.SpaceDonatedDTO;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The customers area: the nodes whose data I keep in the space I donate. {@code customers_list},
 * {@code customer_reject}, {@code customers_ping}, {@code space_donated}, and the customer count in process_health.
 */
final class CustomersFunctions implements ApiArea {
    static final String AREA = "customers";

    final AreaService<CustomerService> customers = new AreaService<>(AREA);

    @Override
    public String name() {
        return AREA;
    }

    @Override
    public List<AreaService<?>> services() {
        return List.of(customers);
    }

    @Override
    public List<Operation> operations() {
        return List.of(
                Operation.named("customers_list", AREA, "Nodes whose data I store: contract, space allocated and "
                        + "used, online state")
                        .does(args -> list(customers.get().customers())),
                Operation.named("customer_reject", AREA, "Stop serving a customer: its contract ends, it is told, and "
                        + "its data is deleted after the grace period")
                        .required("idurl", "customer IDURL")
                        .does(args -> entry(customers.get().reject(IdUrl.parse(args.string("idurl"))))),
                Operation.named("customers_ping", AREA, "Ping every customer now and show who is online")
                        .does(args -> list(customers.get().ping())),
                Operation.named("space_donated", AREA, "The space I donate: allocated to contracts, used, free, "
                        + "per customer")
                        .does(args -> space(customers.get().space())));
    }

    @Override
    public void health(Map<String, Object> health, List<String> warnings) {
        CustomerService running = customers.current();
        if (running != null) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("contracts", running.customers().size());
            state.put("refusals", running.refusals());
            health.put("customers", state);
        }
    }

    private static List<Map<String, Object>> list(List<CustomerDTO> customers) {
        return customers.stream().map(CustomersFunctions::entry).collect(Collectors.toList());
    }

    static Map<String, Object> entry(CustomerDTO customer) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("idurl", customer.idurl);
        entry.put("ecc_map", customer.eccMap);
        entry.put("position", customer.position);
        entry.put("allocated_bytes", customer.allocatedBytes);
        entry.put("used_bytes", customer.usedBytes);
        entry.put("files", customer.files);
        entry.put("since", customer.since);
        entry.put("online", customer.online);
        return entry;
    }

    private static Map<String, Object> space(SpaceDonatedDTO space) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("donated_bytes", space.donatedBytes);
        result.put("allocated_bytes", space.allocatedBytes);
        result.put("used_bytes", space.usedBytes);
        result.put("free_bytes", space.freeBytes);
        result.put("pending_delete_bytes", space.pendingDeleteBytes);
        result.put("customers_num", space.customers.size());
        result.put("customers", list(space.customers));
        return result;
    }
}
