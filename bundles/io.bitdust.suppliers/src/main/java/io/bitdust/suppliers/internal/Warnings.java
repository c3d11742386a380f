package io.bitdust.suppliers.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a peer's misbehaviour of one kind once at WARN and later repeats at DEBUG, so that a peer answering nonsense
 * every minute cannot flood the log. Bounded: past {@value #MAX_KEYS} remembered keys it starts afresh.
 */
final class Warnings {
    private static final Logger LOG = LoggerFactory.getLogger(SupplierFamily.class);
    private static final int MAX_KEYS = 1000;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /**
     * @param peer    who misbehaved
     * @param kind    what kind of misbehaviour
     * @param format  the SLF4J message
     * @param args    its arguments
     */
    void once(Object peer, String kind, String format, Object... args) {
        if (seen.size() > MAX_KEYS) {
            seen.clear();
        }
        if (seen.add(peer + "|" + kind)) {
            LOG.warn(format, args);
        } else {
            LOG.debug(format, args);
        }
    }
}
