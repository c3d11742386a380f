package io.bitdust.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.ApiResult;
import io.bitdust.api.BitDustApi;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.internal.Options;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HttpGatewayComponentTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final BitDustApi api = new BitDustApi() {
        @Override
        public List<ApiFunction> functions() {
            return List.of();
        }

        @Override
        public Optional<ApiFunction> function(String name) {
            return Optional.empty();
        }

        @Override
        public ApiResult call(String name, Map<String, ?> parameters) {
            return ApiResult.ok("called " + name);
        }

        @Override
        public Subscription subscribe(Runnable listener) {
            return () -> { };
        }
    };

    @Test
    public void aBusyPortAtStartMovesTheApiToAFreePortAndSaysWhere() throws Exception {
        Path data = tmp.getRoot().toPath();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName(ApiGateway.HOST))) {
            int port = busy.getLocalPort();
            Options config = new Options(data.resolve("options.properties"), null,
                    Map.of("BITDUST_INTERFACE_API_REST_HTTP_PORT", String.valueOf(port)));
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            HttpGatewayComponent component;
            try {
                component = new HttpGatewayComponent(api, config, data);
            } finally {
                System.setErr(err);
            }
            try {
                String url = Files.readString(data.resolve(HttpGatewayComponent.ADDRESS_FILE)).trim();
                assertTrue(url, url.matches("http://127\\.0\\.0\\.1:\\d+/"));
                int real = URI.create(url).getPort();
                assertNotEquals("not the busy port", port, real);
                String secret = Files.readString(data.resolve("apisecret")).trim();
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url + "api/v1/process_health")).header("X-Api-Secret", secret).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode());
                assertTrue(answer.body(), answer.body().contains("called process_health"));
                String text = log.toString(StandardCharsets.UTF_8);
                assertTrue(text, text.contains("WARN"));
                assertTrue("names the busy port and the option: " + text, text.contains("The API port " + port
                        + " (interface/api/rest-http-port) cannot be used"));
                assertTrue("says where the API is instead: " + text, text.contains("listens on " + url + "api/v1"));
                assertEquals("the option keeps what the user chose", port, config.getInt(HttpGatewayComponent.PORT
                        .key()));
                assertEquals("the port the gateway fell back to can be kept", String.valueOf(real),
                        config.set(HttpGatewayComponent.PORT.key(), String.valueOf(real)).value());
                assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url + "api/v1/process_health")).header("X-Api-Secret", secret).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            } finally {
                component.stop();
            }
            assertTrue("api.url is removed when the gateway stops",
                    !Files.exists(data.resolve(HttpGatewayComponent.ADDRESS_FILE)));
        }
    }

    @Test
    public void aPortThatCannotBeBoundIsRefusedAndNotSaved() throws Exception {
        Path data = tmp.getRoot().toPath();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName(ApiGateway.HOST))) {
            port = probe.getLocalPort();
        }
        Path store = data.resolve("options.properties");
        Options config = new Options(store, null, Map.of("BITDUST_INTERFACE_API_REST_HTTP_PORT",
                String.valueOf(port)));
        HttpGatewayComponent component = new HttpGatewayComponent(api, config, data);
        String key = HttpGatewayComponent.PORT.key();
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getByName(ApiGateway.HOST))) {
            int busy = occupant.getLocalPort();
            BitDustException e = assertThrows(BitDustException.class, () -> config.set(key, String.valueOf(busy)));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot set " + key + " to " + busy
                    + ": cannot listen on 127.0.0.1:" + busy + ": "));
            assertEquals(port, config.getInt(key));
            assertTrue("nothing was saved", Files.notExists(store));
        } finally {
            component.stop();
        }
    }

    @Test
    public void aFreePortIsUsedAsConfigured() throws Exception {
        Path data = tmp.getRoot().toPath();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName(ApiGateway.HOST))) {
            port = probe.getLocalPort();
        }
        Options config = new Options(data.resolve("options.properties"), null,
                Map.of("BITDUST_INTERFACE_API_REST_HTTP_PORT", String.valueOf(port)));
        HttpGatewayComponent component = new HttpGatewayComponent(api, config, data);
        try {
            assertEquals("http://127.0.0.1:" + port + "/",
                    Files.readString(data.resolve(HttpGatewayComponent.ADDRESS_FILE)).trim());
        } finally {
            component.stop();
        }
    }

    @Test
    public void aNewPortMovesTheApiThereOnlyOnceTheNewServerListens() throws Exception {
        Path data = tmp.getRoot().toPath();
        int first;
        int next;
        try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getByName(ApiGateway.HOST));
                ServerSocket b = new ServerSocket(0, 50, InetAddress.getByName(ApiGateway.HOST))) {
            first = a.getLocalPort();
            next = b.getLocalPort();
        }
        Options config = new Options(data.resolve("options.properties"), null,
                Map.of("BITDUST_INTERFACE_API_REST_HTTP_PORT", String.valueOf(first)));
        HttpGatewayComponent component = new HttpGatewayComponent(api, config, data);
        String secret = Files.readString(data.resolve("apisecret")).trim();
        try {
            config.set(HttpGatewayComponent.PORT.key(), String.valueOf(next));
            String moved = "http://127.0.0.1:" + next + "/";
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!moved.equals(Files.readString(data.resolve(HttpGatewayComponent.ADDRESS_FILE)).trim())) {
                assertTrue("the API did not move to " + moved, System.nanoTime() < deadline);
                Thread.sleep(20);
            }
            assertEquals(200, health(next, secret));
            assertThrows("the old server is stopped", IOException.class, () -> health(first, secret));
        } finally {
            component.stop();
        }
    }

    private static int health(int port, String secret) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/process_health")).header("X-Api-Secret", secret).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
