package io.bitdust.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code filemanager} and the seed's aliases {@code filemanager_<mode>}: the web page's file manager calls. The request
 * is read in every shape the seed takes: {@code {"params": {"mode": "stats", ...}}} given as the call's own
 * parameters, or as {@code json_request}, itself a JSON object or a string of one. A mode is answered by the
 * catalogue's own functions ({@link FileManagerModes}), so it answers as they do, also when their area is stopped.
 */
final class FileManagerFunctions {
    static final List<String> MODES = List.of("stats", "list", "listlocal", "listall", "upload", "delete",
            "deleteversion", "download", "tasks", "config");
    private static final String AREA = "filemanager";

    private FileManagerFunctions() {
    }

    static List<Operation> operations(BitDustApi api) {
        FileManagerModes modes = new FileManagerModes(api);
        List<Operation> operations = new ArrayList<>();
        operations.add(Operation.named("filemanager", AREA, "Calls of the web page's file manager: modes "
                        + String.join(", ", MODES))
                .optional("json_request", "object", null, "the request, e.g. {\"params\": {\"mode\": \"stats\"}}, "
                        + "as an object or as JSON text")
                .optional("params", "object", null, "the request's params, e.g. {\"mode\": \"stats\"}, when the "
                        + "request is given as the call itself")
                .does(args -> {
                    Map<?, ?> params = request(args.object("json_request"), args.object("params"));
                    return modes.answer(mode(null, params), params);
                }));
        for (String mode : MODES) {
            operations.add(Operation.named("filemanager_" + mode, AREA, "The file manager's '" + mode + "' call "
                            + "(filemanager with mode " + mode + ")")
                    .optional("params", "object", null, "the request's other params, as an object or as JSON text")
                    .does(args -> {
                        Map<?, ?> params = params(args.object("params"), "params");
                        return modes.answer(mode(mode, params), params);
                    }));
        }
        return operations;
    }

    /** @return the params of the request given as {@code json_request} or as {@code params}, exactly one of them */
    private static Map<?, ?> request(Object jsonRequest, Object params) {
        if (jsonRequest != null && params != null) {
            throw BitDustException.invalid("give the request as json_request or as params, not both");
        }
        if (jsonRequest == null) {
            if (params == null) {
                throw BitDustException.invalid("missing request for filemanager: give json_request, e.g. "
                        + "{\"params\": {\"mode\": \"stats\"}}, or params, e.g. {\"mode\": \"stats\"}");
            }
            return params(params, "params");
        }
        Map<?, ?> request = object(jsonRequest, "json_request");
        if (!request.containsKey("params")) {
            throw BitDustException.invalid("json_request must hold \"params\", e.g. {\"params\": {\"mode\": "
                    + "\"stats\"}}");
        }
        return params(request.get("params"), "json_request's params");
    }

    private static Map<?, ?> params(Object params, String name) {
        return params == null ? Map.of() : object(params, name);
    }

    /** @return {@code value} as a JSON object: a map, or text holding one */
    private static Map<?, ?> object(Object value, String name) {
        Object parsed = value;
        if (value instanceof String) {
            try {
                parsed = Json.mapper().readValue((String) value, Object.class);
            } catch (JsonProcessingException e) {
                throw BitDustException.invalid(name + " is not valid JSON: "
                        + Printable.escape(e.getOriginalMessage()));
            }
        }
        if (!(parsed instanceof Map)) {
            throw BitDustException.invalid(name + " must be a JSON object, e.g. {\"mode\": \"stats\"}");
        }
        return (Map<?, ?>) parsed;
    }

    /** @return the request's mode, checked */
    private static String mode(String aliasMode, Map<?, ?> params) {
        Object given = params.get("mode");
        if (aliasMode != null && given != null && !aliasMode.equals(given)) {
            throw BitDustException.invalid("filemanager_" + aliasMode + " is mode " + aliasMode + ", but params "
                    + "say mode " + describe(given));
        }
        Object mode = aliasMode != null ? aliasMode : given;
        if (mode == null) {
            throw BitDustException.invalid("the file manager request has no mode; modes: " + String.join(", ", MODES));
        }
        if (!MODES.contains(mode)) {
            throw BitDustException.invalid("unknown file manager mode " + describe(mode) + "; modes: "
                    + String.join(", ", MODES));
        }
        return (String) mode;
    }

    private static String describe(Object value) {
        return value instanceof String ? "'" + Printable.escape((String) value) + "'" : "of type "
                + (value instanceof Map ? "object" : value instanceof List ? "list" : "number or boolean");
    }
}
