package io.bitdust.http.internal;

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

public class ApiPortOptionTest {
    private static final String KEY = HttpGatewayComponent.PORT.key();

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void anApiPortThatCannotBeBoundOnLoopbackIsRefusedAndNotSaved() throws IOException {
        Path store = temp.getRoot().toPath().resolve("options.properties");
        Options options = new Options(store, null, Map.of());
        options.declare(List.of(HttpGatewayComponent.PORT));
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int busy = occupant.getLocalPort();
            BitDustException e = assertThrows(BitDustException.class, () -> options.set(KEY, Integer.toString(busy)));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot set " + KEY + " to " + busy
                    + ": cannot listen on 127.0.0.1:" + busy + ": "));
        }
        assertEquals("8180", options.get(KEY).value());
        assertTrue("nothing was saved", Files.notExists(store));
    }
}
