package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.config.internal.Options;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ApiTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<String> processCalls = new ArrayList<>();
    private volatile ProcessControl.Startup startup = ProcessControl.Startup.UP;
    private ConfigService config;
    private ConfigFunctions configArea;
    private NetworkFunctions network;
    private final CustomersFunctions customers = new CustomersFunctions();
    private final SuppliersFunctions suppliers = new SuppliersFunctions();
    private final BackupsFunctions backups = new BackupsFunctions();
    private final RestoresFunctions restores = new RestoresFunctions();
    private final MessagesFunctions messages = new MessagesFunctions();
    private Api api;

    @Before
    public void setUp() {
        Path data = tmp.getRoot().toPath();
        config = new Options(data.resolve("options.properties"), null, Map.of());
        config.declare(List.of(
                Option.of("logs/debug-level", OptionType.POSITIVE_INTEGER, "0", "log level"),
                Option.of("interface/api/rest-http-port", OptionType.PORT, "8180", "API port"),
                Option.of("services/backups/max-block-size", OptionType.DISK_SPACE, "128 MB", "max block"),
                Option.of("services/backups/enabled", OptionType.BOOLEAN, "true", "backups")));
        ProcessControl control = new ProcessControl() {
            @Override
            public ProcessControl.Startup startup() {
                return startup;
            }

            @Override
            public void stop() {
                processCalls.add("stop");
            }

            @Override
            public void restart() {
                processCalls.add("restart");
            }
        };
        AreaService<ProcessControl> process = new AreaService<>(ProcessFunctions.AREA);
        process.bind("control", control);
        configArea = new ConfigFunctions(data);
        configArea.config.bind("config", config);
        network = new NetworkFunctions();
        api = new Api(process, data, Map.of(), "0.1.0").add(configArea)
                .add(new IdentityFunctions()).add(network).add(customers).add(suppliers)
                .add(backups).add(restores).add(messages);
    }

    @Test
    public void listenersHearAreasJoinAndLeaveAndOnlyThatAreasFunctionsGo() {
        List<String> heard = new ArrayList<>();
        BitDustApi.Subscription subscription = api.subscribe(() -> heard.add(api.function("ping").isPresent()
                ? "with ping" : "without ping"));
        api.remove(network);
        assertTrue(api.function("config_get").isPresent());
        api.add(network);
        subscription.close();
        api.remove(network);
        assertEquals(List.of("without ping", "with ping"), heard);
    }

    @Test
    public void supplierFunctionsTakeAPositionOrTheSuppliersIdurl() {
        List<String> calls = new ArrayList<>();
        SupplierDTO bob = new SupplierDTO();
        bob.position = 1;
        bob.idurl = "http://127.0.0.1:8084/bob.json";
        bob.contract = "active";
        suppliers.suppliers.bind("suppliers", new SupplierService() {
            @Override
            public List<SupplierDTO> suppliers() {
                return List.of(new SupplierDTO(), bob);
            }

            @Override
            public java.util.Optional<IdUrl> supplier(int position) {
                return java.util.Optional.empty();
            }

            @Override
            public SupplierDTO replace(int position) {
                calls.add("replace " + position);
                return bob;
            }

            @Override
            public SupplierDTO change(int position, IdUrl newSupplier) {
                calls.add("change " + position + " " + newSupplier);
                return bob;
            }

            @Override
            public List<SupplierDTO> ping() {
                return suppliers();
            }

            @Override
            public SpaceConsumedDTO space() {
                return new SpaceConsumedDTO();
            }

            @Override
            public AutoCloseable subscribe(java.util.function.IntConsumer listener) {
                return () -> { };
            }
        });
        ApiResult replaced = api.call("supplier_replace", Map.of("index_or_idurl", "http://127.0.0.1:8084/bob.json"));
        assertTrue(replaced.errors().toString(), replaced.ok());
        assertEquals(1, ((Map<?, ?>) replaced.result()).get("position"));
        assertTrue(api.call("supplier_change", Map.of("index_or_idurl", "0", "new_idurl",
                "http://127.0.0.1:8084/carol.json")).ok());
        error(api.call("supplier_replace", Map.of("index_or_idurl", "http://127.0.0.1:8084/dave.json")),
                ErrorCode.NOT_FOUND, "dave.json is not one of my suppliers");
        assertEquals(List.of("replace 1", "change 0 http://127.0.0.1:8084/carol.json"), calls);
        Map<?, ?> health = (Map<?, ?>) api.call("process_health", Map.of()).result();
        assertEquals(Map.of("positions", 2, "active", 1L, "online", 0L), health.get("suppliers"));
    }

    @Test
    public void configGetAnswersInTheSeedShape() {
        ApiResult r = api.call("config_get", Map.of("key", "logs/debug-level"));
        assertTrue(r.ok());
        assertEquals(List.of(Map.of("key", "logs/debug-level", "type", "positive integer", "range", "0 to 2147483647",
                "description", "log level", "value", "0")), r.result());
        ApiResult prefix = api.call("config_get", Map.of("key", "services/backups"));
        assertEquals(2, ((List<?>) prefix.result()).size());
        ApiResult fallback = api.call("config_get", Map.of("key", "no/such", "default", "x"));
        assertEquals("x", ((Map<?, ?>) ((List<?>) fallback.result()).get(0)).get("value"));
    }

    @Test
    public void configSetReturnsOldAndNewValue() {
        ApiResult r = api.call("config_set", Map.of("key", "logs/debug-level", "value", "10"));
        assertTrue(r.errors().toString(), r.ok());
        assertEquals(List.of(Map.of("key", "logs/debug-level", "type", "positive integer", "range", "0 to 2147483647",
                "description", "log level", "old_value", "0", "value", "10")), r.result());
        assertEquals("10", config.get("logs/debug-level").value());
        assertTrue(api.call("config_set", Map.of("key", "logs/debug-level", "value", 12, "typ", "positive integer"))
                .ok());
    }

    @Test
    public void configListCanSort() {
        List<?> declared = (List<?>) api.call("config_list", Map.of()).result();
        assertEquals("logs/debug-level", ((Map<?, ?>) declared.get(0)).get("key"));
        List<?> sorted = (List<?>) api.call("config_list", Map.of("sort", "true")).result();
        assertEquals("interface/api/rest-http-port", ((Map<?, ?>) sorted.get(0)).get("key"));
        assertEquals(4, sorted.size());
    }

    @Test
    public void badInputGetsAnErrorNamingTheProblemAndChangesNothing() {
        error(api.call("config_set", Map.of("key", "logs/debug-level", "value", "loud")), ErrorCode.INVALID_ARGUMENT,
                "takes a positive integer");
        error(api.call("config_set", Map.of("key", "logs/debug-level", "value", "3", "typ", "string")),
                ErrorCode.INVALID_ARGUMENT, "is a 'positive integer', not a 'string'");
        error(api.call("config_set", Map.of("key", "nope/nothing", "value", "3")), ErrorCode.NOT_FOUND,
                "unknown option 'nope/nothing'");
        error(api.call("config_set", Map.of("key", "logs/debug-level")), ErrorCode.INVALID_ARGUMENT,
                "missing parameter 'value'");
        error(api.call("config_get", Map.of("key", "logs/debug-level", "colour", "red")), ErrorCode.INVALID_ARGUMENT,
                "unknown parameter 'colour'");
        error(api.call("config_list", Map.of("sort", "maybe")), ErrorCode.INVALID_ARGUMENT,
                "parameter 'sort' of config_list must be a boolean");
        error(api.call("config_set", Map.of("key", List.of(), "value", "1")), ErrorCode.INVALID_ARGUMENT,
                "parameter 'key' of config_set must be a string");
        error(api.call("launch_rockets", Map.of()), ErrorCode.NOT_FOUND, "unknown API function 'launch_rockets'");
        assertEquals("0", config.get("logs/debug-level").value());
    }

    @Test
    public void aStoppedAreaFailsOnlyItsOwnFunctions() {
        configArea.config.unbind("config");
        error(api.call("config_list", Map.of()), ErrorCode.UNAVAILABLE, "config is not running");
        assertTrue("still listed", api.function("config_list").isPresent());
        ApiResult health = api.call("process_health", Map.of());
        assertTrue(health.ok());
        assertEquals("not running", areas(health).get("config"));
        assertEquals("stopped", api.call("stop", Map.of()).result());
        configArea.config.bind("config again", config);
        assertTrue(api.call("config_list", Map.of()).ok());
    }

    @Test
    public void anAreaThatArrivesLaterServesItsFunctions() {
        error(api.call("transports_list", Map.of()), ErrorCode.UNAVAILABLE, "network is not running");
        assertEquals("not running", areas(api.call("process_health", Map.of())).get("network"));
        assertTrue("the other areas answer", api.call("config_get", Map.of("key", "logs/debug-level")).ok());

        network.gateway.bind("gateway", new StubGateway(StubGateway.transport("tcp", "active", null)));
        ApiResult transports = api.call("transports_list", Map.of());
        assertTrue(transports.errors().toString(), transports.ok());
        assertEquals("tcp", ((Map<?, ?>) ((List<?>) transports.result()).get(0)).get("protocol"));
        ApiResult health = api.call("process_health", Map.of());
        assertEquals("running", areas(health).get("network"));
        assertEquals(1, ((List<?>) ((Map<?, ?>) health.result()).get("transports")).size());

        network.gateway.unbind("an older gateway");
        assertTrue("an unbind of another service leaves the running one", api.call("transports_list", Map.of())
                .ok());
        network.gateway.unbind("gateway");
        error(api.call("transports_list", Map.of()), ErrorCode.UNAVAILABLE, "network is not running");
    }

    @Test
    public void anAreaJoinsAndLeavesTheCatalogueWithAllItsFunctions() {
        Api bare = new Api(new AreaService<>(ProcessFunctions.AREA), tmp.getRoot().toPath(), Map.of(), "0.1.0");
        assertTrue(bare.function("process_health").isPresent());
        assertTrue(bare.function("filemanager").isPresent());
        assertFalse(bare.function("list_messages").isPresent());
        assertFalse(bare.function("backups_list").isPresent());
        assertFalse(bare.function("ping").isPresent());
        error(bare.call("stop", Map.of()), ErrorCode.UNAVAILABLE, "process is not running");

        NetworkFunctions late = new NetworkFunctions();
        bare.add(late);
        error(bare.call("ping", Map.of("idurl", "http://127.0.0.1:8084/bob.json")), ErrorCode.UNAVAILABLE,
                "network is not running");
        assertEquals(Map.of("process", "not running", "network", "not running"),
                areas(bare.call("process_health", Map.of())));
        ApiArea impostor = new ApiArea() {
            @Override
            public String name() {
                return "impostor";
            }

            @Override
            public List<Operation> operations() {
                return List.of(Operation.named("ping", name(), "not the network's ping").does(args -> "pong"));
            }

            @Override
            public List<AreaService<?>> services() {
                return List.of();
            }

            @Override
            public void health(Map<String, Object> health, List<String> warnings) {
            }
        };
        bare.add(impostor);
        assertEquals("the first area keeps a function's name", "network",
                bare.function("ping").orElseThrow().area());
        bare.remove(impostor);
        assertEquals("network", bare.function("ping").orElseThrow().area());

        bare.remove(late);
        assertFalse(bare.function("ping").isPresent());
        assertFalse(bare.function("transports_list").isPresent());
        assertEquals(Map.of("process", "not running"), areas(bare.call("process_health", Map.of())));
    }

    private static Map<?, ?> areas(ApiResult health) {
        assertTrue(health.errors().toString(), health.ok());
        return (Map<?, ?>) ((Map<?, ?>) health.result()).get("areas");
    }

    @Test
    public void everySeedFunctionIsListedAndThoseNotBuiltSaySo() {
        List<String> names = new ArrayList<>();
        api.functions().forEach(f -> names.add(f.name()));
        for (String seed : new String[] {"stop", "restart", "show", "config_get", "config_set", "config_list",
            "filemanager", "backups_update", "backups_list", "backups_id_list", "backup_start_id",
            "backup_start_path", "backup_dir_add", "backup_file_add", "backup_tree_add", "backup_delete_local",
            "backup_delete_id", "backup_delete_path", "backups_queue", "backups_running", "backup_cancel_pending",
            "backup_abort_running", "restore_single", "restores_running", "restore_abort", "suppliers_list",
            "supplier_replace", "supplier_change", "suppliers_ping", "customers_list", "customer_reject",
            "customers_ping", "space_donated", "space_consumed", "ping", "list_messages", "send_message",
            "list_correspondents", "add_correspondent", "remove_correspondent", "find_peer_by_nickname",
            "identity_get", "identity_create", "identity_backup", "identity_recover", "process_health"}) {
            assertTrue(seed + " is listed", names.contains(seed));
        }
        assertEquals("every area is built", List.of(), api.functions().stream().filter(f -> !f.available())
                .map(ApiFunction::name).collect(java.util.stream.Collectors.toList()));
        error(api.call("list_messages", Map.of()), ErrorCode.UNAVAILABLE, "messages is not running");
        error(api.call("send_message", Map.of("recipient", "http://127.0.0.1:8084/bob.json", "message_body", "hi")),
                ErrorCode.UNAVAILABLE, "messages is not running");
        error(api.call("ping", Map.of("idurl", "http://127.0.0.1:8084/bob.json")), ErrorCode.UNAVAILABLE,
                "network is not running");
        error(api.call("identity_get", Map.of()), ErrorCode.UNAVAILABLE, "identity is not running");
        error(api.call("customers_list", Map.of()), ErrorCode.UNAVAILABLE, "customers is not running");
        error(api.call("suppliers_list", Map.of()), ErrorCode.UNAVAILABLE, "suppliers is not running");
        error(api.call("backups_list", Map.of()), ErrorCode.UNAVAILABLE, "catalog is not running");
        error(api.call("backups_running", Map.of()), ErrorCode.UNAVAILABLE, "backups is not running");
        ApiFunction restore = api.function("restore_single").orElseThrow();
        assertTrue(restore.available());
        assertEquals("destinationPath", restore.parameters().get(1).name());
        error(api.call("restore_single", Map.of("pathID_or_backupID_or_localPath", "0/0/1")), ErrorCode.UNAVAILABLE,
                "restores is not running");
        error(api.call("backups_update", Map.of()), ErrorCode.UNAVAILABLE, "backups is not running");
    }

    @Test
    public void healthSaysStartingUntilEveryPartIsUpAndNamesWhatFailed() {
        startup = new ProcessControl.Startup(List.of("SuppliersComponent (waits for Gateway)"), List.of());
        Map<?, ?> health = (Map<?, ?>) api.call("process_health", Map.of()).result();
        assertEquals("starting", health.get("status"));
        assertEquals(List.of("SuppliersComponent (waits for Gateway)"), health.get("waiting_for"));
        assertFalse(health.containsKey("failed"));

        startup = new ProcessControl.Startup(List.of("Karaf's boot features"),
                List.of("io.bitdust.backup: java.lang.IllegalStateException: no disk"));
        health = (Map<?, ?>) api.call("process_health", Map.of()).result();
        assertEquals("failed", health.get("status"));
        assertEquals(List.of("io.bitdust.backup: java.lang.IllegalStateException: no disk"), health.get("failed"));

        startup = ProcessControl.Startup.UP;
        health = (Map<?, ?>) api.call("process_health", Map.of()).result();
        assertEquals("running", health.get("status"));
        assertFalse(health.containsKey("waiting_for"));
        assertFalse(health.containsKey("failed"));
    }

    @Test
    public void stopAndRestartGoThroughProcessControl() throws Exception {
        assertEquals("stopped", api.call("stop", Map.of()).result());
        assertEquals("restarted", api.call("restart", Map.of("showgui", true)).result());
        assertEquals(List.of("stop", "restart"), processCalls);
        Path request = tmp.getRoot().toPath().resolve("show-gui-after-restart");
        assertTrue(Files.exists(request));
        assertFalse("the node came back, its HTTP gateway not yet: the request waits for it",
                api.showIfAskedBeforeRestart());
        assertTrue(Files.exists(request));
        Files.writeString(tmp.getRoot().toPath().resolve("api.url"), "http://127.0.0.1:43817/\n");
        assertTrue("the gateway serves the page: it is shown", api.showIfAskedBeforeRestart());
        assertFalse("the request to show is used once", Files.exists(request));
        assertTrue("nothing more to show", api.showIfAskedBeforeRestart());
        api.call("restart", Map.of("showgui", true));
        api.forgetShowRequest(Duration.ofMinutes(2));
        assertFalse("a request the gateway did not serve in time is given up", Files.exists(request));
    }

    @Test
    public void showWithoutADisplaySaysSoAndGivesTheAddressWhereTheGatewayReallyListens() throws Exception {
        error(api.call("show", Map.of()), ErrorCode.UNAVAILABLE, "the HTTP gateway is not running");
        Files.writeString(tmp.getRoot().toPath().resolve("apisecret"), "s3cret\n");
        Files.writeString(tmp.getRoot().toPath().resolve("api.url"), "http://127.0.0.1:43817/\n");
        ApiResult r = api.call("show", Map.of());
        assertTrue(r.ok());
        assertEquals("the gateway fell back from the option's port 8180 to 43817; show follows the gateway",
                "there is no display on this machine: open http://127.0.0.1:43817/#secret=s3cret in a browser",
                r.result());
    }

    @Test
    public void theFileManagerTakesTheSeedsRequestShapesAndAliases() {
        Map<String, Object> stats = Map.of("params", Map.of("mode", "stats"));
        for (ApiResult answer : List.of(api.call("filemanager", stats),
                api.call("filemanager", Map.of("json_request", stats)),
                api.call("filemanager", Map.of("json_request", "{\"params\": {\"mode\": \"stats\"}}")),
                api.call("filemanager_stats", Map.of()))) {
            assertTrue(answer.errors().toString(), answer.ok());
            Map<?, ?> result = (Map<?, ?>) answer.result();
            assertEquals("areas that are not running count as empty", 0L, result.get("items_count"));
            assertEquals("0 bytes", result.get("value_donated"));
            assertTrue(result.keySet().containsAll(List.of("bytes_donated", "bytes_indexed", "bytes_needed",
                    "bytes_used_supplier", "bytes_used_total", "customers", "files_count", "folders_count",
                    "max_suppliers", "online_suppliers", "suppliers", "timestamp", "value_needed",
                    "value_used_total")));
        }
        error(api.call("filemanager", Map.of("params", "{\"mode\": \"list\", \"path\": \"/\"}")),
                ErrorCode.UNAVAILABLE, "catalog is not running");
        error(api.call("filemanager_list", Map.of("params", Map.of("path", "/"))), ErrorCode.UNAVAILABLE,
                "catalog is not running");
        error(api.call("filemanager_tasks", Map.of()), ErrorCode.UNAVAILABLE, "backups is not running");
        error(api.call("filemanager_upload", Map.of()), ErrorCode.INVALID_ARGUMENT,
                "the file manager's request needs path");
        ApiResult local = api.call("filemanager_listlocal", Map.of("params", Map.of("path",
                tmp.getRoot().toString())));
        assertTrue(local.errors().toString(), local.ok());
        assertEquals(tmp.getRoot().toString(), ((Map<?, ?>) local.result()).get("path"));
        assertTrue(api.function("filemanager_deleteversion").orElseThrow().available());

        error(api.call("filemanager", Map.of("json_request", "{\"params\": ")), ErrorCode.INVALID_ARGUMENT,
                "json_request is not valid JSON");
        error(api.call("filemanager", Map.of("json_request", List.of(1))), ErrorCode.INVALID_ARGUMENT,
                "json_request must be a JSON object");
        error(api.call("filemanager", Map.of("json_request", Map.of("mode", "stats"))), ErrorCode.INVALID_ARGUMENT,
                "json_request must hold \"params\"");
        error(api.call("filemanager", Map.of("params", Map.of("mode", "nuke"))), ErrorCode.INVALID_ARGUMENT,
                "unknown file manager mode 'nuke'");
        error(api.call("filemanager", Map.of()), ErrorCode.INVALID_ARGUMENT, "missing request for filemanager");
        error(api.call("filemanager_stats", Map.of("params", Map.of("mode", "list"))), ErrorCode.INVALID_ARGUMENT,
                "filemanager_stats is mode stats, but params say mode 'list'");
    }

    @Test
    public void errorsNeverPrintAJavaMapOrAControlCharacter() {
        ApiResult map = api.call("config_set", Map.of("key", Map.of("secret", "x"), "value", "1"));
        error(map, ErrorCode.INVALID_ARGUMENT, "parameter 'key' of config_set must be a string, not an object");
        assertFalse(map.errors().get(0), map.errors().get(0).contains("secret=x"));
        ApiResult unknown = api.call("launch\u0000\nrockets", Map.of());
        error(unknown, ErrorCode.NOT_FOUND, "unknown API function 'launch\\0\\nrockets'");
        ApiResult parameter = api.call("config_list", Map.of("so\rrt", true));
        error(parameter, ErrorCode.INVALID_ARGUMENT, "unknown parameter 'so\\rrt'");
    }

    @Test
    public void everyPathParameterIsCheckedInOnePlaceBeforeTheFunctionRuns() throws Exception {
        Path file = tmp.newFile("notes.txt").toPath();
        error(api.call("backup_dir_add", Map.of("dirpath", file.toString())), ErrorCode.INVALID_ARGUMENT,
                "dirpath " + file + " is not a folder: it is a regular file");
        error(api.call("backup_file_add", Map.of("filepath", "/dev/zero")), ErrorCode.INVALID_ARGUMENT,
                "filepath /dev/zero is not a regular file: it is a device, pipe, socket or other special file");
        error(api.call("backup_start_path", Map.of("path", "/no/such/thing")), ErrorCode.NOT_FOUND,
                "path /no/such/thing does not exist");
        error(api.call("backup_delete_path", Map.of("localPath", "relative/thing")), ErrorCode.INVALID_ARGUMENT,
                "localPath must be an absolute path, not 'relative/thing'");
        error(api.call("restore_single", Map.of("pathID_or_backupID_or_localPath", "0/0/1", "destinationPath",
                "/tmp/a\u0000b")), ErrorCode.INVALID_ARGUMENT, "destinationPath '/tmp/a\\0b' has invalid characters");
        error(api.call("backup_delete_path", Map.of("localPath", "/gone/long/ago")), ErrorCode.UNAVAILABLE,
                "catalog is not running");
        error(api.call("backup_file_add", Map.of("filepath", file.toString())), ErrorCode.UNAVAILABLE,
                "catalog is not running");
    }

    @Test
    public void envelopesHaveTheSeedShape() {
        assertEquals(Map.of("status", "OK", "result", "stopped"), api.call("stop", Map.of()).toMap());
        Map<String, Object> error = api.call("nope", Map.of()).toMap();
        assertEquals("ERROR", error.get("status"));
        assertEquals(List.of("unknown API function 'nope'"), error.get("errors"));
        assertNull(error.get("result"));
    }

    private static void error(ApiResult r, ErrorCode code, String words) {
        assertFalse("expected an error", r.ok());
        assertEquals(code, r.code());
        assertTrue(r.errors() + " should say " + words, r.errors().get(0).contains(words));
    }
}
