package io.bitdust.suppliers.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.PropagationResult;
import io.bitdust.identity.RecoveryRecords;
import io.bitdust.identity.Publication;
import io.bitdust.identity.ServiceOffer;
import io.bitdust.storage.Listing;
import io.bitdust.storage.ServiceRequest;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Hand-written fakes of the network around a customer: peers, their identities, a gateway that answers for them. */
final class Fakes {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fakes() {
    }

    /** A peer: its keys and identity. */
    static final class Peer {
        final SigningKeyPair signing = SigningKeyPair.generate(RANDOM);
        final AgreementKeyPair agreement = AgreementKeyPair.generate(RANDOM);
        final IdUrl idurl;
        final Identity identity;

        Peer(String server, String name, long freeBytes) {
            idurl = IdUrl.of(server, name);
            identity = identity(signing, agreement.publicKey(), idurl, freeBytes);
        }
    }

    static Identity identity(SigningKeyPair signing, AgreementPublicKey agreement, IdUrl idurl, long freeBytes) {
        return Identity.builder().idurls(List.of(idurl)).contacts(List.of("tcp://127.0.0.1:7771"))
                .signingKey(signing.publicKey()).agreementKey(agreement)
                .service(Identity.SUPPLIER, ServiceOffer.of(freeBytes > 0, freeBytes)).nickname(idurl.name())
                .revision(1).date(Instant.parse("2025-01-31T12:00:00Z"))
                .sign(message -> Signatures.sign(signing, message));
    }

    /** The peers' identities; counts holds. */
    static final class Cache implements IdentityCache {
        final Map<IdUrl, Identity> identities = new ConcurrentHashMap<>();
        final Map<IdUrl, Integer> holds = new ConcurrentHashMap<>();

        void add(Identity identity) {
            identities.put(identity.idurl(), identity);
        }

        @Override
        public Identity get(IdUrl idurl) {
            return fetch(idurl);
        }

        @Override
        public Identity fetch(IdUrl idurl) {
            Identity identity = identities.get(idurl);
            if (identity == null) {
                throw BitDustException.notFound("no identity at " + idurl);
            }
            return identity;
        }

        @Override
        public Optional<Identity> cached(IdUrl idurl) {
            return Optional.ofNullable(identities.get(idurl));
        }

        @Override
        public Retention retain(IdUrl idurl) {
            holds.merge(idurl, 1, Integer::sum);
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
                        holds.merge(idurl, -1, Integer::sum);
                    }
                }
            };
        }

        int holds(IdUrl idurl) {
            return holds.getOrDefault(idurl, 0);
        }
    }

    /**
     * My identity; {@link #become} replaces it, as a recovery does, and tells the subscribers; {@link #beforeRecovery}
     * tells those of the announcement before it.
     */
    static final class Me implements IdentityService {
        final List<Consumer<Identity>> listeners = new CopyOnWriteArrayList<>();
        final List<Consumer<Identity>> recoveryListeners = new CopyOnWriteArrayList<>();
        volatile Identity identity;

        Me(KeyRing keys, String server, String name) {
            identity = identity(keys, server, name);
        }

        static Identity identity(KeyRing keys, String server, String name) {
            return Identity.builder().idurls(List.of(IdUrl.of(server, name)))
                    .contacts(List.of("tcp://127.0.0.1:7772")).signingKey(keys.signingPublicKey())
                    .agreementKey(keys.agreementPublicKey()).service(Identity.SUPPLIER, ServiceOffer.DISABLED)
                    .nickname(name).revision(1)
                    .date(Instant.parse("2025-01-31T12:00:00Z")).sign(keys::sign);
        }

        void become(Identity next) {
            identity = next;
            listeners.forEach(listener -> listener.accept(next));
        }

        @Override
        public Optional<Identity> identity() {
            return Optional.of(identity);
        }

        @Override
        public Identity create(String username) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Identity update(UnaryOperator<Identity.Builder> change) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PropagationResult> propagate() {
            return List.of();
        }

        @Override
        public Identity recover(Identity recovered) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Publication> publication() {
            return List.of();
        }

        @Override
        public Subscription subscribe(Consumer<Identity> listener) {
            Consumer<Identity> entry = listener::accept;
            listeners.add(entry);
            return () -> listeners.remove(entry);
        }

        @Override
        public void beforeRecovery(Identity next) {
            recoveryListeners.forEach(listener -> listener.accept(next));
        }

        @Override
        public Subscription subscribeBeforeRecovery(Consumer<Identity> listener) {
            Consumer<Identity> entry = listener::accept;
            recoveryListeners.add(entry);
            return () -> recoveryListeners.remove(entry);
        }
    }

    /** A request the gateway holds until the test answers it. */
    record Held(Packet request, CompletableFuture<Packet> reply) {
    }

    /**
     * Answers for the peers: RequestService Ack (Fail for refusing peers), ListFiles a listing sealed to me,
     * CancelService Ack; offline peers answer nothing. Every packet sent is recorded.
     */
    static final class Network implements Gateway {
        final KeyRing keys;
        final IdUrl me;
        final Map<IdUrl, Peer> peers = new ConcurrentHashMap<>();
        final Set<IdUrl> offline = ConcurrentHashMap.newKeySet();
        final Set<IdUrl> refusing = ConcurrentHashMap.newKeySet();
        /** Peers that lost my contract: they answer ListFiles with Fail "not-customer". */
        final Set<IdUrl> forgot = ConcurrentHashMap.newKeySet();
        /** Peers that answer every request with this command and a garbage payload. */
        final Map<IdUrl, Command> odd = new ConcurrentHashMap<>();
        final List<Packet> sent = new CopyOnWriteArrayList<>();
        final List<Held> held = new CopyOnWriteArrayList<>();
        volatile boolean hold;

        Network(KeyRing keys, IdUrl me) {
            this.keys = keys;
            this.me = me;
        }

        @Override
        public Packet packet(Command command, IdUrl remote, byte[] payload) {
            return Packet.sign(command, me, me, UUID.randomUUID().toString(), System.currentTimeMillis(), remote,
                    payload, keys::sign);
        }

        @Override
        public CompletionStage<Packet> request(Packet packet) {
            sent.add(packet);
            if (hold && packet.command() == Command.REQUEST_SERVICE) {
                CompletableFuture<Packet> reply = new CompletableFuture<>();
                held.add(new Held(packet, reply));
                return reply;
            }
            return CompletableFuture.supplyAsync(() -> answer(packet));
        }

        /** Answers the held requests as the peers would. */
        void release() {
            hold = false;
            for (Held request : held) {
                try {
                    request.reply().complete(answer(request.request()));
                } catch (RuntimeException e) {
                    request.reply().completeExceptionally(e);
                }
            }
            held.clear();
        }

        Packet answer(Packet request) {
            IdUrl to = request.remote();
            Peer peer = peers.get(to);
            if (peer == null || offline.contains(to)) {
                throw BitDustException.unavailable(to + " timed out");
            }
            Command odd = this.odd.get(to);
            if (odd != null) {
                return reply(peer, request, odd, new byte[] {1, 2, 3});
            }
            switch (request.command()) {
                case REQUEST_SERVICE:
                    return refusing.contains(to) ? reply(peer, request, Command.FAIL, text("not enough space"))
                            : reply(peer, request, Command.ACK, text("accepted"));
                case LIST_FILES:
                    if (forgot.contains(to)) {
                        return reply(peer, request, Command.FAIL, text("not-customer: " + me + " is not a customer"));
                    }
                    return reply(peer, request, Command.FILES, new Listing(allocated(to), 1000, List.of())
                            .seal(keys.agreementPublicKey(), RANDOM));
                default:
                    return reply(peer, request, Command.ACK, text("accepted"));
            }
        }

        /** @return the bytes of the last RequestService I sent to a peer */
        long allocated(IdUrl peer) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                Packet packet = sent.get(i);
                if (packet.remote().equals(peer) && packet.command() == Command.REQUEST_SERVICE) {
                    return ServiceRequest.parse(packet.payload()).bytes();
                }
            }
            return 0;
        }

        Packet reply(Peer peer, Packet request, Command command, byte[] payload) {
            return Packet.sign(command, peer.idurl, peer.idurl, request.packetId(), System.currentTimeMillis(), me,
                    payload, peer.signing);
        }

        /** A packet a peer sends me on its own. */
        Packet from(Peer peer, Command command, byte[] payload) {
            return Packet.sign(command, peer.idurl, peer.idurl, UUID.randomUUID().toString(),
                    System.currentTimeMillis(), me, payload, peer.signing);
        }

        @Override
        public CompletionStage<Void> send(Packet packet) {
            return request(packet).thenApply(reply -> null);
        }

        @Override
        public PingDTO ping(IdUrl peer, Duration timeout) {
            if (!peers.containsKey(peer) || offline.contains(peer)) {
                throw BitDustException.unavailable("timed out");
            }
            PingDTO ping = new PingDTO();
            ping.idurl = peer.toString();
            return ping;
        }

        @Override
        public boolean online(IdUrl peer) {
            return peers.containsKey(peer) && !offline.contains(peer);
        }

        @Override
        public List<TransportDTO> transports() {
            return List.of();
        }

        @Override
        public long dropped() {
            return 0;
        }

        static byte[] text(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * My recovery record, kept in memory: every content published, the one fetched; it can fail to publish, or answer
     * nothing as if no identity server were reachable.
     */
    static final class Records implements RecoveryRecords {
        final List<byte[]> published = new CopyOnWriteArrayList<>();
        /** When set, each identity has a record of its own: the one it names now publishes and fetches. */
        final Map<IdUrl, byte[]> byOwner = new ConcurrentHashMap<>();
        volatile Supplier<IdUrl> owner;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger fetches = new AtomicInteger();
        volatile byte[] content;
        volatile boolean failing;
        volatile boolean silent;
        private long revision;

        @Override
        public synchronized Published publish(IdUrl whose, byte[] bytes) {
            attempts.incrementAndGet();
            if (failing) {
                throw BitDustException.unavailable("no identity server took my recovery record: 127.0.0.1:1: down");
            }
            if (owner != null && !owner.get().equals(whose)) {
                throw new BitDustException(ErrorCode.CONFLICT, "my identity is " + owner.get() + " now");
            }
            content = bytes.clone();
            published.add(content);
            if (owner != null) {
                byOwner.put(owner.get(), content);
            }
            return new Published(++revision, 1, 1, List.of());
        }

        @Override
        public synchronized Fetched fetch() {
            fetches.incrementAndGet();
            if (silent) {
                return new Fetched(Optional.empty(), 0, 1, 0, List.of("127.0.0.1:1: down"));
            }
            byte[] held = owner != null ? byOwner.get(owner.get()) : content;
            return new Fetched(Optional.ofNullable(held).map(byte[]::clone), held == null ? 0 : revision, 1, 1,
                    List.of());
        }
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        void move(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
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
            return now.get();
        }
    }
}
