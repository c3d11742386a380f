package io.bitdust.api.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The suppliers area: the nodes I hired to keep my data. {@code suppliers_list}, {@code supplier_replace},
 * {@code supplier_change}, {@code suppliers_ping}, {@code space_consumed}, and the family's state in process_health.
 */
final class SuppliersFunctions implements ApiArea {
    static final String AREA = "suppliers";

    final AreaService<SupplierService> suppliers = new AreaService<>(AREA);

    @Override
    public String name() {
        return AREA;
    }

    @Override
    public List<AreaService<?>> services() {
        return List.of(suppliers);
    }

    @Override
    public List<Operation> operations() {
        return List.of(
                Operation.named("suppliers_list", AREA, "Nodes that store my data, one per position: online state, "
                        + "contract, space allocated and used")
                        .does(args -> list(suppliers.get().suppliers())),
                Operation.named("supplier_replace", AREA, "Fire a supplier and hire another node at its position")
                        .required("index_or_idurl", "position or IDURL of the supplier")
                        .does(args -> {
                            SupplierService service = suppliers.get();
                            return entry(service.replace(position(service, args.string("index_or_idurl"))));
                        }),
                Operation.named("supplier_change", AREA, "Fire a supplier and hire the given node at its position")
                        .required("index_or_idurl", "position or IDURL of the supplier")
                        .required("new_idurl", "IDURL of the new supplier")
                        .does(args -> {
                            SupplierService service = suppliers.get();
                            return entry(service.change(position(service, args.string("index_or_idurl")),
                                    IdUrl.parse(args.string("new_idurl"))));
                        }),
                Operation.named("suppliers_ping", AREA, "Ping every supplier now and show who is online")
                        .does(args -> list(suppliers.get().ping())),
                Operation.named("space_consumed", AREA, "The space my contracts give me: needed, allocated and used")
                        .does(args -> space(suppliers.get().space())));
    }

    @Override
    public void health(Map<String, Object> health, List<String> warnings) {
        SupplierService running = suppliers.current();
        if (running == null) {
            return;
        }
        List<SupplierDTO> family = running.suppliers();
        long active = family.stream().filter(s -> "active".equals(s.contract)).count();
        long online = family.stream().filter(s -> s.online).count();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("positions", family.size());
        state.put("active", active);
        state.put("online", online);
        health.put("suppliers", state);
        if (active < family.size()) {
            warnings.add((family.size() - active) + " of " + family.size() + " supplier positions have no active "
                    + "contract yet");
        }
    }

    /** A position, given as a number or as the IDURL of the supplier there. */
    static int position(SupplierService service, String indexOrIdurl) {
        String text = indexOrIdurl.trim();
        if (text.matches("\\d{1,4}")) {
            return Integer.parseInt(text);
        }
        IdUrl idurl = IdUrl.parse(text);
        for (SupplierDTO supplier : service.suppliers()) {
            if (idurl.toString().equals(supplier.idurl)) {
                return supplier.position;
            }
        }
        throw BitDustException.notFound(idurl + " is not one of my suppliers");
    }

    private static List<Map<String, Object>> list(List<SupplierDTO> suppliers) {
        return suppliers.stream().map(SuppliersFunctions::entry).collect(Collectors.toList());
    }

    static Map<String, Object> entry(SupplierDTO supplier) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("position", supplier.position);
        entry.put("idurl", supplier.idurl);
        entry.put("online", supplier.online);
        entry.put("contract", supplier.contract);
        entry.put("allocated_bytes", supplier.allocatedBytes);
        entry.put("used_bytes", supplier.usedBytes);
        entry.put("last_seen", supplier.lastSeen);
        entry.put("reason", supplier.reason);
        return entry;
    }

    private static Map<String, Object> space(SpaceConsumedDTO space) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("needed_bytes", space.neededBytes);
        result.put("suppliers_num", space.suppliers);
        result.put("active_suppliers", space.activeSuppliers);
        result.put("ecc_map", space.eccMap);
        result.put("allocated_bytes", space.allocatedBytes);
        result.put("used_bytes", space.usedBytes);
        return result;
    }
}
