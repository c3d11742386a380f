package io.bitdust.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Registry;
import org.junit.Test;

/** The shell follows the catalogue: a command per function, as areas join and leave. */
public class ApiCommandsTest {
    private final List<ApiFunction> functions = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Object> registered = new ArrayList<>();

    private final BitDustApi api = new BitDustApi() {
        @Override
        public List<ApiFunction> functions() {
            return List.copyOf(functions);
        }

        @Override
        public Optional<ApiFunction> function(String name) {
            return functions.stream().filter(f -> f.name().equals(name)).findFirst();
        }

        @Override
        public ApiResult call(String name, Map<String, ?> parameters) {
            return ApiResult.ok(name);
        }

        @Override
        public Subscription subscribe(Runnable listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    };

    private final Registry registry = new Registry() {
        @Override
        public List<Command> getCommands() {
            return List.of();
        }

        @Override
        public Command getCommand(String scope, String name) {
            return null;
        }

        @Override
        public <T> void register(java.util.concurrent.Callable<T> factory, Class<T> clazz) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void register(Object service) {
            registered.add(service);
        }

        @Override
        public void unregister(Object service) {
            assertTrue("unregistered a command never registered: " + service, registered.remove(service));
        }

        @Override
        public <T> T getService(Class<T> clazz) {
            return null;
        }

        @Override
        public <T> List<T> getServices(Class<T> clazz) {
            return List.of();
        }

        @Override
        public boolean hasService(Class<?> clazz) {
            return false;
        }
    };

    @Test
    public void commandsFollowAreasJoiningAndLeavingTheCatalogue() {
        functions.add(function("config_get", "config"));
        ApiCommands commands = new ApiCommands(api, registry);
        assertEquals(List.of("config_get"), commands.names());

        functions.add(function("suppliers_list", "suppliers"));
        listeners.forEach(Runnable::run);
        assertEquals(List.of("config_get", "suppliers_list"), commands.names());
        assertEquals(2, registered.size());
        Object suppliers = registered.get(1);

        functions.removeIf(f -> f.area().equals("suppliers"));
        listeners.forEach(Runnable::run);
        assertEquals(List.of("config_get"), commands.names());
        assertEquals(1, registered.size());

        functions.add(function("suppliers_list", "suppliers"));
        listeners.forEach(Runnable::run);
        assertEquals(List.of("config_get", "suppliers_list"), commands.names());
        assertNotSame("a function that came back gets a new command", suppliers, registered.get(1));

        commands.unregister();
        assertEquals(List.of(), registered);
        assertEquals(List.of(), listeners);
    }

    private static ApiFunction function(String name, String area) {
        return new ApiFunction(name, area, "does " + name, List.of(), true);
    }
}
