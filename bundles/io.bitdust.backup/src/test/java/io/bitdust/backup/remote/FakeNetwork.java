package io.bitdust.backup.remote;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.storage.DeleteRequest;
import io.bitdust.storage.Listing;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.suppliers.CatalogHead;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Hand-written fakes of a customer's network: a family of suppliers by position, and a gateway whose requests the
 * test answers (Ack or Fail), or that answers them at once by a rule per supplier.
 */
public final class FakeNetwork {
    public static final SigningKeyPair KEY = SigningKeyPair.generate(new SecureRandom());
    public static final IdUrl ME = IdUrl.of("http://127.0.0.1:8084", "alice");
    public static final PacketCodec CODEC = new PacketCodec();

    private FakeNetwork() {
    }

    /** @return the IDURL of the supplier hired at {@code position} in {@link Family#of} */
    public static IdUrl supplier(int position) {
        return IdUrl.of("http://127.0.0.1:8084", "supplier-" + position);
    }

    /** Who is hired where. */
    public static final class Family implements SupplierService {
        public final Map<Integer, IdUrl> hired = new ConcurrentHashMap<>();
        private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();
        /** The positions {@link #replace} was asked for, in order. */
        public final List<Integer> replaced = new CopyOnWriteArrayList<>();
        /** The catalog head my recovery record carries, as the backup area last gave it. */
        public volatile CatalogHead head;
        private final int size;

        Family(int size) {
            this.size = size;
        }

        /** @return a family of {@code size} positions, each with {@link #supplier} hired */
        public static Family of(int size) {
            Family family = new Family(size);
            for (int position = 0; position < size; position++) {
                family.hired.put(position, FakeNetwork.supplier(position));
            }
            return family;
        }

        @Override
        public List<SupplierDTO> suppliers() {
            List<SupplierDTO> all = new ArrayList<>();
            for (int position = 0; position < size; position++) {
                SupplierDTO dto = new SupplierDTO();
                dto.position = position;
                dto.idurl = Optional.ofNullable(hired.get(position)).map(IdUrl::toString).orElse("");
                dto.contract = hired.containsKey(position) ? "active" : "none";
                all.add(dto);
            }
            return all;
        }

        @Override
        public Optional<IdUrl> supplier(int position) {
            return Optional.ofNullable(hired.get(position));
        }

        @Override
        public SupplierDTO replace(int position) {
            replaced.add(position);
            SupplierDTO dto = new SupplierDTO();
            dto.position = position;
            dto.contract = "hiring";
            return dto;
        }

        @Override
        public SupplierDTO change(int position, IdUrl newSupplier) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SupplierDTO> ping() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SpaceConsumedDTO space() {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable subscribe(IntConsumer listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        /** Tells the subscribers that a position changed. */
        public void changed(int position) {
            listeners.forEach(listener -> listener.accept(position));
        }

        @Override
        public void catalogHead(CatalogHead next) {
            head = next;
        }

        @Override
        public Optional<CatalogHead> catalogHead() {
            return Optional.ofNullable(head);
        }
    }

    /** A request waiting for the test's answer. */
    record Held(Packet packet, CompletableFuture<Packet> reply) {
        void ack() {
            reply.complete(answer(packet, Command.ACK, ""));
        }

        void fail(String reason) {
            reply.complete(answer(packet, Command.FAIL, reason));
        }
    }

    /**
     * The gateway: every request is recorded; a rule per recipient answers at once (a supplier that keeps Data
     * packets and serves them on Retrieve, as a supplier does), else the request is held for the test to answer.
     */
    public static final class FakeGateway implements Gateway {
        /** What was sent, as it went over the wire (a copy: the sender's buffer may be used again). */
        public final List<Packet> sent = new CopyOnWriteArrayList<>();
        public final List<Held> held = new CopyOnWriteArrayList<>();
        /** Recipients answered at once: empty for Ack (and serving Retrieves), else Fail with this reason. */
        public final Map<IdUrl, Optional<String>> rules = new ConcurrentHashMap<>();
        /** Recipients that cannot be reached. */
        public final Set<IdUrl> offline = ConcurrentHashMap.newKeySet();
        /** The key listings are sealed to, when ListFiles is answered; null: answered with Ack. */
        public volatile AgreementPublicKey listingKey;
        /** Recipients that answer a Retrieve with another object they hold. */
        final Set<IdUrl> liars = ConcurrentHashMap.newKeySet();
        /** What each recipient keeps, by object name. */
        public final Map<IdUrl, Map<String, Packet>> stored = new ConcurrentHashMap<>();
        private final Function<byte[], byte[]> signer;

        /** A gateway signing as {@link #ME} with {@link #KEY}. */
        public FakeGateway() {
            this(message -> Signatures.sign(KEY, message));
        }

        /** @param signer signs my packets, as {@link #ME} */
        public FakeGateway(Function<byte[], byte[]> signer) {
            this.signer = signer;
        }

        @Override
        public Packet packet(Command command, IdUrl remote, byte[] payload) {
            return Packet.sign(command, ME, ME, UUID.randomUUID().toString(), System.currentTimeMillis(), remote,
                    payload, signer);
        }

        /** Signs the payload's own encoding as the node's gateway does, rather than a copy as the default does. */
        @Override
        public Packet packet(Command command, IdUrl remote, Payload payload) {
            return Packet.sign(command, ME, ME, UUID.randomUUID().toString(), System.currentTimeMillis(), remote,
                    payload, signer);
        }

        @Override
        public CompletionStage<Packet> request(Packet packet) {
            sent.add(CODEC.decode(CODEC.encode(packet)));
            if (offline.contains(packet.remote())) {
                return CompletableFuture.failedFuture(BitDustException.unavailable(packet.remote() + " is offline"));
            }
            Optional<String> rule = rules.get(packet.remote());
            if (rule == null) {
                CompletableFuture<Packet> reply = new CompletableFuture<>();
                held.add(new Held(packet, reply));
                return reply;
            }
            if (rule.isPresent()) {
                return CompletableFuture.completedFuture(answer(packet, Command.FAIL, rule.get()));
            }
            Map<String, Packet> objects = stored.computeIfAbsent(packet.remote(), remote -> new ConcurrentHashMap<>());
            if (packet.command() == Command.DATA) {
                // a supplier keeps the bytes it received, not the sender's buffer
                objects.put(StoredData.parse(packet.payload()).name(), CODEC.decode(CODEC.encode(packet)));
            } else if (packet.command() == Command.DELETE_FILE) {
                DeleteRequest delete = DeleteRequest.parse(packet.payload());
                objects.keySet().removeIf(delete::covers);
            } else if (packet.command() == Command.LIST_FILES && listingKey != null) {
                List<Listing.Entry> entries = new ArrayList<>();
                objects.forEach((name, object) -> entries.add(new Listing.Entry(name, object.payload().length,
                        object.date())));
                return CompletableFuture.completedFuture(Packet.sign(Command.FILES, ME, packet.remote(),
                        packet.packetId(), System.currentTimeMillis(), ME, new Listing(1L << 30, 0, entries)
                                .seal(listingKey, new SecureRandom()), KEY));
            } else if (packet.command() == Command.RETRIEVE) {
                String name = RetrieveRequest.parse(packet.payload()).name();
                Packet object = liars.contains(packet.remote())
                        ? objects.entrySet().stream().filter(e -> !e.getKey().equals(name)).map(Map.Entry::getValue)
                                .findFirst().orElse(null)
                        : objects.get(name);
                if (object == null) {
                    return CompletableFuture.completedFuture(answer(packet, Command.FAIL, "not found"));
                }
                return CompletableFuture.completedFuture(Packet.sign(Command.DATA, ME, packet.remote(),
                        packet.packetId(), System.currentTimeMillis(), ME, Payload.builder()
                                .packet(RetrieveRequest.ANSWER_FIELD, object, CODEC).build().toBytes(), KEY));
            }
            return CompletableFuture.completedFuture(answer(packet, Command.ACK, ""));
        }

        /** Answers every request to every recipient with Ack from now on, and the held ones too. */
        public void ackAll() {
            for (int position = 0; position < 16; position++) {
                rules.put(supplier(position), Optional.empty());
            }
            for (Held request : held) {
                request.ack();
            }
        }

        /**
         * Answers every request to every recipient as a supplier does from now on (keeping Data packets), the held
         * ones too: unlike {@link #ackAll}, what was held is stored.
         */
        public void serveAll() {
            for (int position = 0; position < 16; position++) {
                rules.put(supplier(position), Optional.empty());
            }
            for (Held request : held) {
                request(request.packet()).thenAccept(request.reply()::complete);
            }
            held.clear();
        }

        /** @return how many requests went to {@code remote} */
        long sentTo(IdUrl remote) {
            return sent.stream().filter(packet -> packet.remote().equals(remote)).count();
        }

        @Override
        public CompletionStage<Void> send(Packet packet) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PingDTO ping(IdUrl peer, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean online(IdUrl peer) {
            return true;
        }

        @Override
        public List<TransportDTO> transports() {
            return List.of();
        }

        @Override
        public long dropped() {
            return 0;
        }
    }

    static Packet answer(Packet request, Command command, String text) {
        return Packet.sign(command, ME, request.remote(), request.packetId(), System.currentTimeMillis(), ME,
                text.getBytes(StandardCharsets.UTF_8), KEY);
    }
}
