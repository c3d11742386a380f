package io.bitdust.shell.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.BitDustApi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps a {@code bitdust:*} command registered for every function of the API catalogue, so a new API function is a
 * shell command without writing one; it follows the catalogue as areas join and leave it.
 */
@Component(immediate = true)
public final class ApiCommands {
    private final BitDustApi api;
    private final Registry registry;
    private final Map<String, ApiCommand> commands = new HashMap<>();
    private final BitDustApi.Subscription subscription;

    /**
     * @param api      the catalogue
     * @param sessions Karaf's shell, whose registry takes the commands
     */
    @Activate
    public ApiCommands(@Reference BitDustApi api, @Reference SessionFactory sessions) {
        this(api, sessions.getRegistry());
    }

    ApiCommands(BitDustApi api, Registry registry) {
        this.api = api;
        this.registry = registry;
        this.subscription = api.subscribe(this::follow);
        follow();
    }

    /** Registers a command for each function not registered yet, and drops those whose function left. */
    synchronized void follow() {
        List<ApiFunction> functions = api.functions();
        Map<String, ApiFunction> current = new HashMap<>();
        functions.forEach(function -> current.put(function.name(), function));
        commands.entrySet().removeIf(entry -> {
            // An area that joins again brings new function objects: its commands are made anew.
            boolean gone = entry.getValue().function() != current.get(entry.getKey());
            if (gone) {
                registry.unregister(entry.getValue());
            }
            return gone;
        });
        for (ApiFunction function : functions) {
            if (!commands.containsKey(function.name())) {
                boolean takesKey = !function.parameters().isEmpty()
                        && "key".equals(function.parameters().get(0).name());
                ApiCommand command = new ApiCommand(api, function, new OptionKeyCompleter(api, takesKey));
                registry.register(command);
                commands.put(function.name(), command);
            }
        }
    }

    /** @return the names of the functions that have a command now */
    synchronized List<String> names() {
        return commands.keySet().stream().sorted().toList();
    }

    @Deactivate
    synchronized void unregister() {
        subscription.close();
        commands.values().forEach(registry::unregister);
        commands.clear();
    }
}
