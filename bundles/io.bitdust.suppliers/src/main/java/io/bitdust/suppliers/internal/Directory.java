package io.bitdust.suppliers.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks identity servers for candidates: {@code GET /directory?service=supplier&count=N&exclude=...} answers a JSON
 * list of primary IDURLs of fresh identities offering the service. One shared HTTP client; every request is bounded.
 */
final class Directory {
    private static final Logger LOG = LoggerFactory.getLogger(Directory.class);
    /** The most IDURLs a server returns per request (IdentityServer's bound). */
    static final int MAX_COUNT = 100;
    /** Jetty refuses request lines past 8 KiB: beyond this the exclusions are applied here only. */
    private static final int MAX_EXCLUDE_CHARS = 4000;

    private final HttpClient client;
    private final Duration timeout;
    private final Warnings warnings;

    Directory(Executor executor, Duration timeout, Warnings warnings) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.warnings = warnings;
    }

    /**
     * @param servers  {@code host:port} of the servers to ask, all in parallel
     * @param service  the service, e.g. {@code supplier}
     * @param count    how many each server should return
     * @param excluded IDURLs not wanted
     * @return the IDURLs the servers returned, without duplicates or excluded ones; never fails (a server that does
     *     not answer or answers nonsense is logged and counts as an empty answer)
     */
    CompletableFuture<List<IdUrl>> find(Collection<String> servers, String service, int count, Set<IdUrl> excluded) {
        String exclude = excluded.stream().map(IdUrl::toString).collect(Collectors.joining(","));
        if (exclude.length() > MAX_EXCLUDE_CHARS) {
            exclude = "";
        }
        String query = "service=" + encode(service) + "&count=" + Math.max(1, Math.min(MAX_COUNT, count))
                + (exclude.isEmpty() ? "" : "&exclude=" + encode(exclude));
        List<CompletableFuture<List<IdUrl>>> answers = new ArrayList<>();
        for (String server : servers) {
            answers.add(ask(server, query));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Set<IdUrl> found = new LinkedHashSet<>();
            answers.forEach(answer -> found.addAll(answer.join()));
            found.removeAll(excluded);
            return List.copyOf(found);
        });
    }

    private CompletableFuture<List<IdUrl>> ask(String server, String query) {
        URI uri;
        try {
            uri = URI.create("http://" + server + "/directory?" + query);
        } catch (IllegalArgumentException e) {
            warnings.once(server, "identity server address", "Identity server '{}' is not a host:port", server);
            return CompletableFuture.completedFuture(List.of());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                warnings.once(server, "directory unreachable", "Directory of {} not reachable: {}", server,
                        error.toString());
                return List.of();
            }
            if (response.statusCode() != 200) {
                warnings.once(server, "directory status", "Directory of {} answered HTTP {}", server,
                        response.statusCode());
                return List.of();
            }
            return parse(server, response.body());
        });
    }

    private List<IdUrl> parse(String server, byte[] body) {
        String[] texts;
        try {
            texts = Json.mapper().readValue(body, String[].class);
        } catch (Exception e) {
            warnings.once(server, "directory body", "Directory of {} answered something else than a list of IDURLs: "
                    + "{}", server, e.getMessage());
            return List.of();
        }
        List<IdUrl> idurls = new ArrayList<>();
        for (String text : texts) {
            try {
                idurls.add(IdUrl.parse(text));
            } catch (RuntimeException e) {
                warnings.once(server, "directory entry", "Directory of {} lists a bad IDURL: {}", server,
                        e.getMessage());
            }
        }
        LOG.debug("Directory of {}: {} candidates", server, idurls.size());
        return idurls;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
