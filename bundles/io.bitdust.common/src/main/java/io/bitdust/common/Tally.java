package io.bitdust.common;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts events by name, e.g. the refusals of an area by reason (shown by {@code process_health}). Thread-safe. */
public final class Tally {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** @param name what happened once more */
    public void add(String name) {
        counts.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    /** @return every name counted so far and its count, by name */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((name, count) -> snapshot.put(name, count.sum()));
        return snapshot;
    }
}
