package io.bitdust.transport.tcp.internal;

import java.time.Duration;

/**
 * The bounds of the TCP transport.
 *
 * @param idleTimeout    how long a connection may carry nothing before it is closed
 * @param baseTimeout    how long a frame may take to arrive, or to be acknowledged, besides its transfer time
 * @param bytesPerSecond the slowest transfer rate tolerated, which sizes the transfer time of a frame
 * @param maxConnections the most connections open at once, both directions together
 */
public record TcpLimits(Duration idleTimeout, Duration baseTimeout, long bytesPerSecond, int maxConnections) {
    /** Two minutes idle, 10 seconds plus 256 KiB/s per frame, 64 connections. */
    public static final TcpLimits DEFAULT = new TcpLimits(Duration.ofMinutes(2), Duration.ofSeconds(10), 256 * 1024,
            64);

    /**
     * @param length a frame's length in bytes
     * @return how long it may take to arrive or to be acknowledged, in milliseconds
     */
    public long frameTimeout(long length) {
        return baseTimeout.toMillis() + length * 1000 / bytesPerSecond;
    }
}
