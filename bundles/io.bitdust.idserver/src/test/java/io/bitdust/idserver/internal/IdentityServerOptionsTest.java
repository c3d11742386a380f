package io.bitdust.idserver.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.internal.Options;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class IdentityServerOptionsTest {
    private static final String PORT = IdentityServerComponent.PORT.key();
    private static final String HOST = IdentityServerComponent.HOST.key();

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private IdentityServerComponent component;

    @After
    public void stop() throws InterruptedException {
        if (component != null) {
            component.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Path data() {
        return temp.getRoot().toPath().resolve("data");
    }

    private Options startServer(int port) throws Exception {
        Options options = new Options(data().resolve("options.properties"), null, Map.of(
                "BITDUST_SERVICES_IDENTITY_SERVER_ENABLED", "true",
                "BITDUST_SERVICES_IDENTITY_SERVER_WEB_PORT", Integer.toString(port)));
        component = new IdentityServerComponent(options, data());
        waitForAddress(port);
        return options;
    }

    private void waitForAddress(int port) throws Exception {
        Path address = data().resolve(IdentityServerComponent.ADDRESS_FILE);
        String wanted = "http://127.0.0.1:" + port + "/";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(address) || !Files.readString(address, StandardCharsets.US_ASCII).trim().equals(wanted)) {
            assertTrue("the identity server did not come up on " + wanted, System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    @Test
    public void aServerThatHostsNoIdentityMovesToAFreePort() throws Exception {
        Options options = startServer(freePort());
        int next = freePort();
        options.set(PORT, Integer.toString(next));
        waitForAddress(next);
    }

    @Test
    public void aServerThatHostsIdentitiesDoesNotMoveAndSaysHowMany() throws Exception {
        int port = freePort();
        Path store = data().resolve("idserver");
        Files.createDirectories(store);
        Keys keys = new Keys();
        for (String name : new String[] {"alice", "bob"}) {
            Files.write(store.resolve(name + ".json"), keys.identity("http://127.0.0.1:" + port, name, 1).toJson());
        }
        Files.write(store.resolve("carol.json"), keys.identity("http://elsewhere.example:8084", "carol", 1).toJson());
        Options options = startServer(port);
        int next = freePort();
        BitDustException moved = assertThrows(BitDustException.class, () -> options.set(PORT, Integer.toString(next)));
        assertEquals(ErrorCode.CONFLICT, moved.code());
        assertEquals("cannot set " + PORT + " to " + next + ": the identity server hosts 2 identities whose IDURLs"
                + " name http://127.0.0.1:" + port + "; they would all become unreachable if it moved",
                moved.getMessage());
        BitDustException renamed = assertThrows(BitDustException.class, () -> options.set(HOST, "id.example.org"));
        assertTrue(renamed.getMessage(), renamed.getMessage().contains("hosts 2 identities"));
        assertEquals(Integer.toString(port), options.get(PORT).value());
        assertEquals("127.0.0.1", options.get(HOST).value());
        assertTrue("nothing was saved", Files.notExists(data().resolve("options.properties")));
        assertEquals(Integer.toString(port), options.set(PORT, Integer.toString(port)).value());
    }

    @Test
    public void aPortThatCannotBeBoundIsRefused() throws Exception {
        Options options = startServer(freePort());
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int busy = occupant.getLocalPort();
            BitDustException e = assertThrows(BitDustException.class, () -> options.set(PORT, Integer.toString(busy)));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("cannot listen on 0.0.0.0:" + busy));
        }
    }

    @Test
    public void hostsAreNamesOrAddresses() throws Exception {
        Options options = startServer(freePort());
        assertThrows(BitDustException.class, () -> options.set(HOST, "http://id.example.org/"));
        assertThrows(BitDustException.class, () -> options.set(HOST, ""));
        assertEquals("id.example.org", options.set(HOST, "ID.example.org").value());
    }
}
