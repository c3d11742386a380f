package io.bitdust.shell.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiParameter;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Parser;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.support.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell command {@code bitdust:<function-with-dashes>} of one API function. Arguments are the function's
 * parameters in order, or {@code name=value}; {@code --json} prints the envelope instead of a table;
 * {@code --help} explains the parameters. An ERROR answer ends the command with its message. The commands of
 * {@code backup_start_path}, {@code backup_start_id} and {@code restore_single} take {@code --wait}: they follow
 * the job they started in {@code filemanager_tasks} until it ends ({@link JobWaiter}).
 */
final class ApiCommand implements Command {
    static final String SCOPE = "bitdust";
    static final String WAIT = "--wait";
    private static final Logger LOG = LoggerFactory.getLogger(ApiCommand.class);

    private final BitDustApi api;
    private final ApiFunction function;
    private final Completer completer;

    ApiCommand(BitDustApi api, ApiFunction function, Completer completer) {
        this.api = api;
        this.function = function;
        this.completer = completer;
    }

    /** @return the function this command calls */
    ApiFunction function() {
        return function;
    }

    @Override
    public String getScope() {
        return SCOPE;
    }

    @Override
    public String getName() {
        return function.commandName();
    }

    @Override
    public String getDescription() {
        return function.description();
    }

    @Override
    public Completer getCompleter(boolean scoped) {
        return completer;
    }

    @Override
    public Parser getParser() {
        return null;
    }

    @Override
    public Object execute(Session session, List<Object> arguments) throws CommandException {
        PrintStream out = session.getConsole() != null ? session.getConsole() : System.out;
        boolean json = arguments.stream().anyMatch(a -> "--json".equals(String.valueOf(a)));
        if (arguments.stream().anyMatch(a -> "--help".equals(String.valueOf(a)) || "-h".equals(String.valueOf(a)))) {
            out.print(usage());
            return null;
        }
        boolean wait = arguments.stream().anyMatch(a -> WAIT.equals(String.valueOf(a)));
        if (wait && !waits()) {
            throw new CommandException("Error executing command: " + WAIT + " follows the job of "
                    + "backup-start-path, backup-start-id or restore-single", WAIT + " does not apply here");
        }
        Instant called = Instant.now();
        ApiResult result;
        try {
            result = api.call(function.name(), parameters(arguments));
        } catch (BitDustException e) {
            result = ApiResult.error(e);
        }
        if (json) {
            out.println(Json.writePretty(result.toMap()));
        } else if (!result.ok()) {
            throw refused(result);
        } else {
            out.print(Tables.render(result.result()));
        }
        if (wait && result.ok()) {
            await(session, out, result.result(), called);
        }
        return null;
    }

    /** Follows the job the answer names until it ends; a job that did not end done ends the command with an error. */
    private void await(Session session, PrintStream out, Object answer, Instant called) throws CommandException {
        JobWaiter.Job job = JobWaiter.job(function.name(), answer);
        if (job == null) {
            throw new CommandException("Error executing command: " + WAIT + ": the answer names no job: " + answer,
                    "no job in the answer");
        }
        Terminal terminal = session.getTerminal();
        boolean inPlace = terminal != null && terminal.isAnsiSupported() && !"dumb".equals(terminal.getType());
        JobWaiter.Outcome outcome;
        try {
            outcome = new JobWaiter(api, out, inPlace, System::currentTimeMillis).await(job, called);
        } catch (IllegalStateException e) {
            throw new CommandException("Error executing command: " + e.getMessage(), e.getMessage());
        }
        if (outcome.state() == null) {
            out.println("Stopped waiting; the " + job + " goes on (bitdust:filemanager-tasks shows it)");
        } else if (outcome.done()) {
            out.println(job + " done: " + outcome.progress());
        } else {
            String message = job + " " + outcome.state() + ": "
                    + (outcome.error() == null ? "no reason given" : outcome.error());
            throw new CommandException("Error executing command: " + message, message);
        }
    }

    /** @return whether this command takes {@code --wait} */
    boolean waits() {
        return JobWaiter.FUNCTIONS.contains(function.name());
    }

    /**
     * An ERROR envelope ends the command as a {@link CommandException}, which Karaf logs at DEBUG without troubling
     * the log: a refused input is the user's, and a fault of the node was already logged with its stack where it
     * happened (the API). Anything else thrown here is unexpected and reaches Karaf's ERROR with its stack.
     */
    private CommandException refused(ApiResult result) {
        String message = String.join("; ", result.errors());
        LOG.debug("{}:{} answered {}: {}", SCOPE, getName(), result.code(), message);
        return new CommandException("Error executing command: " + message, message);
    }

    /** Maps the command's arguments to the function's parameters: {@code name=value} or by position. */
    Map<String, Object> parameters(List<Object> arguments) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<ApiParameter> declared = function.parameters();
        int position = 0;
        for (Object argument : arguments) {
            String text = String.valueOf(argument);
            if ("--json".equals(text) || WAIT.equals(text) && waits()) {
                continue;
            }
            int eq = text.indexOf('=');
            String name = eq > 0 ? text.substring(0, eq) : null;
            if (name != null && declared.stream().anyMatch(p -> p.name().equals(name))) {
                params.put(name, text.substring(eq + 1));
            } else if (position < declared.size()) {
                params.put(declared.get(position++).name(), text);
            } else {
                throw BitDustException.invalid("too many arguments for " + SCOPE + ":" + getName() + ": '" + text
                        + "'; see " + SCOPE + ":" + getName() + " --help");
            }
            while (position < declared.size() && params.containsKey(declared.get(position).name())) {
                position++;
            }
        }
        return params;
    }

    String usage() {
        StringBuilder text = new StringBuilder();
        text.append(function.description()).append(System.lineSeparator()).append(System.lineSeparator())
                .append("Usage: ").append(SCOPE).append(':').append(getName());
        for (ApiParameter p : function.parameters()) {
            text.append(p.required() ? " <" + p.name() + ">" : " [" + p.name() + "]");
        }
        text.append(waits() ? " [--json] [--wait]" : " [--json]").append(System.lineSeparator());
        for (ApiParameter p : function.parameters()) {
            text.append(String.format("  %-22s %s%s%n", p.name(), p.description(),
                    p.required() ? "" : " (default: " + p.defaultValue() + ")"));
        }
        text.append(String.format("  %-22s %s%n", "--json", "print the result envelope as JSON"));
        if (waits()) {
            text.append(String.format("  %-22s %s%n", WAIT, "follow the job until it ends: percent, bytes, rate, "
                    + "ETA (Ctrl-C stops waiting, not the job)"));
        }
        if (!function.available()) {
            text.append("Not available in this release yet.").append(System.lineSeparator());
        }
        return text.toString();
    }
}
