package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiResult;
import io.bitdust.common.DiskSize;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.Option;
import io.bitdust.config.OptionRelation;
import io.bitdust.config.OptionType;
import io.bitdust.config.internal.Options;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigRangesTest {
    private static final OptionType SIZES = OptionType.diskSpace(DiskSize.parse("64 KB"), DiskSize.parse("32 MB"));
    private static final Option BLOCK = Option.of("services/backups/block-size", SIZES, "4 MB", "block");
    private static final Option MAX = Option.of("services/backups/max-block-size", SIZES, "32 MB", "max");
    private static final Option PORT = Option.of("interface/api/rest-http-port", OptionType.PORT, "8180", "API port");
    private static final String RULE = "services/backups/block-size must not be larger than "
            + "services/backups/max-block-size";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Api api;

    @Before
    public void setUp() {
        Path data = tmp.getRoot().toPath();
        Options config = new Options(data.resolve("options.properties"), null, Map.of());
        config.declare(List.of(PORT, BLOCK, MAX), List.of(OptionRelation.atMost(BLOCK, MAX)));
        ConfigFunctions area = new ConfigFunctions(data);
        area.config.bind("config", config);
        api = new Api(new AreaService<>(ProcessFunctions.AREA), data, Map.of(), "0.1.0").add(area);
    }

    private Map<?, ?> entry(ApiResult result, String key) {
        assertTrue(result.errors().toString(), result.ok());
        return ((List<?>) result.result()).stream().map(Map.class::cast).filter(e -> key.equals(e.get("key")))
                .findFirst().orElseThrow();
    }

    @Test
    public void configListShowsEachRangeAndTheRulesAnOptionKeeps() {
        ApiResult list = api.call("config_list", Map.of());
        Map<?, ?> block = entry(list, BLOCK.key());
        assertEquals("64 KB to 32 MB", block.get("range"));
        assertEquals(List.of(RULE), block.get("rules"));
        assertEquals(List.of(RULE), entry(list, MAX.key()).get("rules"));
        Map<?, ?> port = entry(list, PORT.key());
        assertEquals("1 to 65535", port.get("range"));
        assertFalse(port.containsKey("rules"));
        assertEquals(List.of("key", "type", "range", "description", "value", "rules"), List.copyOf(block.keySet()));
        assertEquals(BLOCK.description(), block.get("description"));
    }

    @Test
    public void configGetAndSetShowTheRangeToo() {
        assertEquals("64 KB to 32 MB", entry(api.call("config_get", Map.of("key", BLOCK.key())), BLOCK.key())
                .get("range"));
        Map<?, ?> set = entry(api.call("config_set", Map.of("key", MAX.key(), "value", "8 MB")), MAX.key());
        assertEquals("32 MB", set.get("old_value"));
        assertEquals("64 KB to 32 MB", set.get("range"));
        ApiResult refused = api.call("config_set", Map.of("key", BLOCK.key(), "value", "16 MB"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, refused.code());
        assertTrue(refused.errors().toString(), refused.errors().get(0).contains(RULE));
    }
}
