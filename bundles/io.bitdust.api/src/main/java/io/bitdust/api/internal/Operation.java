package io.bitdust.api.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiParameter;
import io.bitdust.common.BitDustException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An API function's declaration together with the code that answers it. Built with {@link #named}.
 */
final class Operation {
    /** The code behind a function: takes checked arguments, returns the envelope's result or throws. */
    @FunctionalInterface
    interface Body {
        Object run(Arguments args) throws Exception;
    }

    private final ApiFunction function;
    private final Map<String, LocalPaths.Use> paths;
    private final Body body;

    private Operation(ApiFunction function, Map<String, LocalPaths.Use> paths, Body body) {
        this.function = function;
        this.paths = Map.copyOf(paths);
        this.body = body;
    }

    ApiFunction function() {
        return function;
    }

    /** @return the parameters that are local paths, with how the function uses each */
    Map<String, LocalPaths.Use> paths() {
        return paths;
    }

    Object run(Arguments args) throws Exception {
        return body.run(args);
    }

    static Builder named(String name, String area, String description) {
        return new Builder(name, area, description);
    }

    /** Collects a function's parameters, then its body. */
    static final class Builder {
        private final String name;
        private final String area;
        private final String description;
        private final List<ApiParameter> parameters = new ArrayList<>();
        private final Map<String, LocalPaths.Use> paths = new LinkedHashMap<>();

        private Builder(String name, String area, String description) {
            this.name = name;
            this.area = area;
            this.description = description;
        }

        Builder required(String param, String description) {
            parameters.add(new ApiParameter(param, "string", true, null, description));
            return this;
        }

        Builder optional(String param, String type, Object defaultValue, String description) {
            parameters.add(new ApiParameter(param, type, false, defaultValue, description));
            return this;
        }

        /** A required local path, checked by {@link LocalPaths} for {@code use} before the body runs. */
        Builder path(String param, LocalPaths.Use use, String description) {
            paths.put(param, use);
            return required(param, description);
        }

        /** An optional local path, checked like {@link #path} when given. */
        Builder optionalPath(String param, LocalPaths.Use use, String description) {
            paths.put(param, use);
            return optional(param, "string", null, description);
        }

        Operation does(Body body) {
            return new Operation(new ApiFunction(name, area, description, parameters, true), paths, body);
        }
    }
}
