package io.bitdust.transport.internal;

import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.spi.Transport;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One transport and what became of it. Its start is tried until it succeeds: {@code attempt} numbers the tries, so
 * that the outcome or the time-out of an old try changes nothing.
 */
final class TransportSlot {
    private static final Duration FIRST_RESTART = Duration.ofSeconds(1);
    private static final Duration MAX_RESTART = Duration.ofMinutes(1);

    enum State { STARTING, ACTIVE, FAILED, REMOVED }

    /** How a try to start a transport ended. */
    enum Outcome { ACTIVE, RETRY, STOP, NONE }

    /** Higher ranking first, then the one added first. */
    static final Comparator<TransportSlot> ORDER = Comparator.comparingInt((TransportSlot slot) -> -slot.ranking)
            .thenComparingLong(slot -> slot.added);

    final long serviceId;
    final int ranking;
    final long added;
    final Transport transport;
    final String protocol;
    volatile State state = State.STARTING;
    volatile List<String> contacts = List.of();
    volatile String reason;
    String previousReason;
    int attempt;
    int failures;
    boolean starting;

    TransportSlot(long serviceId, int ranking, long added, Transport transport) {
        this.serviceId = serviceId;
        this.ranking = ranking;
        this.added = added;
        this.transport = transport;
        this.protocol = transport.protocol();
    }

    /** @return the number of the try that begins now, or 0 when the transport was removed meanwhile */
    synchronized int begin() {
        if (state == State.REMOVED) {
            return 0;
        }
        starting = true;
        return ++attempt;
    }

    /** A try that has not finished in time: shown as failed until it finishes. */
    synchronized void slow(int tried, String why) {
        if (starting && tried == attempt && state == State.STARTING) {
            reason = why + "; still trying";
            state = State.FAILED;
        }
    }

    /** Records how a try ended: active, failed (to be tried again), or late for a transport removed meanwhile. */
    synchronized Outcome started(int tried, List<String> startedContacts, String error) {
        if (tried != attempt) {
            return Outcome.NONE;
        }
        starting = false;
        if (state == State.REMOVED) {
            return Outcome.STOP;
        }
        previousReason = reason;
        if (error == null) {
            contacts = startedContacts;
            reason = null;
            failures = 0;
            state = State.ACTIVE;
            return Outcome.ACTIVE;
        }
        reason = error;
        failures++;
        state = State.FAILED;
        return Outcome.RETRY;
    }

    /** @return the pause before the next try: 1 s after the first failure, doubling up to 1 min */
    synchronized Duration pause() {
        Duration pause = FIRST_RESTART.multipliedBy(1L << Math.min(failures - 1, 16));
        return pause.compareTo(MAX_RESTART) > 0 ? MAX_RESTART : pause;
    }

    /** @return whether the last failure has another reason than the one before, so is worth a warning */
    synchronized boolean reasonChanged() {
        return failures == 1 || !String.valueOf(reason).equals(previousReason);
    }

    /**
     * Marks it removed; its contacts leave my identity.
     *
     * @return whether the caller must stop it now; a try in progress stops it when it ends
     */
    synchronized boolean remove() {
        boolean stopNow = !starting && state != State.REMOVED;
        state = State.REMOVED;
        return stopNow;
    }

    TransportDTO view() {
        TransportDTO dto = new TransportDTO();
        dto.serviceId = serviceId;
        dto.protocol = protocol;
        dto.state = state.name().toLowerCase(Locale.ROOT);
        dto.contacts = state == State.ACTIVE ? contacts : List.of();
        dto.reason = reason;
        return dto;
    }
}
