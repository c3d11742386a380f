package io.bitdust.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiParameter;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code GET|POST /api/v1/<function>}: parameters from the query string and, for POST, a body that is a JSON object
 * or form fields ({@code name=value&...}); the answer is the API envelope with an HTTP status matching its error code.
 * {@code GET /api/v1} lists the functions. Every request must carry the API secret ({@code X-Api-Secret} header or
 * {@code Authorization: Bearer}). The body is read by its content, not its declared type: curl sends a JSON body given
 * with {@code -d} as {@code application/x-www-form-urlencoded}, and the servlet container would otherwise read that
 * JSON as one parameter name.
 */
final class ApiServlet extends HttpServlet {
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final long serialVersionUID = 1L;

    private final transient BitDustApi api;
    private final transient ApiSecret secret;

    ApiServlet(BitDustApi api, ApiSecret secret) {
        this.api = api;
        this.secret = secret;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!"GET".equals(request.getMethod()) && !"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, POST");
            send(response, 405, ApiResult.error(ErrorCode.INVALID_ARGUMENT, "method " + request.getMethod()
                    + " is not allowed; use GET or POST"));
            return;
        }
        String denied = checkSecret(request);
        if (denied != null) {
            send(response, 401, ApiResult.error(ErrorCode.UNAUTHENTICATED, denied));
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.isEmpty() || "/".equals(path)) {
            send(response, ApiResult.ok(describeFunctions()));
            return;
        }
        String name = path.substring(1);
        Map<String, Object> params;
        try {
            params = parameters(request);
        } catch (BadRequest e) {
            send(response, e.status, ApiResult.error(ErrorCode.INVALID_ARGUMENT, e.getMessage()));
            return;
        }
        send(response, api.call(name, params));
    }

    private String checkSecret(HttpServletRequest request) {
        String given = request.getHeader("X-Api-Secret");
        String authorization = request.getHeader("Authorization");
        if (given == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7);
        }
        if (given == null) {
            return "access denied: no API secret; send it in the X-Api-Secret header or as a bearer token (it is "
                    + "the file " + secret.file().getFileName() + " in the node's data folder)";
        }
        return secret.matches(given) ? null : "access denied: wrong API secret";
    }

    private static Map<String, Object> parameters(HttpServletRequest request) throws IOException, BadRequest {
        Map<String, Object> params = new LinkedHashMap<>();
        if (request.getQueryString() != null) {
            params.putAll(form(request.getQueryString(), "query string"));
        }
        if ("POST".equals(request.getMethod())) {
            params.putAll(body(request));
        }
        return params;
    }

    /** Decodes {@code name=value&...} (URL-encoded UTF-8); a name given twice gives a list of its values. */
    private static Map<String, Object> form(String text, String where) throws BadRequest {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, "malformed " + where + ": " + e.getMessage());
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        fields.forEach((name, values) -> params.put(name, values.size() == 1 ? values.get(0) : values));
        return params;
    }

    private static Map<String, Object> body(HttpServletRequest request) throws IOException, BadRequest {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new BadRequest(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return Map.of();
        }
        boolean json = text.startsWith("{") || text.startsWith("[") || !isForm(request.getContentType());
        if (!json) {
            return form(text, "form body");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "malformed JSON body: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new BadRequest(400, "the JSON body must be an object of named parameters, e.g. {\"key\": \"...\"}");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().isNull() ? null
                : Json.mapper().convertValue(f.getValue(), Object.class)));
        return params;
    }

    private static boolean isForm(String contentType) {
        return contentType == null
                || contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private List<Map<String, Object>> describeFunctions() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ApiFunction f : api.functions()) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", f.name());
            function.put("area", f.area());
            function.put("description", f.description());
            function.put("available", f.available());
            List<Map<String, Object>> params = new ArrayList<>();
            for (ApiParameter p : f.parameters()) {
                Map<String, Object> param = new LinkedHashMap<>();
                param.put("name", p.name());
                param.put("type", p.type());
                param.put("required", p.required());
                param.put("default", p.defaultValue());
                param.put("description", p.description());
                params.add(param);
            }
            function.put("parameters", params);
            list.add(function);
        }
        return list;
    }

    private static void send(HttpServletResponse response, ApiResult result) throws IOException {
        send(response, result.ok() ? 200 : result.code().httpStatus(), result);
    }

    private static void send(HttpServletResponse response, int status, ApiResult result) throws IOException {
        byte[] json = Json.writePretty(result.toMap()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /** A request that cannot be read, with the HTTP status to answer. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
