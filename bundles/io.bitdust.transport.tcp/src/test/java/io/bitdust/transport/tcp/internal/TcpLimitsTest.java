package io.bitdust.transport.tcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import org.junit.Test;

public class TcpLimitsTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    public void aBoundThatIsNotPositiveIsRefusedByName() {
        assertEquals("maxHandshakesPerAddress must be at least 1, not 0", assertThrows(IllegalArgumentException.class,
                () -> new TcpLimits(SECOND, SECOND, 1, 1, SECOND, 0)).getMessage());
        assertEquals("maxConnections must be at least 1, not -1", assertThrows(IllegalArgumentException.class,
                () -> new TcpLimits(SECOND, SECOND, 1, -1)).getMessage());
        assertEquals("helloTimeout must be a positive duration, not PT0S", assertThrows(
                IllegalArgumentException.class, () -> new TcpLimits(SECOND, SECOND, 1, 1, Duration.ZERO, 1))
                .getMessage());
    }

    @Test
    public void aFrameMayTakeTheBaseTimeoutPlusItsTransferTime() {
        TcpLimits limits = new TcpLimits(SECOND, Duration.ofSeconds(10), 1024, 1);
        assertEquals(10_000 + 2_000, limits.frameTimeout(2048));
    }
}
