package io.bitdust.shell.internal;

import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/**
 * Completes the first argument of a command with option keys (for {@code config-get}, {@code config-set}), and
 * any argument with the command's flags.
 */
final class OptionKeyCompleter implements Completer {
    private final BitDustApi api;
    private final boolean keys;

    /**
     * @param api  where the options are listed
     * @param keys whether the first argument is an option key
     */
    OptionKeyCompleter(BitDustApi api, boolean keys) {
        this.api = api;
        this.keys = keys;
    }

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        String typed = line.getCursorArgument() == null ? ""
                : line.getCursorArgument().substring(0, line.getArgumentPosition());
        if (keys && line.getCursorArgumentIndex() == 1) {
            ApiResult options = api.call("config_list", Map.of("sort", true));
            if (options.ok()) {
                for (Object option : (List<?>) options.result()) {
                    String key = String.valueOf(((Map<?, ?>) option).get("key"));
                    if (key.startsWith(typed)) {
                        candidates.add(key);
                    }
                }
            }
        }
        for (String flag : new String[] {"--json", "--help"}) {
            if (line.getCursorArgumentIndex() > 0 && flag.startsWith(typed) && !typed.isEmpty()) {
                candidates.add(flag);
            }
        }
        return candidates.isEmpty() ? -1 : line.getBufferPosition() - line.getArgumentPosition();
    }
}
