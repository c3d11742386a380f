package io.bitdust.transport.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Hashes;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers each received packet, by creator and the SHA-256 of its signed body, for twice the allowed clock skew
 * (after that the date check refuses it anyway), with the answer it got: a packet seen before has no second effect, and
 * gets the first answer again. Bounded: at most {@code capacity} packets are remembered. Thread-safe.
 */
final class ReplayGuard {
    /** What became of a packet seen first: its answer, once known ({@code null}: it needs none). */
    record Seen(long expires, CompletableFuture<Packet> answer) {
    }

    private final Map<Key, Seen> seen = new LinkedHashMap<>();
    private final PacketCodec codec;
    private final Duration keep;
    private final int capacity;
    private final Clock clock;

    /**
     * @param codec    encodes packets, to hash their bodies
     * @param keep     how long a packet is remembered
     * @param capacity the most packets remembered at once
     * @param clock    the time of expiry
     */
    ReplayGuard(PacketCodec codec, Duration keep, int capacity, Clock clock) {
        this.codec = codec;
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

    private byte[] bodyHash(Packet packet) {
        Hashes.Sha256 sha256 = Hashes.newSha256();
        int bodyLength = codec.encodedLength(packet) - 64;
        try {
            codec.write(packet, new OutputStream() {
                private int written;

                @Override
                public void write(int b) {
                    if (written++ < bodyLength) {
                        sha256.update(new byte[] {(byte) b}, 0, 1);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    int body = Math.max(0, Math.min(length, bodyLength - written));
                    sha256.update(bytes, offset, body);
                    written += length;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256.digest();
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
