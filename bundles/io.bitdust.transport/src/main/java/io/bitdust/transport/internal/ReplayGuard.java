package io.bitdust.transport.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Hashes;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers each received packet, by creator and signature (which stands for the signed body), for twice the allowed
 * clock skew (after that the date check refuses it anyway), with the answer it got: a packet seen before has no second
 * effect, and gets the first answer again. Bounded: at most {@code capacity} packets are remembered, and only answers
 * whose payload is at most {@link #MAX_KEPT_PAYLOAD} bytes are kept: a large answer (a supplier handing back a stored
 * fragment) would make memory and the file grow with the data served; a replay of its request has no effect and gets
 * no answer, and its sender asks again with a new packet if it still needs one. Thread-safe.
 *
 * <p>With a file, it survives a restart: each packet seen and each answer is appended to it (through the operating
 * system's cache: a crash of the machine may forget the last moments), and opening it reads back what has not
 * expired, then rewrites the file with just that. A damaged tail (a record cut short) ends the reading.
 */
final class ReplayGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayGuard.class);
    private static final byte SEEN = 1;
    private static final byte ANSWER = 2;
    /** The largest answer payload kept for replays, in bytes. */
    static final int MAX_KEPT_PAYLOAD = 64 * 1024;

    /** What became of a packet seen first: its answer, once known ({@code null}: it needs none). */
    record Seen(long expires, CompletableFuture<Packet> answer) {
    }

    private final Map<Key, Seen> seen = new LinkedHashMap<>();
    private final Duration keep;
    private final int capacity;
    private final Clock clock;
    private final PacketCodec codec;
    private final FileChannel log;

    /**
     * @param keep     how long a packet is remembered
     * @param capacity the most packets remembered at once
     * @param clock    the time of expiry
     * @param file     where it is kept across restarts; {@code null} for memory only
     * @param codec    encodes and decodes the answers kept in the file
     * @throws BitDustException INTERNAL when the file cannot be read or written
     */
    ReplayGuard(Duration keep, int capacity, Clock clock, Path file, PacketCodec codec) {
        this.keep = keep;
        this.capacity = capacity;
        this.clock = clock;
        this.codec = codec;
        this.log = file == null ? null : open(file);
    }

    /** Closes the file; the guard then remembers in memory only. */
    @Override
    public synchronized void close() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.warn("Closing the replay file: {}", e.toString());
            }
        }
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
        Seen first = new Seen(now + keep.toMillis(), answer.thenApply(reply -> reply != null
                && reply.payloadLength() <= MAX_KEPT_PAYLOAD ? reply : null));
        seen.put(key, first);
        append(seenRecord(key, first.expires()));
        first.answer().thenAccept(reply -> {
            if (reply != null) {
                append(answerRecord(key, codec.encode(reply)));
            }
        });
        return null;
    }

    private FileChannel open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                load(Files.readAllBytes(file));
            }
            ByteArrayOutputStream live = new ByteArrayOutputStream();
            for (Map.Entry<Key, Seen> entry : seen.entrySet()) {
                live.writeBytes(seenRecord(entry.getKey(), entry.getValue().expires()));
                Packet reply = entry.getValue().answer().getNow(null);
                if (reply != null) {
                    live.writeBytes(answerRecord(entry.getKey(), codec.encode(reply)));
                }
            }
            AtomicFiles.write(file, live.toByteArray());
            return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot keep the replay guard in " + file + ": " + e, e);
        }
    }

    /** Reads the records that have not expired; every packet seen before a restart counts as answered. */
    private void load(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Map<Key, Packet> answers = new HashMap<>();
        long now = clock.millis();
        try {
            while (in.hasRemaining()) {
                byte type = in.get();
                if (type == SEEN) {
                    long expires = in.getLong();
                    Key key = readKey(in);
                    if (expires > now) {
                        seen.put(key, new Seen(expires, new CompletableFuture<>()));
                    }
                } else if (type == ANSWER) {
                    Key key = readKey(in);
                    byte[] reply = new byte[in.getInt()];
                    in.get(reply);
                    answers.put(key, codec.decode(reply));
                } else {
                    throw new IllegalArgumentException("record type " + type);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The replay file ends in a damaged record at byte {} ({}); what came before is kept",
                    in.position(), e.toString());
        }
        seen.forEach((key, first) -> first.answer().complete(answers.get(key)));
        LOG.info("The replay guard remembers {} packets from before the restart", seen.size());
    }

    private synchronized void append(byte[] record) {
        if (log == null || !log.isOpen()) {
            return;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(record);
            while (buffer.hasRemaining()) {
                log.write(buffer);
            }
        } catch (IOException e) {
            LOG.warn("Cannot append to the replay file: {}", e.toString());
        }
    }

    private static byte[] seenRecord(Key key, long expires) {
        byte[] creator = key.creator().toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 2 + creator.length + key.hash().length).put(SEEN).putLong(expires)
                .putShort((short) creator.length).put(creator).put(key.hash()).array();
    }

    private static byte[] answerRecord(Key key, byte[] reply) {
        byte[] creator = key.creator().toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 2 + creator.length + key.hash().length + 4 + reply.length).put(ANSWER)
                .putShort((short) creator.length).put(creator).put(key.hash()).putInt(reply.length).put(reply)
                .array();
    }

    private static Key readKey(ByteBuffer in) {
        byte[] creator = new byte[in.getShort() & 0xFFFF];
        in.get(creator);
        byte[] hash = new byte[Hashes.SHA256_LENGTH];
        in.get(hash);
        return new Key(IdUrl.parse(new String(creator, StandardCharsets.UTF_8)), hash);
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
