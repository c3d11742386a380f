package io.bitdust.api;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed API's result envelope: {@code {"status": "OK", "result": ...}} or
 * {@code {"status": "ERROR", "errors": ["..."]}}. Immutable.
 */
public final class ApiResult {
    private final Object result;
    private final ErrorCode code;
    private final List<String> errors;

    private ApiResult(Object result, ErrorCode code, List<String> errors) {
        this.result = result;
        this.code = code;
        this.errors = errors;
    }

    /**
     * @param result what the function returns: a string, a list, a map, or null for nothing
     * @return an OK envelope
     */
    public static ApiResult ok(Object result) {
        return new ApiResult(result, null, List.of());
    }

    /**
     * @param code    the kind of failure
     * @param message what went wrong, naming the problem
     * @return an ERROR envelope
     */
    public static ApiResult error(ErrorCode code, String message) {
        return new ApiResult(null, code, List.of(message));
    }

    /**
     * @param e the failure
     * @return an ERROR envelope carrying its code and message
     */
    public static ApiResult error(BitDustException e) {
        return error(e.code(), e.getMessage());
    }

    /** @return true for an OK envelope */
    public boolean ok() {
        return code == null;
    }

    /** @return the result of an OK envelope; null for ERROR or for nothing */
    public Object result() {
        return result;
    }

    /** @return the kind of failure of an ERROR envelope; null for OK */
    public ErrorCode code() {
        return code;
    }

    /** @return the error messages of an ERROR envelope; empty for OK */
    public List<String> errors() {
        return errors;
    }

    /** @return the envelope as JSON-ready maps and lists, in the seed's shape */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", ok() ? "OK" : "ERROR");
        if (!ok()) {
            map.put("errors", errors);
        } else if (result != null) {
            map.put("result", result);
        }
        return map;
    }
}
