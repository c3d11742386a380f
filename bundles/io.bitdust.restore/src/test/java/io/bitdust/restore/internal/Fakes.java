package io.bitdust.restore.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.pipeline.FragmentFile;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
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
import java.util.function.Predicate;

/**
 * Hand-written fakes of a customer's network: a family of suppliers by position, and a gateway whose suppliers keep
 * the Data packets they get and serve them on Retrieve, unless the test makes one offline, corrupting, or makes
 * Retrieves of some objects wait for it or fail.
 */
final class Fakes {
    static final IdUrl ME = IdUrl.of("http://127.0.0.1:8084", "alice");
    static final PacketCodec CODEC = new PacketCodec();
    /** Keys that are not mine. */
    static final SigningKeyPair STRANGER = SigningKeyPair.generate(new SecureRandom());

    private Fakes() {
    }

    /** @return the IDURL of the supplier hired at {@code position} in {@link Family#of} */
    static IdUrl supplier(int position) {
        return IdUrl.of("http://127.0.0.1:8084", "supplier-" + position);
    }

    /** Who is hired where. */
    static final class Family implements SupplierService {
        final Map<Integer, IdUrl> hired = new ConcurrentHashMap<>();
        private final int size;

        private Family(int size) {
            this.size = size;
        }

        /** @return a family of {@code size} positions, each with {@link #supplier} hired */
        static Family of(int size) {
            Family family = new Family(size);
            for (int position = 0; position < size; position++) {
                family.hired.put(position, Fakes.supplier(position));
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
            throw new UnsupportedOperationException();
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
            throw new UnsupportedOperationException();
        }
    }

    /**
     * The gateway of {@link #ME}: every supplier acknowledges Data and keeps the packet; a Retrieve is answered with
     * the packet kept under its name, as a supplier does.
     */
    static final class FakeGateway implements Gateway {
        final List<Packet> sent = new CopyOnWriteArrayList<>();
        /** Retrieves that wait for the test (objects {@link #hold} matches), never answered unless it does. */
        final List<CompletableFuture<Packet>> held = new CopyOnWriteArrayList<>();
        /** Suppliers that cannot be reached. */
        final Set<IdUrl> offline = ConcurrentHashMap.newKeySet();
        /**
         * Suppliers that serve fragments with a byte flipped in their shard and the packet signed again: bad data
         * only the signed manifest's SHA-256 tells (as if the fragment was damaged before it was signed).
         */
        final Set<IdUrl> corrupting = ConcurrentHashMap.newKeySet();
        /** Suppliers that serve every fragment in a packet that says it is mine but is signed with another key. */
        final Set<IdUrl> forging = ConcurrentHashMap.newKeySet();
        /** What each supplier keeps, by object name. */
        final Map<IdUrl, Map<String, Packet>> stored = new ConcurrentHashMap<>();
        /** Object names whose Retrieves wait in {@link #held}. */
        volatile Predicate<String> hold = name -> false;
        /** Object names whose Retrieves fail with "not found". */
        volatile Predicate<String> lost = name -> false;
        private final Function<byte[], byte[]> signer;

        /** @param signer signs my packets, as {@link #ME} */
        FakeGateway(Function<byte[], byte[]> signer) {
            this.signer = signer;
        }

        /** @return how many Retrieves were sent */
        long retrieves() {
            return sent.stream().filter(packet -> packet.command() == Command.RETRIEVE).count();
        }

        @Override
        public Packet packet(Command command, IdUrl remote, byte[] payload) {
            return Packet.sign(command, ME, ME, UUID.randomUUID().toString(), System.currentTimeMillis(), remote,
                    payload, signer);
        }

        @Override
        public CompletionStage<Packet> request(Packet packet) {
            sent.add(packet);
            if (offline.contains(packet.remote())) {
                return CompletableFuture.failedFuture(BitDustException.unavailable(packet.remote() + " is offline"));
            }
            Map<String, Packet> objects = stored.computeIfAbsent(packet.remote(), remote -> new ConcurrentHashMap<>());
            if (packet.command() == Command.DATA) {
                // a supplier keeps the bytes it received, not the sender's buffer
                objects.put(StoredData.parse(packet.payload()).name(), CODEC.decode(CODEC.encode(packet)));
                return CompletableFuture.completedFuture(answer(packet, Command.ACK, new byte[0]));
            }
            if (packet.command() != Command.RETRIEVE) {
                return CompletableFuture.completedFuture(answer(packet, Command.FAIL,
                        "unexpected".getBytes(StandardCharsets.UTF_8)));
            }
            String name = RetrieveRequest.parse(packet.payload()).name();
            if (hold.test(name)) {
                CompletableFuture<Packet> reply = new CompletableFuture<>();
                held.add(reply);
                return reply;
            }
            Packet object = objects.get(name);
            if (object == null || lost.test(name)) {
                return CompletableFuture.completedFuture(answer(packet, Command.FAIL,
                        "not found".getBytes(StandardCharsets.UTF_8)));
            }
            if (corrupting.contains(packet.remote())) {
                object = corrupted(object);
            } else if (forging.contains(packet.remote())) {
                object = Packet.sign(Command.DATA, object.owner(), object.creator(), object.packetId(), object.date(),
                        object.remote(), object.payload(), message -> Signatures.sign(STRANGER, message));
            }
            return CompletableFuture.completedFuture(answer(packet, Command.DATA, Payload.builder()
                    .packet(RetrieveRequest.ANSWER_FIELD, object, CODEC).build().toBytes()));
        }

        /** @return the packet with a byte of its fragment's shard flipped and its signature made again */
        private Packet corrupted(Packet object) {
            StoredData data = StoredData.parse(object.payload());
            byte[] file = data.data().clone();
            FragmentFile header;
            try {
                header = FragmentFile.read(file);
            } catch (BitDustException e) {
                return object;
            }
            file[header.shardOffset() + header.shardLength() / 2] ^= 1;
            return Packet.sign(Command.DATA, object.owner(), object.creator(), object.packetId(), object.date(),
                    object.remote(), new StoredData(data.name(), file).toBytes(), signer);
        }

        private Packet answer(Packet request, Command command, byte[] payload) {
            return Packet.sign(command, request.remote(), request.remote(), request.packetId(),
                    System.currentTimeMillis(), ME, payload, signer);
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
            return !offline.contains(peer);
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
}
