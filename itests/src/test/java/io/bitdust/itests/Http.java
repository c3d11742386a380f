package io.bitdust.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A small client of a node's HTTP API, as a user's tool would call it. */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** @param base the node's address, e.g. {@code http://127.0.0.1:8180/} */
    Http(String base) {
        this.base = base;
    }

    /** An answer: the HTTP status and the JSON envelope. */
    static final class Answer {
        final int status;
        final JsonNode envelope;

        Answer(int status, JsonNode envelope) {
            this.status = status;
            this.envelope = envelope;
        }

        boolean ok() {
            return "OK".equals(envelope.path("status").asText());
        }

        String firstError() {
            return envelope.path("errors").path(0).asText();
        }
    }

    /** GETs {@code /api/v1/<function>} with query parameters; {@code secret} may be null to send none. */
    Answer get(String function, Map<String, String> params, String secret) throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/v1/" + function
                + (query.isEmpty() ? "" : "?" + query))).timeout(Duration.ofSeconds(20));
        if (secret != null) {
            request.header("X-Api-Secret", secret);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    /** @return whether anything answers HTTP at the base address */
    boolean answers() {
        try {
            client.send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
