package io.bitdust.transport.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Hashes;
import io.bitdust.transport.packet.Packet;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers each received packet, by creator and signature (which stands for the signed body), for twice the allowed
 * clock skew
 * (after that the date check refuses it anyway), with the answer it got: a packet seen before has no second effect, and
 * gets the first answer again. Bounded: at most {@code capacity} packets are remembered. Thread-safe.
 */
final class ReplayGuard {
    /** What became of a packet seen first: its answer, once known ({@code null}: it needs none). */
    record Seen(long expires, CompletableFuture<Packet> answer) {
    }

    private final Map<Key, Seen> seen = new LinkedHashMap<>();
    private final Duration keep;
    private final int capacity;
    private final Clock clock;

    /**
     * @param keep     how long a packet is remembered
     * @param capacity the most packets remembered at once
     * @param clock    the time of expiry
     */
    ReplayGuard(Duration keep, int capacity, Clock clock) {
        this.keep = keep;
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * @param packet a received packet, checked
     * @return null when it is new (remembered now, with an answer to complete), the first one's record when it is a
     *     replay
     * @throws IllegalStateException when it is new but the guard is full of packets not yet expired
     */
    synchronized Seen first(Packet packet, CompletableFuture<Packet> answer) {
        long now = clock.millis();
        for (Iterator<Seen> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().expires() > now) {
                break;
            }
            it.remove();
        }
        Key key = new Key(packet.creator(), bodyHash(packet));
        Seen before = seen.get(key);
        if (before != null) {
            return before;
        }
        if (seen.size() >= capacity) {
            throw new IllegalStateException("the replay guard remembers " + capacity + " packets already");
        }
        seen.put(key, new Seen(now + keep.toMillis(), answer));
        return null;
    }

    synchronized int size() {
        return seen.size();
    }

    /**
     * The packet's signature stands for its body: it covers every byte of it, and an Ed25519 signature (with the
     * canonical S the verifier demands) cannot be changed into another valid one without the creator's private key.
     * Hashing it spares hashing payloads of megabytes.
     */
    private static byte[] bodyHash(Packet packet) {
        byte[] signature = packet.signature();
        return Hashes.newSha256().update(signature, 0, signature.length).digest();
    }

    private record Key(IdUrl creator, byte[] hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key && creator.equals(((Key) o).creator) && Arrays.equals(hash, ((Key) o).hash);
        }

        @Override
        public int hashCode() {
            return creator.hashCode() * 31 + Arrays.hashCode(hash);
        }
    }
}
