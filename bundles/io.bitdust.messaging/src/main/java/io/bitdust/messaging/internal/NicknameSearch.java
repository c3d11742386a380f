package io.bitdust.messaging.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.messaging.dto.CorrespondentDTO;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every known identity server {@code GET /search?nickname=<text>} (a JSON list of primary IDURLs), merges the
 * answers, and reads each identity found for its nickname: from its primary IDURL, or, when that server is away, from
 * the server that listed it. Each node appears once. One HTTP client, made at the first search; every request bounded.
 */
final class NicknameSearch {
    private static final Logger LOG = LoggerFactory.getLogger(NicknameSearch.class);

    private final Supplier<List<String>> servers;
    private final IdentityCache cache;
    private final ExecutorService executor;
    private final Duration timeout;
    private HttpClient client;

    /**
     * @param servers the known identity servers, {@code host:port} each
     * @param cache   reads the identities found
     * @param executor runs the HTTP client's work
     * @param timeout bounds each request
     */
    NicknameSearch(Supplier<List<String>> servers, IdentityCache cache, ExecutorService executor, Duration timeout) {
        this.servers = servers;
        this.cache = cache;
        this.executor = executor;
        this.timeout = timeout;
    }

    List<CorrespondentDTO> find(String nickname) {
        String text = nickname == null ? "" : nickname.trim();
        if (text.isEmpty()) {
            throw BitDustException.invalid("the nickname to search for is empty");
        }
        List<String> known = servers.get();
        if (known.isEmpty()) {
            throw BitDustException.unavailable("no identity server is known (services/identity-propagate/"
                    + "known-servers)");
        }
        Map<String, CompletableFuture<List<IdUrl>>> answers = new LinkedHashMap<>();
        for (String server : known) {
            answers.put(server, ask(server, text));
        }
        // which server listed each IDURL first
        Map<IdUrl, String> found = new LinkedHashMap<>();
        answers.forEach((server, answer) -> answer.join().forEach(idurl -> found.putIfAbsent(idurl, server)));
        Map<IdUrl, CorrespondentDTO> nodes = new LinkedHashMap<>();
        found.forEach((idurl, server) -> {
            Identity identity = read(idurl, server);
            if (identity != null) {
                CorrespondentDTO node = new CorrespondentDTO();
                node.idurl = identity.idurl().toString();
                node.nickname = identity.nickname();
                nodes.putIfAbsent(identity.idurl(), node);
            }
        });
        List<CorrespondentDTO> result = new ArrayList<>(nodes.values());
        result.sort(Comparator.comparing((CorrespondentDTO node) -> node.nickname).thenComparing(node -> node.idurl));
        return result;
    }

    private Identity read(IdUrl idurl, String server) {
        try {
            return cache.get(idurl);
        } catch (BitDustException e) {
            try {
                return cache.get(IdUrl.of("http://" + server, idurl.name()));
            } catch (BitDustException again) {
                LOG.debug("Found {} on {} but cannot read its identity: {}", idurl, server, again.getMessage());
                return null;
            }
        }
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }

    private CompletableFuture<List<IdUrl>> ask(String server, String text) {
        URI uri;
        try {
            uri = URI.create("http://" + server + "/search?nickname=" + URLEncoder.encode(text,
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.warn("Identity server '{}' is not a host:port", server);
            return CompletableFuture.completedFuture(List.of());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        return client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                LOG.info("Identity server {} did not answer a nickname search: {}", server, error.toString());
                return List.of();
            }
            if (response.statusCode() != 200) {
                LOG.info("Identity server {} answered a nickname search with HTTP {}", server,
                        response.statusCode());
                return List.of();
            }
            return parse(server, response.body());
        });
    }

    private static List<IdUrl> parse(String server, byte[] body) {
        String[] texts;
        try {
            texts = Json.mapper().readValue(body, String[].class);
        } catch (Exception e) {
            LOG.info("Identity server {} answered a nickname search with something else than a list of IDURLs",
                    server);
            return List.of();
        }
        List<IdUrl> idurls = new ArrayList<>();
        for (String text : texts) {
            try {
                idurls.add(IdUrl.parse(text));
            } catch (RuntimeException e) {
                LOG.debug("Identity server {} lists a bad IDURL: {}", server, e.getMessage());
            }
        }
        return idurls;
    }
}
