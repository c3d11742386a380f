package io.bitdust.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.Test;

public class PortsTest {

    @Test
    public void aPortAServerHoldsCannotBeBoundOnItsAddressNorOnAllInterfaces() throws IOException {
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = occupant.getLocalPort();
            for (String host : new String[] {"127.0.0.1", "0.0.0.0"}) {
                BitDustException e = assertThrows(BitDustException.class, () -> Ports.checkBindable(host, port));
                assertEquals(ErrorCode.CONFLICT, e.code());
                assertTrue(e.getMessage(), e.getMessage().startsWith("cannot listen on " + host + ":" + port + ": "));
            }
        }
    }

    @Test
    public void aFreedPortPassesAndTheProbeLeavesItFree() throws IOException {
        int port;
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = occupant.getLocalPort();
        }
        Ports.checkBindable("127.0.0.1", port);
        Ports.checkBindable("0.0.0.0", port);
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    public void portsOutsideTheRangeAndUnknownHostsAreInvalidArguments() {
        for (int port : new int[] {0, -1, 65536}) {
            BitDustException e = assertThrows(BitDustException.class, () -> Ports.checkBindable("127.0.0.1", port));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("port " + port + " is outside 1 to 65535"));
        }
        BitDustException e = assertThrows(BitDustException.class,
                () -> Ports.checkBindable("no-such-host.invalid", 8000));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("unknown host 'no-such-host.invalid'"));
    }
}
