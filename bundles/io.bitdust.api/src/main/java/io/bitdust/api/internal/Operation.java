package io.bitdust.api.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiParameter;
import io.bitdust.common.BitDustException;
import java.util.ArrayList;
import java.util.List;

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
    private final Body body;

    private Operation(ApiFunction function, Body body) {
        this.function = function;
        this.body = body;
    }

    ApiFunction function() {
        return function;
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

        Operation does(Body body) {
            return new Operation(new ApiFunction(name, area, description, parameters, true), body);
        }

        /** @return a function that is listed but answers that its area is not built yet */
        Operation notYet() {
            String message = name + " is not available yet: the " + area + " area is not part of this release";
            return new Operation(new ApiFunction(name, area, description, parameters, false), args -> {
                throw BitDustException.unavailable(message);
            });
        }
    }
}
