package io.bitdust.config.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.Ports;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.config.OptionValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OptionChecksTest {
    private static final String KEY = "interface/api/rest-http-port";
    private static final String ENV = "BITDUST_INTERFACE_API_REST_HTTP_PORT";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<OptionValue> checked = new ArrayList<>();

    private Path store() {
        return tmp.getRoot().toPath().resolve("options.properties");
    }

    private Options options(Map<String, String> env) {
        Option port = Option.of(KEY, OptionType.PORT, "8180", "API port").checkedBy(change -> {
            checked.add(change);
            Ports.checkBindable("127.0.0.1", Integer.parseInt(change.value()));
        });
        Options options = new Options(store(), null, env);
        options.declare(List.of(port));
        return options;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    public void aPortNobodyCanListenOnIsRefusedAndNotSaved() throws IOException {
        Options options = options(Map.of());
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int busy = occupant.getLocalPort();
            BitDustException e = assertThrows(BitDustException.class, () -> options.set(KEY, Integer.toString(busy)));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot set " + KEY + " to " + busy
                    + ": cannot listen on 127.0.0.1:" + busy + ": "));
        }
        assertEquals("8180", options.get(KEY).value());
        assertTrue("nothing was written", Files.notExists(store()));
        assertEquals("8180", checked.get(0).oldValue());
    }

    @Test
    public void aFreePortIsAcceptedAndTheValueInForceIsNotCheckedAgain() throws IOException {
        int free = freePort();
        Options options = options(Map.of());
        assertEquals(Integer.toString(free), options.set(KEY, Integer.toString(free)).value());
        assertEquals(1, checked.size());
        try (ServerSocket owner = new ServerSocket(free, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(Integer.toString(free), options.set(KEY, " " + free).value());
        }
        assertEquals("the port the owner uses now is not probed", 1, checked.size());
    }

    @Test
    public void aResetToAPresetNobodyCanListenOnIsRefused() throws IOException {
        try (ServerSocket occupant = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String busy = Integer.toString(occupant.getLocalPort());
            Options options = options(Map.of(ENV, busy));
            assertEquals(busy, options.get(KEY).value());
            String free = Integer.toString(freePort());
            options.set(KEY, free);
            BitDustException e = assertThrows(BitDustException.class, () -> options.reset(KEY));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot reset " + KEY + " to " + busy + ": "));
            assertEquals(free, options.get(KEY).value());
            assertEquals(free, options(Map.of(ENV, busy)).get(KEY).value());
        }
    }

    @Test
    public void aWrongTypeIsRefusedBeforeAnyCheckRuns() {
        Options options = options(Map.of());
        assertThrows(BitDustException.class, () -> options.set(KEY, "0"));
        assertTrue(checked.isEmpty());
    }
}
