package io.bitdust.messaging.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SealedBox;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.PropagationResult;
import io.bitdust.identity.Publication;
import io.bitdust.identity.ServiceOffer;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Hand-written stand-ins for the neighbours of {@link Messenger}: peers, their identities, keys, and a wire. */
final class Fakes {
    static final SecureRandom RANDOM = new SecureRandom();
    static final String SERVER = "http://127.0.0.1:1";

    private Fakes() {
    }

    /** A node with keys and a signed identity. */
    static final class Peer implements KeyRing {
        final IdUrl idurl;
        final SigningKeyPair signing = SigningKeyPair.generate(RANDOM);
        final AgreementKeyPair agreement = AgreementKeyPair.generate(RANDOM);
        private final AtomicInteger packets = new AtomicInteger();

        Peer(String name) {
            idurl = IdUrl.of(SERVER, name);
        }

        Identity identity() {
            return Identity.builder().idurls(List.of(idurl)).contacts(List.of("tcp://127.0.0.1:1"))
                    .signingKey(signing.publicKey()).agreementKey(agreement.publicKey()).nickname(idurl.name())
                    .service(Identity.SUPPLIER, ServiceOffer.DISABLED).revision(1)
                    .date(Instant.parse("2026-01-01T00:00:00Z")).sign(this::sign);
        }

        /** A packet of this peer, owner and creator unless the owner is given. */
        Packet packet(Command command, IdUrl owner, IdUrl remote, long date, byte[] payload) {
            return Packet.sign(command, owner, idurl, idurl.name() + "-" + packets.incrementAndGet(), date, remote,
                    payload, signing);
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public void create() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SigningPublicKey signingPublicKey() {
            return signing.publicKey();
        }

        @Override
        public byte[] sign(byte[] message) {
            return Signatures.sign(signing, message);
        }

        @Override
        public AgreementPublicKey agreementPublicKey() {
            return agreement.publicKey();
        }

        @Override
        public byte[] openSealed(byte[] box) {
            return SealedBox.open(agreement, box);
        }

        @Override
        public byte[] exportKeys(char[] passphrase) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void importKeys(byte[] exported, char[] passphrase, SigningPublicKey expected) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkKeys(byte[] exported, char[] passphrase, SigningPublicKey expected) {
            throw new UnsupportedOperationException();
        }
    }

    /** Identities by IDURL. */
    static final class Cache implements IdentityCache {
        final Map<IdUrl, Identity> identities = new ConcurrentHashMap<>();

        Cache with(Peer... peers) {
            for (Peer peer : peers) {
                identities.put(peer.idurl, peer.identity());
            }
            return this;
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
            return new Retention() {
                @Override
                public IdUrl idurl() {
                    return idurl;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** My identity. */
    static final class Mine implements IdentityService {
        final Identity current;

        Mine(Peer me) {
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
        public Identity update(UnaryOperator<Identity.Builder> change) {
            throw new UnsupportedOperationException();
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

    /** What the wire does with a request. */
    enum Mode {
        /** Hands it to the recipient's handler and brings its answer back. */
        ONLINE,
        /** Fails at once: no contact takes it. */
        OFFLINE,
        /** Never completes: the answer is awaited. */
        HANG,
        /** Hands it to the recipient, then loses the answer. */
        LOSE_ANSWER
    }

    /** A gateway of one peer whose requests go straight to other peers' handlers. */
    static final class Wire implements Gateway {
        final Peer me;
        final Clock clock;
        final Map<IdUrl, PacketHandler> handlers = new ConcurrentHashMap<>();
        final Map<IdUrl, Peer> peers = new ConcurrentHashMap<>();
        final List<Packet> sent = new CopyOnWriteArrayList<>();
        volatile Mode mode = Mode.ONLINE;
        private final AtomicInteger packets = new AtomicInteger();

        Wire(Peer me, Clock clock) {
            this.me = me;
            this.clock = clock;
        }

        void connect(Peer peer, PacketHandler handler) {
            peers.put(peer.idurl, peer);
            handlers.put(peer.idurl, handler);
        }

        @Override
        public Packet packet(Command command, IdUrl remote, byte[] payload) {
            return Packet.sign(command, me.idurl, me.idurl, "me-" + packets.incrementAndGet(), clock.millis(), remote,
                    payload, me.signing);
        }

        @Override
        public CompletionStage<Packet> request(Packet packet) {
            sent.add(packet);
            switch (mode) {
                case OFFLINE:
                    return CompletableFuture.failedFuture(BitDustException.unavailable("no contact of "
                            + packet.remote() + " took the packet"));
                case HANG:
                    return new CompletableFuture<>();
                default:
                    break;
            }
            PacketHandler handler = handlers.get(packet.remote());
            Peer peer = peers.get(packet.remote());
            CompletableFuture<Packet> reply = handler.handle(packet).toCompletableFuture().thenApply(answer ->
                    Packet.sign(answer.command(), peer.idurl, peer.idurl, packet.packetId(), clock.millis(), me.idurl,
                            answer.payload(), peer.signing));
            if (mode == Mode.LOSE_ANSWER) {
                return reply.thenCompose(lost -> CompletableFuture.failedFuture(BitDustException.unavailable(
                        "timed out waiting for the answer")));
            }
            return reply;
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
            return mode == Mode.ONLINE;
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
