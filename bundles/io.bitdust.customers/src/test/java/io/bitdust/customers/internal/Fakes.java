package io.bitdust.customers.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.Publication;
import io.bitdust.identity.PropagationResult;
import io.bitdust.identity.ServiceOffer;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Hand-written stand-ins for the neighbours of {@link CustomerDesk}, and the peers of its tests. */
final class Fakes {
    static final SecureRandom RANDOM = new SecureRandom();
    static final String SERVER = "http://127.0.0.1:1";

    private Fakes() {
    }

    /**
     * {@link #RANDOM}, except that a draw of 16 bytes, the file ID of a stored object, takes the next file ID queued:
     * a test can then put a real obstacle on the disk where the desk is going to write.
     */
    static final class FileIds extends SecureRandom {
        private static final long serialVersionUID = 1L;

        private final transient Queue<String> queued = new ConcurrentLinkedQueue<>();

        /** @param fileId 32 hex digits: the file ID of the next object stored */
        void queue(String fileId) {
            queued.add(fileId);
        }

        boolean drawn() {
            return queued.isEmpty();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            String fileId = bytes.length == 16 ? queued.poll() : null;
            if (fileId == null) {
                RANDOM.nextBytes(bytes);
            } else {
                System.arraycopy(HexFormat.of().parseHex(fileId), 0, bytes, 0, bytes.length);
            }
        }
    }

    /** A node with keys and a signed identity. */
    static final class Peer {
        final IdUrl idurl;
        SigningKeyPair signing = SigningKeyPair.generate(RANDOM);
        AgreementKeyPair agreement = AgreementKeyPair.generate(RANDOM);
        private final AtomicInteger packets = new AtomicInteger();

        Peer(String name) {
            idurl = IdUrl.of(SERVER, name);
        }

        Identity identity() {
            return Identity.builder().idurls(List.of(idurl)).contacts(List.of("tcp://127.0.0.1:1"))
                    .signingKey(signing.publicKey()).agreementKey(agreement.publicKey()).nickname(idurl.name())
                    .service(Identity.SUPPLIER, ServiceOffer.DISABLED).revision(1)
                    .date(Instant.parse("2026-01-01T00:00:00Z")).sign(message -> Signatures.sign(signing, message));
        }

        Packet packet(Command command, IdUrl owner, IdUrl remote, long date, byte[] payload) {
            return Packet.sign(command, owner, idurl, idurl.name() + "-" + packets.incrementAndGet(), date, remote,
                    payload, signing);
        }
    }

    /** Customers' identities by IDURL; counts the holds. */
    static final class Cache implements IdentityCache {
        final Map<IdUrl, Identity> identities = new ConcurrentHashMap<>();
        final Map<IdUrl, AtomicInteger> holds = new ConcurrentHashMap<>();

        void put(Peer peer) {
            identities.put(peer.idurl, peer.identity());
        }

        int holds(IdUrl idurl) {
            return holds.getOrDefault(idurl, new AtomicInteger()).get();
        }

        @Override
        public Identity get(IdUrl idurl) {
            return fetch(idurl);
        }

        @Override
        public Identity fetch(IdUrl idurl) {
            Identity identity = identities.get(idurl);
            if (identity == null) {
                throw BitDustException.notFound("identity not found: " + idurl);
            }
            return identity;
        }

        @Override
        public Optional<Identity> cached(IdUrl idurl) {
            return Optional.ofNullable(identities.get(idurl));
        }

        @Override
        public Retention retain(IdUrl idurl) {
            AtomicInteger count = holds.computeIfAbsent(idurl, key -> new AtomicInteger());
            count.incrementAndGet();
            return new Retention() {
                private boolean closed;

                @Override
                public IdUrl idurl() {
                    return idurl;
                }

                @Override
                public synchronized void close() {
                    if (!closed) {
                        closed = true;
                        count.decrementAndGet();
                    }
                }
            };
        }
    }

    /** My identity, changed in memory. */
    static final class Mine implements IdentityService {
        final Peer me;
        volatile Identity current;
        final AtomicInteger updates = new AtomicInteger();

        Mine(Peer me) {
            this.me = me;
            this.current = me.identity();
        }

        @Override
        public Optional<Identity> identity() {
            return Optional.of(current);
        }

        @Override
        public Identity create(String username) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized Identity update(UnaryOperator<Identity.Builder> change) {
            current = change.apply(current.toBuilder()).revision(current.revision() + 1)
                    .sign(message -> Signatures.sign(me.signing, message));
            updates.incrementAndGet();
            return current;
        }

        @Override
        public List<PropagationResult> propagate() {
            return List.of();
        }

        @Override
        public Identity recover(Identity identity) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Publication> publication() {
            return List.of();
        }

        @Override
        public Subscription subscribe(Consumer<Identity> listener) {
            return () -> {
            };
        }

        @Override
        public void beforeRecovery(Identity next) {
            throw new UnsupportedOperationException("nothing here recovers an identity");
        }

        @Override
        public Subscription subscribeBeforeRecovery(Consumer<Identity> listener) {
            return () -> {
            };
        }
    }

    /** Records what is sent; peers in {@link #online} answer pings. */
    static final class Wire implements Gateway {
        final Peer me;
        final Clock clock;
        final List<Packet> sent = new CopyOnWriteArrayList<>();
        final Set<IdUrl> online = ConcurrentHashMap.newKeySet();
        private final AtomicInteger packets = new AtomicInteger();

        Wire(Peer me, Clock clock) {
            this.me = me;
            this.clock = clock;
        }

        @Override
        public Packet packet(Command command, IdUrl remote, byte[] payload) {
            return Packet.sign(command, me.idurl, me.idurl, "me-" + packets.incrementAndGet(), clock.millis(), remote,
                    payload, me.signing);
        }

        @Override
        public CompletionStage<Packet> request(Packet packet) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> send(Packet packet) {
            sent.add(packet);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public PingDTO ping(IdUrl peer, Duration timeout) {
            if (!online.contains(peer)) {
                throw BitDustException.unavailable("timed out");
            }
            PingDTO ping = new PingDTO();
            ping.idurl = peer.toString();
            return ping;
        }

        @Override
        public boolean online(IdUrl peer) {
            return online.contains(peer);
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

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        final AtomicLong millis = new AtomicLong(Instant.parse("2026-06-01T00:00:00Z").toEpochMilli());

        void advance(Duration duration) {
            millis.addAndGet(duration.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }
}
