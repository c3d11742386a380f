package io.bitdust.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiParameter;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;
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
                return ApiResult.ok(List.of(Map.of("key", "logs/debug-level"),
                        Map.of("key", "services/backups/enabled"), Map.of("key", "services/backups/block-size")));
            }
            if ("config_set".equals(name) && "crash".equals(parameters.get("key"))) {
                throw new IllegalStateException("a fault of the node");
            }
            return ApiResult.error(ErrorCode.INVALID_ARGUMENT, "nope");
        }

        @Override
        public Subscription subscribe(Runnable listener) {
            return () -> { };
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
    public void aRefusedInputIsNotLoggedAsAnErrorButAFaultIs() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Session session = session(new PrintStream(console, true, StandardCharsets.UTF_8));
        CommandException refused = assertThrows(CommandException.class,
                () -> command.execute(session, List.of("logs/debug-level", "loud")));
        assertEquals("nope", refused.getMessage());
        assertEquals("Error executing command: nope", refused.getNiceHelp());
        String refusedLog = karafLogs(session, refused);
        assertFalse(refusedLog, refusedLog.contains("ERROR"));
        assertFalse("no stack trace: " + refusedLog, refusedLog.contains("\tat "));
        assertTrue("the user sees the message", console.toString(StandardCharsets.UTF_8).contains("nope"));

        Exception fault = assertThrows(IllegalStateException.class, () -> command.execute(session, List.of("crash",
                "1")));
        String faultLog = karafLogs(session, fault);
        assertTrue(faultLog, faultLog.contains("ERROR"));
        assertTrue("with its stack: " + faultLog, faultLog.contains("\tat "));
    }

    /** @return what Karaf's own shell logs for a command that threw {@code e} */
    private static String karafLogs(Session session, Throwable e) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            ShellUtil.logException(session, e);
        } finally {
            System.setErr(err);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    private static Session session(PrintStream console) {
        Map<String, Object> variables = new HashMap<>();
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getConsole": return console;
                        case "put": return variables.put((String) args[0], args[1]);
                        case "get": return variables.get((String) args[0]);
                        default: return null;
                    }
                });
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
