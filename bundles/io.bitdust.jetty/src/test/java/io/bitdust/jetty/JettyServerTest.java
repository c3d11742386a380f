package io.bitdust.jetty;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.junit.Test;

public class JettyServerTest {
    private static final String HOST = "127.0.0.1";
    private final HttpClient client = HttpClient.newHttpClient();

    private static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().print("hello from " + Thread.currentThread().getName());
        }
    }

    private HttpResponse<String> get(JettyServer server, String path) throws IOException, InterruptedException {
        return get(server.port(), path);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    private static void waitUntilNoThreads(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (threadsNamed(prefix) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(threadsNamed(prefix) + " threads named " + prefix + " are left");
            }
            Thread.sleep(20);
        }
    }

    @Test
    public void servesItsServletsOnItsOwnNamedThreadsWithoutTellingWhatServerItIs() throws Exception {
        JettyServer server = JettyServer.on(HOST, 0).threads("test-jetty-serve", 8, 1)
                .servlet("/hello/*", "hello", new Hello()).start();
        int port = server.port();
        try {
            assertNotEquals(0, server.port());
            assertEquals(HOST, server.host());
            HttpResponse<String> hello = get(server, "/hello/there");
            assertEquals(200, hello.statusCode());
            assertTrue(hello.body(), hello.body().startsWith("hello from test-jetty-serve"));
            assertFalse(hello.headers().firstValue("Server").isPresent());
            assertFalse(hello.headers().firstValue("X-Powered-By").isPresent());

            HttpResponse<String> missing = get(server, "/nothing");
            assertEquals(404, missing.statusCode());
            assertFalse(missing.headers().firstValue("Server").isPresent());
            assertFalse(missing.body(), missing.body().contains("Jetty"));
            assertFalse(missing.body(), missing.body().contains("jetty"));
        } finally {
            server.close();
        }
        waitUntilNoThreads("test-jetty-serve");
        assertThrows(IOException.class, () -> get(port, "/hello"));
    }

    @Test
    public void aPortInUseFailsNamingTheAddressAndLeavesNoThreadBehind() throws Exception {
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
            int busy = occupant.getLocalPort();
            IOException refused = assertThrows(IOException.class, () -> JettyServer.on(HOST, busy)
                    .threads("test-jetty-busy", 8, 1).servlet("/", "hello", new Hello()).start());
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("cannot listen on " + HOST + ":" + busy
                    + " ("));
            boolean bind = false;
            for (Throwable t = refused; t != null; t = t.getCause()) {
                bind |= t instanceof BindException;
            }
            assertTrue("the cause chain holds the BindException", bind);
        }
        waitUntilNoThreads("test-jetty-busy");
    }

    @Test
    public void errorPagesCanBeReplaced() throws Exception {
        JettyServer server = JettyServer.on(HOST, 0).errorPages(() -> new ErrorHandler() {
            @Override
            protected void writeErrorPage(HttpServletRequest request, Writer writer, int code, String message,
                    boolean showStacks) throws IOException {
                writer.write("{\"status\":" + code + "}");
            }
        }).servlet("/hello", "hello", new Hello()).start();
        try {
            HttpResponse<String> missing = get(server, "/elsewhere");
            assertEquals(404, missing.statusCode());
            assertEquals("{\"status\":404}", missing.body().trim());
        } finally {
            server.close();
        }
    }

    @Test
    public void badSettingsAreRefusedWithTheirReason() {
        assertEquals("port 65536 is out of range: allowed 0 to 65535", assertThrows(IllegalArgumentException.class,
                () -> JettyServer.on(HOST, 65536)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> JettyServer.on(" ", 0));
        assertEquals("a server's pool needs at least 4 threads and 1 to max kept idle, not max 2 and min 1",
                assertThrows(IllegalArgumentException.class, () -> JettyServer.on(HOST, 0).threads("x", 2, 1))
                        .getMessage());
    }

    @Test
    public void closeIsIdempotent() throws Exception {
        JettyServer server = JettyServer.on(HOST, 0).threads("test-jetty-close", 4, 1).start();
        server.close();
        server.close();
        waitUntilNoThreads("test-jetty-close");
    }
}
