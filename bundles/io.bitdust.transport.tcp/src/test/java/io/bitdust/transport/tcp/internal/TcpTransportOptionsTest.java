package io.bitdust.transport.tcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.internal.Options;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TcpTransportOptionsTest {
    private static final String PORT = TcpTransportComponent.PORT.key();
    private static final String HOST = TcpTransportComponent.HOST.key();

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path store() {
        return temp.getRoot().toPath().resolve("options.properties");
    }

    private Options options() {
        Options options = new Options(store(), null, Map.of());
        options.declare(List.of(TcpTransportComponent.PORT, TcpTransportComponent.HOST));
        return options;
    }

    @Test
    public void aPortThatCannotBeBoundOnAllInterfacesIsRefusedAndNotSaved() throws IOException {
        Options options = options();
        String before = options.get(PORT).value();
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int busy = occupant.getLocalPort();
            BitDustException e = assertThrows(BitDustException.class, () -> options.set(PORT, Integer.toString(busy)));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot set " + PORT + " to " + busy
                    + ": cannot listen on 0.0.0.0:" + busy + ": "));
        }
        assertEquals(before, options.get(PORT).value());
        assertTrue("nothing was saved", Files.notExists(store()));
    }

    @Test
    public void aFreePortIsAccepted() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        assertEquals(Integer.toString(free), options().set(PORT, Integer.toString(free)).value());
    }

    @Test
    public void theHostIsANameOrAnAddress() {
        Options options = options();
        for (String bad : new String[] {"", "two words", "host:80", "tcp://host"}) {
            assertThrows(bad, BitDustException.class, () -> options.set(HOST, bad));
        }
        assertEquals("peer.example.org", options.set(HOST, "Peer.Example.org").value());
    }
}
