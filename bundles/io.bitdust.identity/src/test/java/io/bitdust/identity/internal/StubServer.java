package io.bitdust.identity.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A stand-in web server on 127.0.0.1: serves set answers by path, records POST bodies, can hang forever. */
final class StubServer implements AutoCloseable {
    /** A path whose requests are never answered. */
    static final String HANG = "/hang.json";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final List<byte[]> posted = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return {@code 127.0.0.1:<port>} */
    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(String path, int status, byte[] body) {
        statuses.put(path, status);
        answers.put(path, body);
    }

    List<byte[]> posted() {
        return posted;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (HANG.equals(path)) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if ("POST".equals(exchange.getRequestMethod())) {
            posted.add(exchange.getRequestBody().readAllBytes());
        }
        byte[] body = answers.getOrDefault(path, "{\"status\":\"ERROR\",\"errors\":[\"not here\"]}".getBytes());
        exchange.sendResponseHeaders(statuses.getOrDefault(path, 404), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
