package io.bitdust.shell.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.BitDustApi;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers a {@code bitdust:*} command for every function of the API catalogue, so a new API function is a shell
 * command without writing one.
 */
@Component(immediate = true)
public final class ApiCommands {
    private final Registry registry;
    private final List<ApiCommand> commands = new ArrayList<>();

    /**
     * @param api      the catalogue
     * @param sessions Karaf's shell, whose registry takes the commands
     */
    @Activate
    public ApiCommands(@Reference BitDustApi api, @Reference SessionFactory sessions) {
        this.registry = sessions.getRegistry();
        for (ApiFunction function : api.functions()) {
            boolean takesKey = !function.parameters().isEmpty() && "key".equals(function.parameters().get(0).name());
            ApiCommand command = new ApiCommand(api, function, new OptionKeyCompleter(api, takesKey));
            registry.register(command);
            commands.add(command);
        }
    }

    @Deactivate
    void unregister() {
        commands.forEach(registry::unregister);
    }
}
