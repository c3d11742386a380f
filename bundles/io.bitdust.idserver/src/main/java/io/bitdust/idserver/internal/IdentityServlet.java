package io.bitdust.idserver.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.identity.Identity;
import io.bitdust.identity.RecoveryRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity server's HTTP interface: {@code GET /<name>.json}, {@code POST /}, {@code GET /directory},
 * {@code GET /search} and {@code GET|PUT /records/<name>} (see {@link IdentityServer}). Every refusal is a JSON
 * {@code {"status":"ERROR","errors":[..]}} with a 4xx status, logged once at INFO.
 */
final class IdentityServlet extends HttpServlet {
    static final int MAX_RESULTS = 100;
    static final int DEFAULT_COUNT = 10;
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(IdentityServlet.class);
    static final String JSON = "application/json";
    static final String RECORDS = "/records/";

    private final transient IdentityStore store;
    private final transient RecordStore records;
    private final transient IdentityServer server;
    private final transient Random random = new SecureRandom();

    IdentityServlet(IdentityStore store, RecordStore records, IdentityServer server) {
        this.store = store;
        this.records = records;
        this.server = server;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        try {
            if ("POST".equals(request.getMethod()) && "/".equals(path)) {
                upload(request, response);
            } else if (path.startsWith(RECORDS)) {
                record(path.substring(RECORDS.length()), request, response);
            } else if (!"GET".equals(request.getMethod())) {
                response.setHeader("Allow", "/".equals(path) ? "GET, POST" : "GET");
                throw new Refusal(405, "method " + request.getMethod() + " is not allowed on " + path);
            } else if ("/directory".equals(path)) {
                send(response, 200, idurls(store.sample(required(request, "service"), count(request),
                        excluded(request), random)));
            } else if ("/search".equals(path)) {
                send(response, 200, idurls(store.search(required(request, "nickname"), MAX_RESULTS)));
            } else {
                document(path, response);
            }
        } catch (Refusal e) {
            refuse(request, response, e.status, e.getMessage());
        } catch (BitDustException e) {
            refuse(request, response, e.code().httpStatus(), e.getMessage());
        }
    }

    private void document(String path, HttpServletResponse response) throws IOException {
        String name = path.startsWith("/") && path.endsWith(".json")
                ? path.substring(1, path.length() - ".json".length()) : "";
        Identity identity = IdUrl.isValidName(name) ? store.get(name).orElse(null) : null;
        if (identity == null) {
            throw new Refusal(404, "no identity at " + path);
        }
        send(response, 200, identity.toJson());
    }

    /** {@code GET} or {@code PUT /records/<name>}: the recovery record of a hosted identity. */
    private void record(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean put = "PUT".equals(request.getMethod());
        if (!put && !"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, PUT");
            throw new Refusal(405, "method " + request.getMethod() + " is not allowed on " + request.getRequestURI());
        }
        Identity hosted = IdUrl.isValidName(name) ? store.get(name).orElse(null) : null;
        if (hosted == null || hosted.idurls().stream().noneMatch(server::hosts)) {
            throw new Refusal(404, "no identity named '" + name + "' on this server");
        }
        if (!put) {
            RecoveryRecord held = records.get(name).orElseThrow(() ->
                    new Refusal(404, "no recovery record of '" + name + "' on this server"));
            send(response, 200, held.toJson());
            return;
        }
        byte[] body = body(request, RecoveryRecord.MAX_SIZE, "a recovery record has at most "
                + RecoveryRecord.MAX_SIZE + " bytes");
        RecoveryRecord record = RecoveryRecord.parse(body);
        records.put(name, record, hosted.signingKey());
        LOG.info("Stored the recovery record of '{}' at revision {}", name, record.revision());
        ObjectNode result = Json.mapper().createObjectNode().put("name", name).put("revision", record.revision());
        ObjectNode envelope = Json.mapper().createObjectNode().put("status", "OK");
        envelope.set("result", result);
        send(response, 200, envelope);
    }

    private static byte[] body(HttpServletRequest request, int limit, String tooLarge) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw new Refusal(413, tooLarge);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(limit + 1);
        }
        if (body.length > limit) {
            throw new Refusal(413, tooLarge);
        }
        return body;
    }

    private void upload(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > Identity.MAX_SIZE) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(Identity.MAX_SIZE + 1);
        }
        if (body.length > Identity.MAX_SIZE) {
            throw tooLarge();
        }
        Identity identity = Identity.parse(body);
        IdUrl here = identity.idurls().stream().filter(server::hosts).findFirst().orElseThrow(() ->
                BitDustException.invalid("the document lists no IDURL on this server (" + server.base() + "/)"));
        try {
            store.put(here.name(), identity, client(request.getRemoteAddr()));
        } catch (IdentityStore.LimitReached e) {
            throw new Refusal(403, e.getMessage());
        }
        LOG.info("Stored {} revision {}", here, identity.revision());
        ObjectNode result = Json.mapper().createObjectNode().put("idurl", here.toString())
                .put("revision", identity.revision());
        ObjectNode envelope = Json.mapper().createObjectNode().put("status", "OK");
        envelope.set("result", result);
        send(response, 200, envelope);
    }

    /**
     * @param address a client's IP address, as the request gives it
     * @return the group it counts in for the limit of names per address: an IPv4 address itself, an IPv6 address its
     *     /64 network (one host usually holds a whole /64, so counting single addresses would not limit it)
     */
    static String client(String address) {
        try {
            // A literal address: no name is looked up.
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                byte[] network = Arrays.copyOf(parsed.getAddress(), 16);
                Arrays.fill(network, 8, 16, (byte) 0);
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static String required(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw BitDustException.invalid("the parameter '" + name + "' is required");
        }
        return value.trim();
    }

    private static int count(HttpServletRequest request) {
        String text = request.getParameter("count");
        try {
            int count = text == null ? DEFAULT_COUNT : Integer.parseInt(text.trim());
            if (count >= 1 && count <= MAX_RESULTS) {
                return count;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw BitDustException.invalid("'count' must be a number from 1 to " + MAX_RESULTS + ", got '" + text + "'");
    }

    private static Set<IdUrl> excluded(HttpServletRequest request) {
        Set<IdUrl> excluded = new HashSet<>();
        String text = request.getParameter("exclude");
        for (String item : text == null ? new String[0] : text.split(",")) {
            if (!item.isBlank()) {
                excluded.add(IdUrl.parse(item.trim()));
            }
        }
        return excluded;
    }

    private static ArrayNode idurls(List<IdUrl> idurls) {
        ArrayNode array = Json.mapper().createArrayNode();
        idurls.forEach(idurl -> array.add(idurl.toString()));
        return array;
    }

    private static Refusal tooLarge() {
        return new Refusal(413, "an identity document has at most " + Identity.MAX_SIZE + " bytes");
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws IOException {
        LOG.info("Refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                reason);
        send(response, status, error(reason));
    }

    /** @return the JSON {@code {"status":"ERROR","errors":[reason]}} */
    static byte[] error(String reason) {
        ObjectNode envelope = Json.mapper().createObjectNode().put("status", "ERROR");
        envelope.putArray("errors").add(reason);
        return Json.write(envelope).getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpServletResponse response, int status, Object json) throws IOException {
        send(response, status, Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpServletResponse response, int status, byte[] json) throws IOException {
        response.setStatus(status);
        response.setContentType(JSON);
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /** A refusal with an HTTP status of its own (403, 404, 405, 413). */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refusal(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }
}
