package io.bitdust.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiParameter;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ApiGatewayTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Map<String, ?>> calls = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiSecret secret;
    private String secretText;
    private ApiGateway gateway;

    /** A neighbour's interface stand-in: echoes parameters of "echo", knows no other function. */
    private final BitDustApi api = new BitDustApi() {
        private final ApiFunction echo = new ApiFunction("echo", "test", "echo the parameters",
                List.of(new ApiParameter("key", "string", true, null, "anything")), true);

        @Override
        public List<ApiFunction> functions() {
            return List.of(echo);
        }

        @Override
        public Optional<ApiFunction> function(String name) {
            return "echo".equals(name) ? Optional.of(echo) : Optional.empty();
        }

        @Override
        public ApiResult call(String name, Map<String, ?> parameters) {
            calls.add(parameters);
            return "echo".equals(name) ? ApiResult.ok(parameters)
                    : ApiResult.error(ErrorCode.NOT_FOUND, "unknown API function '" + name + "'");
        }

        @Override
        public Subscription subscribe(Runnable listener) {
            return () -> { };
        }
    };

    @Before
    public void start() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("bitdust/apisecret");
        secret = ApiSecret.loadOrCreate(file, new SecureRandom());
        secretText = Files.readString(file).trim();
        gateway = new ApiGateway(api, secret, 0);
    }

    @After
    public void stop() {
        gateway.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return Json.mapper().readTree(response.body());
    }

    @Test
    public void theSecretIsMadeOnceWithOwnerOnlyPermissions() throws Exception {
        Path file = secret.file();
        assertEquals(64, secretText.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(ApiSecret.loadOrCreate(file, new SecureRandom()).matches(secretText));
    }

    @Test
    public void requestsWithoutOrWithAWrongSecretAreRefused() throws Exception {
        HttpResponse<String> none = send(request("/api/v1/echo?key=a"));
        assertEquals(401, none.statusCode());
        String message = json(none).get("errors").get(0).asText();
        assertTrue(message, message.startsWith("access denied: no API secret"));
        assertTrue(message, message.contains("the file apisecret in the node's data folder"));
        assertFalse("an anonymous caller learns no absolute path: " + message,
                message.contains(tmp.getRoot().toString()));
        HttpResponse<String> wrong = send(request("/api/v1/echo?key=a").header("X-Api-Secret", "00"));
        assertEquals(401, wrong.statusCode());
        assertEquals("access denied: wrong API secret", json(wrong).get("errors").get(0).asText());
        assertTrue("refused requests reach no function", calls.isEmpty());
    }

    @Test
    public void getPassesQueryParametersAndTheHeaderOrBearerSecret() throws Exception {
        HttpResponse<String> ok = send(request("/api/v1/echo?key=logs%2Fdebug-level").header("X-Api-Secret",
                secretText));
        assertEquals(200, ok.statusCode());
        assertEquals("OK", json(ok).get("status").asText());
        assertEquals("logs/debug-level", json(ok).get("result").get("key").asText());
        HttpResponse<String> bearer = send(request("/api/v1/echo?key=b").header("Authorization",
                "Bearer " + secretText));
        assertEquals(200, bearer.statusCode());
    }

    @Test
    public void postTakesAJsonObject() throws Exception {
        HttpResponse<String> ok = send(request("/api/v1/echo").header("X-Api-Secret", secretText)
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"k\", \"n\": 5, \"flag\": true}")));
        assertEquals(200, ok.statusCode());
        assertEquals(5, json(ok).get("result").get("n").asInt());
        assertEquals(Map.of("key", "k", "n", 5, "flag", true), calls.get(0));
    }

    @Test
    public void aJsonBodyWithCurlsDefaultFormTypeAndAQueryStringIsReadAsJson() throws Exception {
        HttpResponse<String> ok = send(request("/api/v1/echo?flag=1").header("X-Api-Secret", secretText)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"k\", \"passphrase\": \"a b&c=d\"}")));
        assertEquals(ok.body(), 200, ok.statusCode());
        assertEquals(Map.of("flag", "1", "key", "k", "passphrase", "a b&c=d"), calls.get(0));
    }

    @Test
    public void postTakesFormFieldsAsTheLauncherSendsThem() throws Exception {
        HttpResponse<String> ok = send(request("/api/v1/echo?key=from-query&n=1&n=2").header("X-Api-Secret", secretText)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=k&passphrase=%C3%A9t%C3%A9+long+%26+%3D+phrase")));
        assertEquals(ok.body(), 200, ok.statusCode());
        assertEquals(Map.of("key", "k", "n", List.of("1", "2"), "passphrase", "\u00e9t\u00e9 long & = phrase"),
                calls.get(0));
        HttpResponse<String> broken = send(request("/api/v1/echo").header("X-Api-Secret", secretText)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=%zz")));
        assertEquals(400, broken.statusCode());
        assertTrue(json(broken).get("errors").get(0).asText().startsWith("malformed form body"));
        assertEquals(1, calls.size());
    }

    @Test
    public void noAnswerNamesTheServerSoftwareOrItsVersion() throws Exception {
        List<HttpResponse<String>> answers = List.of(send(request("/api/v1/echo?key=a")),
                send(request("/api/v1/echo?key=a").header("X-Api-Secret", secretText)), send(request("/")),
                send(request("/no/such/page")), send(request("/%2e%2e/apisecret")), send(request("/a%00b")));
        for (HttpResponse<String> answer : answers) {
            assertFalse(answer.uri() + " sends a Server header", answer.headers().firstValue("Server").isPresent());
            assertFalse(answer.uri() + " names Jetty: " + answer.body(),
                    answer.body().toLowerCase(java.util.Locale.ROOT).contains("jetty"));
        }
        assertEquals(404, answers.get(3).statusCode());
        assertTrue(answers.get(4).statusCode() >= 400);
    }

    @Test
    public void malformedBodiesUnknownFunctionsAndMethodsGetErrorsWithStatus() throws Exception {
        HttpResponse<String> broken = send(request("/api/v1/echo").header("X-Api-Secret", secretText)
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": ")));
        assertEquals(400, broken.statusCode());
        assertTrue(json(broken).get("errors").get(0).asText().startsWith("malformed JSON body"));
        HttpResponse<String> array = send(request("/api/v1/echo").header("X-Api-Secret", secretText)
                .POST(HttpRequest.BodyPublishers.ofString("[1, 2]")));
        assertEquals(400, array.statusCode());
        assertTrue(json(array).get("errors").get(0).asText().contains("must be an object"));
        HttpResponse<String> unknown = send(request("/api/v1/launch").header("X-Api-Secret", secretText));
        assertEquals(404, unknown.statusCode());
        assertEquals("ERROR", json(unknown).get("status").asText());
        HttpResponse<String> put = send(request("/api/v1/echo").header("X-Api-Secret", secretText)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, put.statusCode());
        byte[] huge = new byte[ApiServlet.MAX_BODY_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> tooLarge = send(request("/api/v1/echo").header("X-Api-Secret", secretText)
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)));
        assertEquals(413, tooLarge.statusCode());
        assertEquals("only the well-formed call to an unknown function reached the API", 1, calls.size());
    }

    @Test
    public void theRootListsFunctionsWithParameters() throws Exception {
        JsonNode list = json(send(request("/api/v1").header("X-Api-Secret", secretText)));
        assertEquals("echo", list.get("result").get(0).get("name").asText());
        assertEquals("key", list.get("result").get(0).get("parameters").get(0).get("name").asText());
    }

    @Test
    public void theWebPageIsServedWithoutDataAndUnknownPagesAre404() throws Exception {
        HttpResponse<String> page = send(request("/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>BitDust node</title>"));
        assertTrue(send(request("/app.js")).body().contains("/api/v1/"));
        assertEquals(404, send(request("/etc/passwd")).statusCode());
        HttpResponse<String> escape = send(request("/../apisecret"));
        assertTrue(escape.statusCode() == 400 || escape.statusCode() == 404);
        assertTrue(!escape.body().contains(secretText));
    }

    @Test
    public void itListensOnLoopbackOnly() {
        assertEquals("127.0.0.1", ApiGateway.HOST);
        assertTrue(gateway.port() > 0);
    }
}
