package io.bitdust.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiParameter;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.Test;

public class ApiCommandTest {
    private static final ApiFunction CONFIG_SET = new ApiFunction("config_set", "config", "Set an option", List.of(
            new ApiParameter("key", "string", true, null, "option key"),
            new ApiParameter("value", "string", true, null, "new value"),
            new ApiParameter("typ", "string", false, null, "expected type")), true);

    /** A neighbour's interface stand-in that knows two options. */
    private final BitDustApi api = new BitDustApi() {
        @Override
        public List<ApiFunction> functions() {
            return List.of(CONFIG_SET);
        }

        @Override
        public Optional<ApiFunction> function(String name) {
            return Optional.of(CONFIG_SET);
        }

        @Override
        public ApiResult call(String name, Map<String, ?> parameters) {
            if ("config_list".equals(name)) {
                return ApiResult.ok(List.of(Map.of("key", "logs/debug-level"), Map.of("key", "services/backups/enabled"),
                        Map.of("key", "services/backups/block-size")));
            }
            return ApiResult.error(ErrorCode.INVALID_ARGUMENT, "nope");
        }
    };

    private final ApiCommand command = new ApiCommand(api, CONFIG_SET, new OptionKeyCompleter(api, true));

    @Test
    public void theCommandIsNamedAfterTheFunctionWithDashes() {
        assertEquals("bitdust", command.getScope());
        assertEquals("config-set", command.getName());
        assertEquals("Set an option", command.getDescription());
    }

    @Test
    public void argumentsArePositionalOrNamed() {
        assertEquals(Map.of("key", "logs/debug-level", "value", "5"),
                command.parameters(List.of("logs/debug-level", "5")));
        assertEquals(Map.of("key", "logs/debug-level", "value", "5", "typ", "positive integer"),
                command.parameters(List.of("value=5", "logs/debug-level", "typ=positive integer", "--json")));
        assertEquals("a value may itself contain '='", Map.of("key", "k", "value", "a=b"),
                command.parameters(List.of("k", "a=b")));
        BitDustException e = assertThrows(BitDustException.class,
                () -> command.parameters(List.of("a", "b", "c", "d")));
        assertTrue(e.getMessage().contains("too many arguments for bitdust:config-set: 'd'"));
    }

    @Test
    public void usageListsTheParameters() {
        String usage = command.usage();
        assertTrue(usage, usage.contains("Usage: bitdust:config-set <key> <value> [typ] [--json]"));
        assertTrue(usage, usage.contains("expected type (default: null)"));
    }

    @Test
    public void recordsBecomeTablesAndTextStaysText() {
        List<Object> records = new ArrayList<>();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", "logs/debug-level");
        row.put("type", "positive integer");
        row.put("value", "0");
        records.add(row);
        String table = Tables.render(records);
        assertTrue(table, table.contains("key"));
        assertTrue(table, table.contains("logs/debug-level"));
        assertTrue(table, table.contains("positive integer"));
        assertEquals("stopped" + System.lineSeparator(), Tables.render("stopped"));
        assertTrue(Tables.render(Map.of("status", "running")).contains("running"));
        assertEquals("OK" + System.lineSeparator(), Tables.render(null));
    }

    @Test
    public void theFirstArgumentCompletesToOptionKeys() {
        List<String> candidates = new ArrayList<>();
        int at = new OptionKeyCompleter(api, true).complete(null, line("bitdust:config-set services/b", 1), candidates);
        assertEquals(List.of("services/backups/enabled", "services/backups/block-size"), candidates);
        assertEquals("bitdust:config-set ".length(), at);
        List<String> none = new ArrayList<>();
        new OptionKeyCompleter(api, false).complete(null, line("bitdust:stop services/b", 1), none);
        assertTrue(none.isEmpty());
    }

    private static CommandLine line(String buffer, int cursorArgument) {
        String[] args = buffer.split(" ");
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return cursorArgument;
            }

            @Override
            public String getCursorArgument() {
                return args[cursorArgument];
            }

            @Override
            public int getArgumentPosition() {
                return args[cursorArgument].length();
            }

            @Override
            public String[] getArguments() {
                return args;
            }

            @Override
            public int getBufferPosition() {
                return buffer.length();
            }

            @Override
            public String getBuffer() {
                return buffer;
            }
        };
    }
}
