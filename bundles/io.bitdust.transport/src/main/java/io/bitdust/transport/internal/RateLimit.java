package io.bitdust.transport.internal;

import java.time.Clock;

/** A token bucket: {@code perSecond} tokens a second, at most twice that saved up. Thread-safe. */
final class RateLimit {
    private final int perSecond;
    private final Clock clock;
    private double tokens;
    private long last;

    RateLimit(int perSecond, Clock clock) {
        this.perSecond = perSecond;
        this.clock = clock;
        this.tokens = 2.0 * perSecond;
        this.last = clock.millis();
    }

    synchronized boolean tryTake() {
        long now = clock.millis();
        tokens = Math.min(2.0 * perSecond, tokens + (now - last) * perSecond / 1000.0);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
