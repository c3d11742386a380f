package io.bitdust.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The catalogue of API functions. Front ends (shell, HTTP, web page) list the functions and call them by name.
 * Thread-safe; calls may run concurrently.
 */
@ProviderType
public interface BitDustApi {

    /** @return every function, including those whose area is not available yet, sorted by name */
    List<ApiFunction> functions();

    /**
     * @param name a function name such as {@code config_get}
     * @return its description, if there is such a function
     */
    Optional<ApiFunction> function(String name);

    /**
     * Calls a function. Never throws: every failure (unknown function, missing or unknown parameter, wrong type,
     * area not running, fault inside) comes back as an ERROR envelope whose {@link ApiResult#code()} says what kind.
     *
     * @param name       the function name
     * @param parameters parameters by name; values are strings, numbers, booleans, lists or maps as JSON gives them
     * @return the envelope
     */
    ApiResult call(String name, Map<String, ?> parameters);

    /**
     * Subscribes to changes of the catalogue: an area's functions joined it or left it (its component started or
     * stopped). Front ends that build something per function (the shell's commands) follow it.
     *
     * @param listener called after each change, on the thread that made it; it must return promptly
     * @return a handle that unsubscribes when closed
     */
    Subscription subscribe(Runnable listener);

    /** A handle on a subscription; closing it stops the notifications. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
