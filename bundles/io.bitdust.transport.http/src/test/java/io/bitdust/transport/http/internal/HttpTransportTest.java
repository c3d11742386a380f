package io.bitdust.transport.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.bitdust.transport.spi.InboundSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.Test;

/** The HTTP transport alone; the multi-node tests that use it live in {@code itests/network}. */
public class HttpTransportTest {
    private static final InboundSink NOWHERE = new InboundSink() {
        @Override
        public int maxLength() {
            return 1024;
        }

        @Override
        public void receive(InputStream in, int length) {
        }
    };

    @Test
    public void aTransportThatCannotListenNamesTheOptionAndStartsLaterOnTheSameObject() throws Exception {
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        int port = squatter.getLocalPort();
        HttpTransport http = new HttpTransport("127.0.0.1", port, "services/http-connections/http-port",
                "127.0.0.1");
        try {
            http.start(NOWHERE);
            fail("started on a taken port");
        } catch (IOException e) {
            assertEquals("cannot listen on 127.0.0.1:" + port + " (Address already in use); set "
                    + "services/http-connections/http-port to a free port", e.getMessage());
        }
        awaitNoThread("bitdust-http-transport");
        squatter.close();
        try {
            assertEquals(List.of("http://127.0.0.1:" + port + HttpTransport.PATH), http.start(NOWHERE));
        } finally {
            http.stop();
        }
    }

    /** Waits, for at most a minute, until no thread's name starts with the prefix. */
    private static void awaitNoThread(String prefix) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("a thread named " + prefix + "... outlived the failed start");
            }
            Thread.sleep(20);
        }
    }
}
