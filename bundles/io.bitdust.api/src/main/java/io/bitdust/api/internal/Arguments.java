package io.bitdust.api.internal;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiParameter;
import io.bitdust.common.BitDustException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters of one call, checked against the function's declaration: unknown names, missing required
 * parameters and wrong types are refused with a message naming the parameter; defaults fill the rest. Local paths
 * are checked by {@link LocalPaths} for the use the operation declares.
 */
final class Arguments {
    private static final int MAX_SHOWN = 60;
    private final ApiFunction function;
    private final Map<String, Object> values;

    private Arguments(ApiFunction function, Map<String, Object> values) {
        this.function = function;
        this.values = values;
    }

    static Arguments check(Operation operation, Map<String, ?> given) {
        ApiFunction function = operation.function();
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            if (function.parameters().stream().noneMatch(p -> p.name().equals(e.getKey()))) {
                throw BitDustException.invalid("unknown parameter '" + Printable.escape(e.getKey()) + "' for "
                        + function.name()
                        + "; it takes: " + names(function));
            }
        }
        for (ApiParameter p : function.parameters()) {
            Object value = given.get(p.name());
            if (value == null && p.required()) {
                throw BitDustException.invalid("missing parameter '" + p.name() + "' for " + function.name()
                        + "; it takes: " + names(function));
            }
            values.put(p.name(), value == null ? p.defaultValue() : convert(function, p, value));
        }
        operation.paths().forEach((name, use) -> {
            if (values.get(name) != null) {
                values.put(name, LocalPaths.check(name, (String) values.get(name), use));
            }
        });
        return new Arguments(function, values);
    }

    private static String names(ApiFunction function) {
        return function.parameters().isEmpty() ? "no parameters"
                : function.parameters().stream().map(ApiParameter::name).collect(Collectors.joining(", "));
    }

    private static Object convert(ApiFunction function, ApiParameter p, Object value) {
        switch (p.type()) {
            case "string":
                if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                    return value.toString();
                }
                break;
            case "boolean":
                if (value instanceof Boolean) {
                    return value;
                }
                switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
                    case "true": case "1": case "yes": case "on": return true;
                    case "false": case "0": case "no": case "off": return false;
                    default: break;
                }
                break;
            case "integer":
                if (value instanceof Integer || value instanceof Long) {
                    return ((Number) value).longValue();
                }
                try {
                    return Long.parseLong(value.toString().trim());
                } catch (NumberFormatException e) {
                    break;
                }
            default:
                return value;
        }
        String article = "aeiou".indexOf(p.type().charAt(0)) >= 0 ? "an " : "a ";
        throw BitDustException.invalid("parameter '" + p.name() + "' of " + function.name() + " must be " + article
                + p.type() + ", not " + describe(value));
    }

    /** Names what was given without printing a Java map or list, and without control characters. */
    private static String describe(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        String text = Printable.escape(value.toString());
        return "'" + (text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text) + "'";
    }

    /** @return the string parameter {@code name}; null only when optional, not given and without default */
    String string(String name) {
        return (String) values.get(name);
    }

    /** @return the local path parameter {@code name}, checked; null only when optional and not given */
    Path path(String name) {
        return (Path) values.get(name);
    }

    /** @return the object parameter {@code name} as given: a map, a list, text, a number or a boolean; or null */
    Object object(String name) {
        return values.get(name);
    }

    /** @return the boolean parameter {@code name} */
    boolean bool(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    /** @return the integer parameter {@code name} */
    long integer(String name) {
        return (Long) values.get(name);
    }

    /** @return the function these arguments are for */
    ApiFunction function() {
        return function;
    }
}
