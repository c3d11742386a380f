package io.bitdust.api.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.config.ConfigService;
import io.bitdust.config.OptionRelation;
import io.bitdust.config.OptionValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The config area: {@code config_get}, {@code config_set}, {@code config_list}: the options in the seed's shape
 * ({@code key}, {@code type}, {@code value}, and {@code old_value} after a change), with the values allowed
 * ({@code range}) and, for options tied to others, the rules they keep ({@code rules}); and, in process_health, a
 * warning when the API listens elsewhere than its port option says.
 */
final class ConfigFunctions implements ApiArea {
    static final String AREA = "config";

    final AreaService<ConfigService> config = new AreaService<>(AREA);
    private final Path dataFolder;

    /** @param dataFolder the node's data folder, where the HTTP gateway writes the address it listens on */
    ConfigFunctions(Path dataFolder) {
        this.dataFolder = dataFolder;
    }

    @Override
    public String name() {
        return AREA;
    }

    @Override
    public List<AreaService<?>> services() {
        return List.of(config);
    }

    @Override
    public List<Operation> operations() {
        return List.of(
                Operation.named("config_get", AREA,
                        "Show the value of an option, or of every option under a prefix such as services/backups")
                        .required("key", "option key or key prefix")
                        .optional("default", "string", null, "value shown when no such option exists")
                        .does(args -> get(args.string("key"), args.string("default"))),
                Operation.named("config_set", AREA,
                        "Set an option; the value is checked against its type and range, the rules tying it to other "
                                + "options, and its use (a port must be free)")
                        .required("key", "option key")
                        .required("value", "new value")
                        .optional("typ", "string", null, "expected type of the option, e.g. 'disk space'")
                        .does(args -> set(args.string("key"), args.string("value"), args.string("typ"))),
                Operation.named("config_list", AREA, "List every option with its type, range and value")
                        .optional("sort", "boolean", false, "sort by key")
                        .does(args -> list(args.bool("sort"))));
    }

    @Override
    public void health(Map<String, Object> health, List<String> warnings) {
        apiAddressWarning().ifPresent(warnings::add);
    }

    /** @return a warning when the API listens elsewhere than its option says: the port was busy at start */
    private Optional<String> apiAddressWarning() {
        ConfigService service = config.current();
        Path address = dataFolder.resolve(ProcessFunctions.API_ADDRESS_FILE);
        if (service == null || !Files.isRegularFile(address)) {
            return Optional.empty();
        }
        try {
            String url = Files.readString(address, StandardCharsets.US_ASCII).trim();
            String port = service.get(ProcessFunctions.API_PORT).value();
            return url.endsWith(":" + port + "/") ? Optional.empty() : Optional.of("the API port " + port + " ("
                    + ProcessFunctions.API_PORT + ") was busy when the node started; the API listens on " + url
                    + " instead");
        } catch (IOException | BitDustException e) {
            return Optional.empty();
        }
    }

    private ConfigService config() {
        return config.get();
    }

    private List<Map<String, Object>> get(String key, String defaultValue) {
        ConfigService service = config();
        String prefix = key.endsWith("/") ? key : key + "/";
        List<OptionValue> matches = service.list().stream()
                .filter(o -> o.key().equals(key) || o.key().startsWith(prefix))
                .sorted(Comparator.comparing(OptionValue::key))
                .collect(Collectors.toList());
        if (!matches.isEmpty()) {
            List<OptionRelation> rules = service.relations();
            return matches.stream().map(o -> entry(o, rules)).collect(Collectors.toList());
        }
        if (defaultValue != null) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", key);
            entry.put("type", "unknown");
            entry.put("value", defaultValue);
            return List.of(entry);
        }
        throw BitDustException.notFound("unknown option '" + key + "'");
    }

    private List<Map<String, Object>> set(String key, String value, String typ) {
        ConfigService service = config();
        String type = service.get(key).option().type().name();
        if (typ != null && !typ.isBlank() && !typ.trim().equals(type)) {
            throw BitDustException.invalid("option '" + key + "' is a '" + type + "', not a '" + typ.trim() + "'");
        }
        return List.of(entry(service.set(key, value), service.relations()));
    }

    private List<Map<String, Object>> list(boolean sort) {
        ConfigService service = config();
        List<OptionValue> values = service.list();
        if (sort) {
            values.sort(Comparator.comparing(OptionValue::key));
        }
        List<OptionRelation> rules = service.relations();
        return values.stream().map(o -> entry(o, rules)).collect(Collectors.toList());
    }

    private static Map<String, Object> entry(OptionValue value, List<OptionRelation> relations) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("key", value.key());
        entry.put("type", value.option().type().name());
        entry.put("range", value.option().type().range());
        entry.put("description", value.option().description());
        if (value.oldValue() != null) {
            entry.put("old_value", value.oldValue());
        }
        entry.put("value", value.value());
        List<String> rules = new ArrayList<>();
        for (OptionRelation relation : relations) {
            if (relation.options().stream().anyMatch(o -> o.key().equals(value.key()))) {
                rules.add(relation.rule());
            }
        }
        if (!rules.isEmpty()) {
            entry.put("rules", rules);
        }
        return entry;
    }
}
