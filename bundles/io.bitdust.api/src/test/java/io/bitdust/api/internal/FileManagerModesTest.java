package io.bitdust.api.internal;

import static io.bitdust.api.internal.ApiResults.error;
import static io.bitdust.api.internal.ApiResults.ok;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.config.internal.Options;
import io.bitdust.customers.CustomerService;
import io.bitdust.customers.dto.CustomerDTO;
import io.bitdust.customers.dto.SpaceDonatedDTO;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The file manager's modes {@code stats}, {@code list}, {@code delete}, {@code deleteversion} and {@code config} with
 * the areas they ask running: answers computed from what the catalog, the suppliers, the customers and the options
 * hold, and bad requests refused without a change.
 */
public class FileManagerModesTest {
    private static final long MB = 1024 * 1024;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final FakeCatalog catalog = new FakeCatalog();
    private final FakeBackupService backupService = new FakeBackupService(catalog);
    /** The family the suppliers area reports: four positions, the first online. */
    private final List<SupplierDTO> family = new ArrayList<>();
    /** The customers whose data I keep. */
    private final List<CustomerDTO> customerList = new ArrayList<>();
    private final SuppliersFunctions suppliers = new SuppliersFunctions();
    private final CustomersFunctions customers = new CustomersFunctions();
    private ConfigService config;
    private ConfigFunctions configFunctions;
    private Api api;
    private Path reports;
    private Path a;
    private Path sub;
    private Path b;


    @Before
    public void setUp() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        config = new Options(data.resolve("options.properties"), null, Map.of());
        config.declare(List.of(
                Option.of("services/backups/max-block-size", OptionType.DISK_SPACE, "128 MB", "max block"),
                Option.of("logs/debug-level", OptionType.POSITIVE_INTEGER, "0", "log level"),
                Option.of("services/backups/enabled", OptionType.BOOLEAN, "true", "backups"),
                Option.of("interface/api/rest-http-port", OptionType.PORT, "8180", "API port")));
        configFunctions = new ConfigFunctions(data);
        configFunctions.config.bind("config", config);

        BackupsFunctions backups = new BackupsFunctions();
        backups.catalog.bind("catalog", catalog);
        backups.backups.bind("backups", backupService);
        for (int position = 0; position < 4; position++) {
            SupplierDTO supplier = new SupplierDTO();
            supplier.position = position;
            supplier.idurl = "http://127.0.0.1:8084/supplier" + position + ".json";
            supplier.online = position == 0;
            supplier.contract = "active";
            supplier.allocatedBytes = 100 * MB;
            supplier.usedBytes = 86955072 / 4;
            family.add(supplier);
        }
        suppliers.suppliers.bind("suppliers", new Suppliers());
        for (String name : List.of("bob", "carol", "dave")) {
            CustomerDTO customer = new CustomerDTO();
            customer.idurl = "http://127.0.0.1:8084/" + name + ".json";
            customer.allocatedBytes = 1024 * MB;
            customer.usedBytes = 7246256;
            customerList.add(customer);
        }
        customers.customers.bind("customers", new Customers());
        api = new Api(new AreaService<>(ProcessFunctions.AREA), data, Map.of(), "test").add(configFunctions)
                .add(customers).add(suppliers).add(backups);

        reports = tmp.newFolder("home", "reports").toPath();
        a = Files.write(reports.resolve("a.txt"), new byte[100]);
        sub = Files.createDirectory(reports.resolve("sub"));
        b = Files.write(sub.resolve("b.txt"), new byte[2000]);
        ok(api.call("backup_tree_add", Map.of("dirpath", reports.toString())));
    }

    /** A neighbour's interface stand-in: my family of suppliers and the space my contracts give me. */
    private final class Suppliers implements SupplierService {
        @Override
        public List<SupplierDTO> suppliers() {
            return List.copyOf(family);
        }

        @Override
        public Optional<IdUrl> supplier(int position) {
            return Optional.of(IdUrl.parse(family.get(position).idurl));
        }

        @Override
        public SupplierDTO replace(int position) {
            throw new UnsupportedOperationException("not asked by the file manager");
        }

        @Override
        public SupplierDTO change(int position, IdUrl newSupplier) {
            throw new UnsupportedOperationException("not asked by the file manager");
        }

        @Override
        public List<SupplierDTO> ping() {
            return suppliers();
        }

        @Override
        public SpaceConsumedDTO space() {
            SpaceConsumedDTO space = new SpaceConsumedDTO();
            space.neededBytes = 100 * MB;
            space.suppliers = family.size();
            space.activeSuppliers = (int) family.stream().filter(s -> "active".equals(s.contract)).count();
            space.eccMap = "ecc/4x4";
            space.allocatedBytes = family.stream().mapToLong(s -> s.allocatedBytes).sum();
            space.usedBytes = family.stream().mapToLong(s -> s.usedBytes).sum();
            return space;
        }

        @Override
        public AutoCloseable subscribe(IntConsumer listener) {
            return () -> { };
        }
    }

    /** A neighbour's interface stand-in: the space I donate, 8 GB, and the customers using it. */
    private final class Customers implements CustomerService {
        @Override
        public List<CustomerDTO> customers() {
            return List.copyOf(customerList);
        }

        @Override
        public CustomerDTO reject(IdUrl customer) {
            throw new UnsupportedOperationException("not asked by the file manager");
        }

        @Override
        public List<CustomerDTO> ping() {
            return customers();
        }

        @Override
        public SpaceDonatedDTO space() {
            SpaceDonatedDTO space = new SpaceDonatedDTO();
            space.donatedBytes = 8192 * MB;
            space.allocatedBytes = customerList.stream().mapToLong(c -> c.allocatedBytes).sum();
            space.usedBytes = customerList.stream().mapToLong(c -> c.usedBytes).sum();
            space.freeBytes = space.donatedBytes - space.usedBytes;
            space.customers = List.copyOf(customerList);
            return space;
        }

        @Override
        public Map<String, Long> refusals() {
            return Map.of();
        }
    }

    @Test
    public void statsAnswersTheSeedsFieldsFromTheCatalogTheSuppliersAndTheCustomers() {
        double before = System.currentTimeMillis() / 1000.0;
        Map<?, ?> stats = (Map<?, ?>) ok(api.call("filemanager", Map.of("params", Map.of("mode", "stats"))));
        double after = System.currentTimeMillis() / 1000.0;

        // the folders above reports, reports and sub; a.txt and b.txt
        long folders = reports.getNameCount() + 1;
        assertEquals(2L, stats.get("files_count"));
        assertEquals(folders, stats.get("folders_count"));
        assertEquals(folders + 2, stats.get("items_count"));
        assertEquals(2100L, stats.get("bytes_indexed"));
        assertEquals(8192 * MB, stats.get("bytes_donated"));
        assertEquals("8 GB", stats.get("value_donated"));
        assertEquals(3 * 7246256L, stats.get("bytes_used_supplier"));
        assertEquals(3L, stats.get("customers"));
        assertEquals(100 * MB, stats.get("bytes_needed"));
        assertEquals("100 MB", stats.get("value_needed"));
        assertEquals(86955072L, stats.get("bytes_used_total"));
        assertEquals("82.93 MB", stats.get("value_used_total"));
        assertEquals(4L, stats.get("max_suppliers"));
        assertEquals(4, stats.get("suppliers"));
        assertEquals(1L, stats.get("online_suppliers"));
        double timestamp = (Double) stats.get("timestamp");
        assertTrue(before + " <= " + timestamp + " <= " + after, timestamp >= before && timestamp <= after);
        assertEquals(stats.keySet(), ((Map<?, ?>) ok(api.call("filemanager_stats", Map.of()))).keySet());
    }

    @Test
    public void statsFollowsTheBackendsAsTheyChange() {
        ok(api.call("backup_delete_path", Map.of("localPath", b.toString())));
        family.get(2).online = true;
        customerList.remove(0);

        Map<?, ?> stats = (Map<?, ?>) ok(api.call("filemanager_stats", Map.of()));
        assertEquals(1L, stats.get("files_count"));
        assertEquals(100L, stats.get("bytes_indexed"));
        assertEquals(reports.getNameCount() + 2L, stats.get("items_count"));
        assertEquals(2L, stats.get("online_suppliers"));
        assertEquals(2L, stats.get("customers"));
        assertEquals(2 * 7246256L, stats.get("bytes_used_supplier"));
    }

    @Test
    public void statsCountsTheCatalogWhileTheStorageAreasAreStopped() {
        suppliers.suppliers.unbind("suppliers");
        customers.customers.unbind("customers");
        Map<?, ?> stats = (Map<?, ?>) ok(api.call("filemanager_stats", Map.of()));
        assertEquals(2L, stats.get("files_count"));
        assertEquals(2100L, stats.get("bytes_indexed"));
        assertEquals(0L, stats.get("bytes_donated"));
        assertEquals(0, stats.get("suppliers"));
        assertEquals(0L, stats.get("online_suppliers"));
        assertEquals("0 bytes", stats.get("value_used_total"));
    }

    @Test
    public void listAnswersTheItemsOfAFolderWithTheirNamesAndVersions() {
        String reportsId = id(reports);
        String aId = id(a);
        ok(api.call("backup_start_id", Map.of("pathID", aId)));
        String backupId = backupService.runNext().backupId();
        backupService.finishRunning(1, 100, 1, 100);

        List<?> items = (List<?>) ok(api.call("filemanager", Map.of("json_request",
                Map.of("params", Map.of("mode", "list", "id", reportsId)))));
        assertEquals(List.of("a.txt", "sub"), names(items).stream().sorted().collect(Collectors.toList()));
        Map<?, ?> first = named(items, "a.txt");
        assertEquals(aId, first.get("id"));
        assertEquals(a.toString(), first.get("path"));
        assertEquals("file", first.get("type"));
        assertEquals(100L, first.get("size"));
        List<?> versions = (List<?>) first.get("versions");
        assertEquals(1, versions.size());
        assertEquals(backupId, ((Map<?, ?>) versions.get(0)).get("backup_id"));
        assertEquals("complete", ((Map<?, ?>) versions.get(0)).get("state"));
        Map<?, ?> folder = named(items, "sub");
        assertEquals(id(sub), folder.get("id"));
        assertEquals("parent", folder.get("type"));

        assertEquals(List.of("b.txt"), names(ok(api.call("filemanager_list", Map.of("params",
                Map.of("id", id(sub)))))));
        assertEquals("a file holds nothing", List.of(), ok(api.call("filemanager_list", Map.of("params",
                Map.of("id", aId)))));
    }

    @Test
    public void listWithoutAnIdOrWithSlashAnswersTheTopLevelItems() {
        List<?> top = (List<?>) ok(api.call("filemanager_list", Map.of()));
        assertEquals(List.of(reports.getName(0).toString()), names(top));
        assertEquals("/" + reports.getName(0), ((Map<?, ?>) top.get(0)).get("path"));
        assertEquals("parent", ((Map<?, ?>) top.get(0)).get("type"));
        assertEquals(top, ok(api.call("filemanager_list", Map.of("params", Map.of("id", "/")))));
        assertEquals(top, ok(api.call("filemanager", Map.of("params", "{\"mode\": \"list\", \"id\": \"\"}"))));
    }

    @Test
    public void listRefusesAnIdThatIsNotText() {
        error(api.call("filemanager_list", Map.of("params", Map.of("id", 0))), ErrorCode.INVALID_ARGUMENT,
                "the file manager's id must be text");
        error(api.call("filemanager_list", Map.of("params", Map.of("id", List.of("0")))), ErrorCode.INVALID_ARGUMENT,
                "the file manager's id must be text");
    }

    @Test
    public void deleteByIdOrByPathDeletesTheItemWithEverythingUnderIt() {
        String aId = id(a);
        String subId = id(sub);
        assertEquals("item " + aId + " was deleted from remote peers", ok(api.call("filemanager",
                Map.of("params", Map.of("mode", "delete", "id", aId)))));
        assertTrue(catalog.item(aId).isEmpty());

        assertEquals("item " + subId + " was deleted from remote peers", ok(api.call("filemanager_delete",
                Map.of("params", Map.of("path", sub.toString())))));
        assertTrue(catalog.itemByLocalPath(sub.toString()).isEmpty());
        assertTrue("b.txt went with its folder", catalog.itemByLocalPath(b.toString()).isEmpty());
        assertEquals(List.of(), ok(api.call("filemanager_list", Map.of("params", Map.of("id", id(reports))))));
    }

    @Test
    public void deleteVersionDeletesOnlyThatVersion() {
        String aId = id(a);
        ok(api.call("backup_start_id", Map.of("pathID", aId)));
        String older = backupService.runNext().backupId();
        backupService.finishRunning(1, 100, 1, 100);
        ok(api.call("backup_start_id", Map.of("pathID", aId)));
        String newer = backupService.runNext().backupId();
        backupService.finishRunning(1, 100, 1, 100);

        assertEquals("version " + older + " was deleted from remote peers", ok(api.call("filemanager_deleteversion",
                Map.of("params", Map.of("backupid", older)))));
        assertEquals(List.of(newer), catalog.versions(aId).stream().map(v -> v.backupId())
                .collect(Collectors.toList()));
        assertTrue("the item stays", catalog.item(aId).isPresent());
    }

    @Test
    public void deleteOfAnUnknownIdOrPathOrAMalformedRequestIsRefusedAndDeletesNothing() {
        long revision = catalog.revision();
        error(api.call("filemanager_delete", Map.of("params", Map.of("id", "9/9"))), ErrorCode.NOT_FOUND,
                "no item or version 9/9 in the catalog");
        error(api.call("filemanager_delete", Map.of("params", Map.of("path", reports.resolve("gone").toString()))),
                ErrorCode.NOT_FOUND, "the catalog has no item for " + reports.resolve("gone"));
        error(api.call("filemanager_delete", Map.of("params", Map.of("path", "sub"))), ErrorCode.INVALID_ARGUMENT,
                "localPath must be an absolute path, not 'sub'");
        error(api.call("filemanager_delete", Map.of("params", Map.of("path", 5))), ErrorCode.INVALID_ARGUMENT,
                "the file manager's path must be text");
        error(api.call("filemanager_delete", Map.of("params", Map.of("id", ""))), ErrorCode.INVALID_ARGUMENT,
                "the file manager's request needs id");
        error(api.call("filemanager_delete", Map.of()), ErrorCode.INVALID_ARGUMENT,
                "the file manager's request needs id");
        error(api.call("filemanager_deleteversion", Map.of("params", Map.of("id", id(a)))),
                ErrorCode.INVALID_ARGUMENT, "the file manager's request needs backupid");
        error(api.call("filemanager_deleteversion", Map.of("params", Map.of("backupid", id(a) + "/F20160313043419PM"))),
                ErrorCode.NOT_FOUND, "no item or version " + id(a) + "/F20160313043419PM in the catalog");
        assertEquals(revision, catalog.revision());
        assertTrue(catalog.itemByLocalPath(b.toString()).isPresent());
    }

    @Test
    public void configAnswersEveryOptionSortedByKeyWithItsValue() {
        ok(api.call("config_set", Map.of("key", "logs/debug-level", "value", "10")));
        List<?> options = (List<?>) ok(api.call("filemanager", Map.of("params", Map.of("mode", "config"))));
        assertEquals(List.of("interface/api/rest-http-port", "logs/debug-level", "services/backups/enabled",
                "services/backups/max-block-size"), options.stream().map(o -> ((Map<?, ?>) o).get("key"))
                .collect(Collectors.toList()));
        Map<?, ?> level = (Map<?, ?>) options.get(1);
        assertEquals("10", level.get("value"));
        assertEquals("positive integer", level.get("type"));
        assertEquals("128 MB", ((Map<?, ?>) options.get(3)).get("value"));
        assertEquals(options, ok(api.call("filemanager_config", Map.of())));
    }

    @Test
    public void configWhileTheConfigAreaIsStoppedSaysSo() {
        configFunctions.config.unbind("config");
        error(api.call("filemanager_config", Map.of()), ErrorCode.UNAVAILABLE, "config is not running");
        error(api.call("filemanager_config", Map.of("params", Map.of("mode", "stats"))), ErrorCode.INVALID_ARGUMENT,
                "filemanager_config is mode config, but params say mode 'stats'");
    }

    private String id(Path path) {
        return catalog.itemByLocalPath(path.toString()).orElseThrow().pathId();
    }

    private static Map<?, ?> named(List<?> items, String name) {
        return (Map<?, ?>) items.stream().filter(item -> name.equals(((Map<?, ?>) item).get("name"))).findFirst()
                .orElseThrow();
    }

    private static List<Object> names(Object items) {
        return ((List<?>) items).stream().map(item -> ((Map<?, ?>) item).get("name")).collect(Collectors.toList());
    }
}
