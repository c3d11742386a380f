package io.bitdust.transport.tcp.internal;

import java.time.Duration;

/**
 * The bounds of the TCP transport.
 *
 * @param idleTimeout             how long a connection may carry nothing before it is closed
 * @param baseTimeout             how long a frame may take to arrive, or to be acknowledged, besides its transfer time
 * @param bytesPerSecond          the slowest transfer rate tolerated, which sizes the transfer time of a frame
 * @param maxConnections          the most connections open at once, both directions together, whether or not they
 *                                have said HELLO
 * @param helloTimeout            how long an accepted connection may take, from its accept, to deliver its whole
 *                                HELLO before it is closed
 * @param maxHandshakesPerAddress the most accepted connections from one remote address that have not said HELLO yet;
 *                                more from that address are refused at once, so one host cannot take every slot
 */
public record TcpLimits(Duration idleTimeout, Duration baseTimeout, long bytesPerSecond, int maxConnections,
        Duration helloTimeout, int maxHandshakesPerAddress) {
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(5);
    private static final int HANDSHAKES_PER_ADDRESS = 4;

    /**
     * Two minutes idle, 10 seconds plus 256 KiB/s per frame, 256 connections, 5 seconds to say HELLO, 4 connections
     * without HELLO per remote address.
     */
    public static final TcpLimits DEFAULT = new TcpLimits(Duration.ofMinutes(2), Duration.ofSeconds(10), 256 * 1024,
            256, HELLO_TIMEOUT, HANDSHAKES_PER_ADDRESS);

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException naming the first bound that is not positive
     */
    public TcpLimits {
        positive("idleTimeout", idleTimeout);
        positive("baseTimeout", baseTimeout);
        positive("helloTimeout", helloTimeout);
        atLeastOne("bytesPerSecond", bytesPerSecond);
        atLeastOne("maxConnections", maxConnections);
        atLeastOne("maxHandshakesPerAddress", maxHandshakesPerAddress);
    }

    /**
     * The given bounds, with the default HELLO timeout and handshakes per address of {@link #DEFAULT}.
     *
     * @param idleTimeout    how long a connection may carry nothing before it is closed
     * @param baseTimeout    how long a frame may take to arrive, or to be acknowledged, besides its transfer time
     * @param bytesPerSecond the slowest transfer rate tolerated
     * @param maxConnections the most connections open at once
     * @throws IllegalArgumentException naming the first bound that is not positive
     */
    public TcpLimits(Duration idleTimeout, Duration baseTimeout, long bytesPerSecond, int maxConnections) {
        this(idleTimeout, baseTimeout, bytesPerSecond, maxConnections, HELLO_TIMEOUT, HANDSHAKES_PER_ADDRESS);
    }

    /**
     * @param length a frame's length in bytes
     * @return how long it may take to arrive or to be acknowledged, in milliseconds
     */
    public long frameTimeout(long length) {
        return baseTimeout.toMillis() + length * 1000 / bytesPerSecond;
    }

    private static void atLeastOne(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }

    private static void positive(String name, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + duration);
        }
    }
}
