package io.bitdust.transport.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.BoundedInputStream;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.PacketException;
import io.bitdust.transport.packet.PacketValidator;
import io.bitdust.transport.spi.Frame;
import io.bitdust.transport.spi.InboundSink;
import io.bitdust.transport.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Gateway}, usable without OSGi: transports and handlers are added and removed through plain methods keyed
 * by any object (the component uses service references). Every call into a transport or a handler is bounded by a
 * timeout and runs on the gateway's own threads, created here and stopped by {@link #close}.
 *
 * <p>Work of different kinds runs on separate bounded pools, so that one kind cannot starve another: received packets
 * are checked and dispatched on the inbound pool, handlers run on their own pool (each handler with its own bound on
 * requests in progress), sending runs on the outbound pool, identity fetches (which may block for seconds) on the
 * lookup pool, and transports start and stop on the control pool. Idle pool threads end after a while.
 */
public final class PacketGateway implements Gateway, InboundSink, AutoCloseable {
    /** Room for an encoded packet's fields around its payload: far more than the longest header and signature. */
    static final int ENVELOPE_ROOM = 4096;
    /** How much longer than a transport the gateway waits for a send, so that the transport's own limit comes first. */
    private static final Duration TRANSFER_GRACE = Duration.ofSeconds(2);
    static final int PEER_QUEUE_LIMIT = 256;
    /** The largest payload read from a creator whose identity is not known yet. */
    static final int STRANGER_PAYLOAD = 64 * 1024;
    private static final int INBOUND_LIMIT = 64;
    private static final long INBOUND_WAIT_SECONDS = 5;
        private static final long IDLE_THREAD_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(PacketGateway.class);

    private final IdentityService identity;
    private final IdentityCache cache;
    private final KeyRing keys;
    private final Clock clock;
    private final PacketCodec codec = new PacketCodec();
    private final SecureRandom random = new SecureRandom();
    private final Timeouts timeouts;
    private volatile long minBytesPerSecond;
    private final ExecutorService inboundPool;
    private final ExecutorService handlerPool;
    private final ExecutorService outboundPool;
    private final ExecutorService lookupPool;
    private final ExecutorService controlPool;
    private final ScheduledExecutorService timer;
    private final ExecutorService publisher;
    private final Semaphore inbound = new Semaphore(INBOUND_LIMIT);
    private final Map<Object, TransportSlot> transports = new LinkedHashMap<>();
    private final Map<Object, HandlerSlot> handlers = new LinkedHashMap<>();
    private final AtomicLong registrations = new AtomicLong();
    private final Map<PendingKey, Waiting> pending = new ConcurrentHashMap<>();
    private final Map<IdUrl, Peer> peers = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastDate = new AtomicLong();
    private final Limits limits;
    private final Semaphore budget;
    private final RateLimit unknownCreators;
    private final ReplayGuard replays;
    private final Map<IdUrl, CompletableFuture<Identity>> lookups = new ConcurrentHashMap<>();
    private final IdentityService.Subscription identityChanges;

    /**
     * @param identity my identity: signs my packets, receives my contacts
     * @param cache    peers' identities: their contacts and keys
     * @param keys     my keys, to sign packets
     * @param clock    the time of packets and of the date check
     */
    public PacketGateway(IdentityService identity, IdentityCache cache, KeyRing keys, Clock clock) {
        this(identity, cache, keys, clock, Timeouts.DEFAULT);
    }

    /**
     * As {@link #PacketGateway(IdentityService, IdentityCache, KeyRing, Clock)}, with other time limits.
     *
     * @param timeouts how long a transport may take to start or stop and a handler to answer
     */
    public PacketGateway(IdentityService identity, IdentityCache cache, KeyRing keys, Clock clock, Timeouts timeouts) {
        this(identity, cache, keys, clock, timeouts, Limits.DEFAULT);
    }

    /**
     * As {@link #PacketGateway(IdentityService, IdentityCache, KeyRing, Clock, Timeouts)}, with other limits on what
     * peers may cost this node.
     *
     * @param limits the inbound budget, the pace of identity fetches for unknown creators, the replay memory
     */
    public PacketGateway(IdentityService identity, IdentityCache cache, KeyRing keys, Clock clock, Timeouts timeouts,
            Limits limits) {
        this.limits = limits;
        this.budget = new Semaphore(limits.inboundBytes());
        this.unknownCreators = new RateLimit(limits.unknownCreatorsPerSecond(), clock);
        this.replays = new ReplayGuard(PacketValidator.DEFAULT_MAX_SKEW.multipliedBy(2), limits.replayMemory(), clock,
                limits.replayFile(), codec);
        this.identity = identity;
        this.cache = cache;
        this.keys = keys;
        this.clock = clock;
        this.timeouts = timeouts;
        this.minBytesPerSecond = timeouts.minBytesPerSecond();
        this.inboundPool = pool("in", 4);
        this.handlerPool = pool("handler", 8);
        this.outboundPool = pool("out", 4);
        this.lookupPool = pool("lookup", 4);
        this.controlPool = pool("control", 2);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                r -> daemon(r, "bitdust-gateway-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
        this.publisher = Executors.newSingleThreadExecutor(r -> daemon(r, "bitdust-gateway-contacts"));
        // A recovered or otherwise replaced identity may list another machine's contacts: put mine back.
        this.identityChanges = identity.subscribe(changed -> {
            if (!changed.contacts().equals(contacts())) {
                publishLater();
            }
        });
    }

    /**
     * Starts a transport, in the background; once it listens its contacts join my identity. A start that fails is
     * tried again after a pause that doubles from 1 s up to 1 min, until it succeeds or the transport is removed.
     *
     * @param key       identifies the transport for {@link #removeTransport}
     * @param serviceId its service id, shown in {@link #transports()}
     * @param transport the transport
     */
    public void addTransport(Object key, long serviceId, Transport transport) {
        addTransport(key, serviceId, 0, transport);
    }

    /**
     * As {@link #addTransport(Object, long, Transport)}, ranked: the contacts of transports with a higher ranking come
     * first in my identity, so peers try them first; equal rankings keep the order transports were added in.
     *
     * @param ranking the transport's {@code service.ranking}
     */
    public void addTransport(Object key, long serviceId, int ranking, Transport transport) {
        TransportSlot slot = new TransportSlot(serviceId, ranking, registrations.incrementAndGet(), transport);
        synchronized (transports) {
            transports.put(key, slot);
        }
        LOG.info("Starting transport {}", slot.protocol);
        start(slot);
    }

    private void start(TransportSlot slot) {
        int attempt = slot.begin();
        if (attempt == 0) {
            return;
        }
        CompletableFuture.supplyAsync(() -> {
            try {
                return List.copyOf(slot.transport.start(this));
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, controlPool).whenComplete((contacts, error) -> started(slot, attempt, contacts, error));
        timer.schedule(() -> slot.slow(attempt, "did not start within " + timeouts.plugin().toSeconds() + " s"),
                timeouts.plugin().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops a transport and takes its contacts out of my identity; its sends in flight go to the next contacts.
     *
     * @param key what {@link #addTransport} was given
     */
    public void removeTransport(Object key) {
        TransportSlot slot;
        synchronized (transports) {
            slot = transports.remove(key);
        }
        if (slot != null) {
            if (slot.remove()) {
                stopLater(slot);
            }
            publishLater();
        }
    }

    /**
     * Adds a handler with ranking 0 and {@value PacketHandler#DEFAULT_CONCURRENCY} requests in progress at most.
     *
     * @param key      identifies the handler for {@link #removeHandler}
     * @param commands the commands it serves
     * @param handler  the handler
     */
    public void addHandler(Object key, Set<Command> commands, PacketHandler handler) {
        addHandler(key, 0, PacketHandler.DEFAULT_CONCURRENCY, commands, handler);
    }

    /**
     * @param key         identifies the handler for {@link #removeHandler}
     * @param ranking     its {@code service.ranking}: of several handlers of one command, the highest serves it
     *                    (equal rankings: the one added first)
     * @param concurrency how many of its requests may be in progress at once; more are answered Fail at once
     * @param commands    the commands it serves
     * @param handler     the handler
     */
    public void addHandler(Object key, int ranking, int concurrency, Set<Command> commands, PacketHandler handler) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("a handler's concurrency must be 1 or more, not " + concurrency);
        }
        synchronized (handlers) {
            handlers.put(key, new HandlerSlot(Set.copyOf(commands), ranking, registrations.incrementAndGet(),
                    concurrency, handler));
        }
    }

    /** @param key what {@link #addHandler} was given */
    public void removeHandler(Object key) {
        synchronized (handlers) {
            handlers.remove(key);
        }
    }

    @Override
    public Packet packet(Command command, IdUrl remote, byte[] payload) {
        IdUrl me = me();
        return Packet.sign(command, me, me, newPacketId(), nextDate(), remote, payload, keys::sign);
    }

    @Override
    public Packet packet(Command command, IdUrl remote, Payload payload) {
        IdUrl me = me();
        return Packet.sign(command, me, me, newPacketId(), nextDate(), remote, payload, keys::sign);
    }

    private String newPacketId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    @Override
    public CompletionStage<Packet> request(Packet packet) {
        return exchange(packet, replyTime(packet)).reply;
    }

    @Override
    public CompletionStage<Void> send(Packet packet) {
        return deliver(packet, new AtomicReference<>()).thenApplyAsync(contact -> null, outboundPool);
    }

    @Override
    public PingDTO ping(IdUrl peer, Duration timeout) {
        Identity mine = identity.identity().orElseThrow(() -> BitDustException.unavailable("I have no identity yet"));
        long start = System.nanoTime();
        Exchange exchange = exchange(packet(Command.IDENTITY, peer, mine.toJson()), timeout);
        Packet reply;
        try {
            reply = exchange.reply.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BitDustException ? (BitDustException) e.getCause()
                    : new BitDustException(ErrorCode.INTERNAL, "ping " + peer + " failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BitDustException.unavailable("ping " + peer + " was interrupted");
        }
        if (reply.command() != Command.ACK) {
            throw BitDustException.unavailable(peer + " refused the ping: " + reply.command() + " "
                    + new String(reply.payload(), StandardCharsets.UTF_8));
        }
        PingDTO result = new PingDTO();
        result.idurl = peer.toString();
        result.roundTripMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        result.contact = exchange.contact.get();
        result.protocol = scheme(result.contact);
        return result;
    }

    @Override
    public boolean online(IdUrl peer) {
        Peer state = peers.get(peer);
        return state != null && state.online;
    }

    @Override
    public List<TransportDTO> transports() {
        List<TransportDTO> view = new ArrayList<>();
        for (TransportSlot slot : ordered(false)) {
            view.add(slot.view());
        }
        return view;
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public int maxLength() {
        return codec.maxPayload() + ENVELOPE_ROOM;
    }

    @Override
    public void receive(InputStream in, int length) throws IOException {
        Packet packet;
        try {
            if (length > maxLength()) {
                throw new PacketException(PacketException.Reason.TOO_LONG, "a packet of " + length
                        + " bytes exceeds the limit " + maxLength());
            }
            if (length > limits.inboundBytes()) {
                throw new PacketException(PacketException.Reason.TOO_LONG, "a packet of " + length
                        + " bytes exceeds the inbound budget of " + limits.inboundBytes() + " bytes");
            }
        } catch (PacketException e) {
            dropped.incrementAndGet();
            throw e;
        }
        try {
            if (!budget.tryAcquire(length, INBOUND_WAIT_SECONDS, TimeUnit.SECONDS)) {
                dropped.incrementAndGet();
                throw new InterruptedIOException("the inbound budget of " + limits.inboundBytes()
                        + " bytes stayed spent for " + INBOUND_WAIT_SECONDS + " s; refusing a packet of " + length
                        + " bytes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the inbound budget");
        }
        AtomicBoolean freed = new AtomicBoolean();
        Runnable free = () -> {
            if (freed.compareAndSet(false, true)) {
                budget.release(length);
            }
        };
        try {
            received(in, length, free);
        } catch (IOException | RuntimeException e) {
            free.run();
            throw e;
        }
    }

    /** Reads and queues one packet whose bytes the budget holds; the budget is freed once it is served. */
    private void received(InputStream in, int length, Runnable free) throws IOException {
        Packet packet;
        try {
            BoundedInputStream limited = new BoundedInputStream(in, length);
            packet = codec.read(limited, this::worthReading);
            if (limited.remaining() != 0) {
                throw new PacketException(PacketException.Reason.TRAILING_BYTES, "the packet ends "
                        + limited.remaining() + " bytes before the announced length " + length);
            }
        } catch (PacketException e) {
            dropped.incrementAndGet();
            throw e;
        }
        try {
            if (!inbound.tryAcquire(INBOUND_WAIT_SECONDS, TimeUnit.SECONDS)) {
                free.run();
                drop(packet, "the inbound queue stayed full for " + INBOUND_WAIT_SECONDS + " s");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing " + packet);
        }
        try {
            CompletableFuture.runAsync(() -> { }, inboundPool)
                    .thenCompose(started -> accept(packet, free))
                    .orTimeout(timeouts.handler().plus(timeouts.plugin()).toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((done, error) -> {
                        inbound.release();
                        if (error != null) {
                            free.run();
                        }
                        if (error != null) {
                            LOG.debug("Checking {} failed: {}", packet, error.toString());
                        }
                    });
        } catch (RejectedExecutionException e) {
            inbound.release();
            free.run();
            drop(packet, "the gateway is closing");
        }
    }

    /** Stops every transport, fails every request waiting for a reply, and stops the gateway's threads. */
    @Override
    public void close() {
        List<TransportSlot> slots;
        synchronized (transports) {
            slots = new ArrayList<>(transports.values());
            transports.clear();
        }
        identityChanges.close();
        slots.stream().filter(TransportSlot::remove).forEach(this::stopLater);
        publisher.shutdownNow();
        controlPool.shutdown();
        try {
            controlPool.awaitTermination(timeouts.plugin().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ExecutorService pool : List.of(controlPool, inboundPool, handlerPool, outboundPool, lookupPool)) {
            pool.shutdownNow();
        }
        timer.shutdownNow();
        replays.close();
        pending.values().forEach(waiting -> waiting.reply().completeExceptionally(
                BitDustException.unavailable("the gateway stopped")));
    }

    private Exchange exchange(Packet packet, Duration timeout) {
        PendingKey key = new PendingKey(packet.remote(), packet.packetId());
        CompletableFuture<Packet> reply = new CompletableFuture<>();
        Waiting waiting = new Waiting(packet.command(), reply);
        pending.put(key, waiting);
        AtomicReference<String> contact = new AtomicReference<>();
        deliver(packet, contact).whenComplete((used, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
            }
        });
        ScheduledFuture<?> timeoutTask = timer.schedule(() -> {
            if (reply.completeExceptionally(BitDustException.unavailable(packet.remote() + " did not answer "
                    + packet.command() + " " + packet.packetId() + " within " + timeout.toMillis()
                    + " ms (timed out)"))) {
                peer(packet.remote()).online = false;
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        reply.whenComplete((answer, error) -> {
            pending.remove(key, waiting);
            timeoutTask.cancel(false);
        });
        return new Exchange(reply, contact);
    }

    /** Sends a packet to the recipient's contacts in order; completes with the contact that took it. */
    private CompletableFuture<String> deliver(Packet packet, AtomicReference<String> used) {
        CompletableFuture<String> delivered = new CompletableFuture<>();
        Peer peer = peer(packet.remote());
        if (peer.queued.incrementAndGet() > PEER_QUEUE_LIMIT) {
            peer.queued.decrementAndGet();
            delivered.completeExceptionally(BitDustException.unavailable("the queue to " + packet.remote()
                    + " is full (" + PEER_QUEUE_LIMIT + " packets)"));
            return delivered;
        }
        delivered.whenComplete((contact, error) -> {
            peer.queued.decrementAndGet();
            peer.online = error == null;
        });
        Identity known = known(packet.remote()).orElse(null);
        if (known != null) {
            // Transports return at once, so the first attempt may run on the caller's thread.
            new Attempts(packet, known.contacts(), used, delivered).next();
            return delivered;
        }
        CompletableFuture.supplyAsync(() -> cache.get(packet.remote()).contacts(), lookupPool)
                .whenCompleteAsync((contacts, error) -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof BitDustException) {
                        delivered.completeExceptionally(new BitDustException(ErrorCode.NOT_FOUND, "identity of "
                                + packet.remote() + " not found: " + cause.getMessage(), cause));
                    } else if (cause != null) {
                        delivered.completeExceptionally(cause);
                    } else {
                        new Attempts(packet, contacts, used, delivered).next();
                    }
                }, outboundPool)
                .exceptionally(error -> {
                    delivered.completeExceptionally(unwrap(error));
                    return null;
                });
        return delivered;
    }

    /**
     * Checks a received packet against its creator's identity (fetched on the lookup pool), then completes a waiting
     * request, answers a ping, or hands the packet to its handler; completes once the packet is checked and handed on.
     */
    private CompletableFuture<Void> accept(Packet packet, Runnable served) {
        Identity mine = identity.identity().orElse(null);
        if (mine == null) {
            served.run();
            drop(packet, "I have no identity yet");
            return CompletableFuture.completedFuture(null);
        }
        PacketValidator validator = new PacketValidator(mine.idurl(), PacketValidator.DEFAULT_MAX_SKEW, clock);
        try {
            validator.checkAddressAndDate(packet);
        } catch (BitDustException e) {
            served.run();
            drop(packet, e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Identity> creator = creatorOf(packet.creator());
        if (creator == null) {
            served.run();
            drop(packet, "too many identity fetches for creators not known yet");
            return CompletableFuture.completedFuture(null);
        }
        BiFunction<Identity, Throwable, Void> check = (identity, error) -> {
            try {
                if (error != null) {
                    throw unwrap(error);
                }
                validator.check(packet, identity.signingKey());
            } catch (BitDustException e) {
                served.run();
                drop(packet, e.getMessage());
                return null;
            } catch (Throwable e) {
                served.run();
                drop(packet, e.toString());
                return null;
            }
            dispatch(packet, served);
            return null;
        };
        // A known creator is checked on this thread; one being fetched, on the inbound pool once it is known.
        return creator.isDone() ? creator.handle(check) : creator.handleAsync(check, inboundPool);
    }

    /**
     * A payload larger than {@value #STRANGER_PAYLOAD} bytes is read only from a creator this node knows (its identity
     * is cached: it has exchanged packets with it, or fetched it on purpose); a stranger's first packets are small
     * (a ping, a request for service), so its identity is fetched for little before it may send more.
     */
    private void worthReading(Command command, IdUrl creator, IdUrl remote, long date, long payloadLength) {
        if (payloadLength > STRANGER_PAYLOAD && cache.cached(creator).isEmpty()) {
            throw new PacketException(PacketException.Reason.TOO_LONG, command + " from " + creator + " carries "
                    + payloadLength + " bytes, more than the " + STRANGER_PAYLOAD + " read from a creator whose "
                    + "identity this node does not know yet");
        }
    }

    /**
     * @return the identity of a packet's creator: at once when cached; else the fetch in progress for it, or a new
     *     one on the lookup pool when the pace of fetches for unknown creators allows; null when it does not
     */
    private CompletableFuture<Identity> creatorOf(IdUrl creator) {
        Identity known = cache.cached(creator).orElse(null);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<Identity> running = lookups.get(creator);
        if (running != null) {
            return running;
        }
        if (!unknownCreators.tryTake()) {
            return null;
        }
        CompletableFuture<Identity> fetch = new CompletableFuture<>();
        running = lookups.putIfAbsent(creator, fetch);
        if (running != null) {
            return running;
        }
        fetch.whenComplete((identity, error) -> lookups.remove(creator, fetch));
        CompletableFuture.supplyAsync(() -> cache.get(creator), lookupPool).whenComplete((identity, error) -> {
            if (error == null) {
                fetch.complete(identity);
            } else {
                fetch.completeExceptionally(unwrap(error));
            }
        });
        return fetch;
    }

    /** Acts on a checked packet; {@code served} runs once it holds no more memory (its handler answered). */
    private void dispatch(Packet packet, Runnable served) {
        CompletableFuture<Packet> reply = new CompletableFuture<>();
        reply.whenComplete((done, error) -> served.run());
        ReplayGuard.Seen before;
        try {
            before = replays.first(packet, reply);
        } catch (IllegalStateException e) {
            served.run();
            drop(packet, e.getMessage());
            return;
        }
        if (before != null) {
            served.run();
            LOG.debug("{} was received before; it gets its first answer again", packet);
            before.answer().thenAccept(first -> {
                if (first != null) {
                    sendQuietly(first);
                }
            });
            return;
        }
        peer(packet.creator()).online = true;
        Waiting waiting = pending.get(new PendingKey(packet.creator(), packet.packetId()));
        if (waiting != null && waiting.request() != packet.command()) {
            reply.complete(null);
            waiting.reply().complete(packet);
        } else if (packet.command() == Command.ACK || packet.command() == Command.FAIL) {
            reply.complete(null);
            LOG.debug("No request waits for {}", packet);
        } else if (packet.command() == Command.IDENTITY) {
            answerInto(reply, packet, Answer.ack("pong"));
        } else {
            handle(packet).thenAccept(answer -> answerInto(reply, packet, answer));
        }
    }

    private void answerInto(CompletableFuture<Packet> reply, Packet request, Answer answer) {
        try {
            reply.complete(answer(request, answer));
        } catch (RuntimeException e) {
            reply.complete(null);
            LOG.warn("Cannot answer {}: {}", request, e.getMessage());
        }
    }

    /**
     * Runs the handler of a packet's command on the handler pool, within its bound of requests in progress (more wait
     * their turn, up to {@value #PEER_QUEUE_LIMIT}; beyond that they are busy) and the handler time-out, counted from
     * arrival; completes with its answer, or with a Fail saying why there is none. Never fails.
     */
    private CompletableFuture<Answer> handle(Packet packet) {
        HandlerSlot entry = handlerFor(packet);
        if (entry == null) {
            return CompletableFuture.completedFuture(Answer.fail("no handler for " + packet.command()));
        }
        CompletableFuture<Answer> result = new CompletableFuture<>();
        AtomicReference<CompletionStage<Answer>> given = new AtomicReference<>();
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                entry.done(handlerPool);
            }
        };
        Runnable task = () -> {
            started.set(true);
            if (result.isDone()) {
                release.run();
                return;
            }
            CompletionStage<Answer> stage;
            try {
                stage = entry.handler.handle(packet);
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage = stage == null ? Answer.none().now() : stage;
            given.set(stage);
            stage.whenComplete((done, error) -> {
                if (error == null) {
                    result.complete(done == null ? Answer.none() : done);
                } else {
                    result.completeExceptionally(error);
                }
                release.run();
            });
        };
        if (!entry.offer(task, handlerPool)) {
            return CompletableFuture.completedFuture(Answer.fail(packet.command() + " is busy: "
                    + entry.concurrency + " requests are in progress and " + PEER_QUEUE_LIMIT
                    + " wait; try again later"));
        }
        long limit = timeouts.handler().toMillis();
        return result.orTimeout(limit, TimeUnit.MILLISECONDS).handle((done, error) -> {
            if (error == null) {
                return done;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof TimeoutException) {
                CompletionStage<Answer> stage = given.get();
                if (stage != null) {
                    stage.toCompletableFuture().cancel(true);
                }
                if (started.get()) {
                    release.run();
                }
                LOG.warn("The handler of {} did not answer within {} ms", packet, limit);
                return Answer.fail(packet.command() + " was not served within " + limit + " ms");
            }
            LOG.warn("The handler of {} failed", packet, cause);
            return Answer.fail(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        });
    }

    /** @return the handler of the highest ranking for a command (the first added among equals), or null */
    private HandlerSlot handlerFor(Packet packet) {
        List<HandlerSlot> candidates;
        synchronized (handlers) {
            candidates = handlers.values().stream().filter(entry -> entry.commands.contains(packet.command()))
                    .sorted(HandlerSlot.ORDER).collect(Collectors.toList());
        }
        for (HandlerSlot candidate : candidates) {
            if (accepts(candidate, packet)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean accepts(HandlerSlot candidate, Packet packet) {
        try {
            return candidate.handler.accepts(packet);
        } catch (RuntimeException e) {
            LOG.debug("A handler of {} failed to tell whether it accepts {}: {}", packet.command(), packet.packetId(),
                    e.toString());
            return false;
        }
    }

    /** @return the reply sent, or null when the answer is none */
    private Packet answer(Packet request, Answer answer) {
        if (answer == null || answer.command() == null) {
            return null;
        }
        Packet reply = answer.reply(request, me(), nextDate(), keys::sign);
        sendQuietly(reply);
        return reply;
    }

    private void sendQuietly(Packet reply) {
        send(reply).whenComplete((done, error) -> {
            if (error != null) {
                LOG.debug("Cannot answer {}: {}", reply, error.getMessage());
            }
        });
    }

    private void drop(Packet packet, String reason) {
        dropped.incrementAndGet();
        LOG.warn("Dropped {}: {}", packet, reason);
    }

    private void started(TransportSlot slot, int attempt, List<String> contacts, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = cause == null ? null : cause.getMessage() == null ? cause.toString() : cause.getMessage();
        switch (slot.started(attempt, contacts, reason)) {
            case ACTIVE:
                LOG.info("Transport {} listens on {}", slot.protocol, contacts);
                publishLater();
                break;
            case RETRY:
                Duration pause = slot.pause();
                if (slot.reasonChanged()) {
                    LOG.warn("Transport {} failed to start: {}; trying again in {} s, then less often",
                            slot.protocol, reason, pause.toSeconds());
                } else {
                    LOG.debug("Transport {} failed to start again: {}", slot.protocol, reason);
                }
                try {
                    timer.schedule(() -> start(slot), pause.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    LOG.debug("The gateway is closing; transport {} is not started again", slot.protocol);
                }
                break;
            case STOP:
                stopLater(slot);
                break;
            default:
                break;
        }
    }

    private void stopLater(TransportSlot slot) {
        if (controlPool.isShutdown()) {
            slot.transport.stop();
            return;
        }
        CompletableFuture.runAsync(slot.transport::stop, controlPool)
                .orTimeout(timeouts.plugin().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> {
                    if (error != null) {
                        LOG.warn("Transport {} did not stop cleanly: {}", slot.protocol, error.toString());
                    } else {
                        LOG.info("Transport {} stopped", slot.protocol);
                    }
                });
    }

    private void publishLater() {
        try {
            publisher.execute(this::publishContacts);
        } catch (RejectedExecutionException e) {
            LOG.debug("The gateway is closing; my contacts stay as they are");
        }
    }

    /**
     * Puts the contacts of the active transports into my identity when they differ from those it lists; the identity
     * publishes itself. Runs on the publisher thread only, so two changes never race.
     */
    private void publishContacts() {
        Identity mine = identity.identity().orElse(null);
        if (mine == null) {
            return;
        }
        List<String> published = contacts();
        if (published.equals(mine.contacts())) {
            return;
        }
        try {
            Identity updated = identity.update(builder -> builder.contacts(published));
            LOG.info("My contacts are now {} (revision {})", published, updated.revision());
        } catch (BitDustException e) {
            LOG.warn("Cannot put my contacts {} into my identity: {}", published, e.getMessage());
        }
    }

    /** @return the contacts of the active transports, best transport first */
    private List<String> contacts() {
        List<String> contacts = new ArrayList<>();
        for (TransportSlot slot : ordered(true)) {
            slot.contacts.stream().filter(c -> !contacts.contains(c)).forEach(contacts::add);
        }
        return List.copyOf(contacts.subList(0, Math.min(contacts.size(), Identity.MAX_CONTACTS)));
    }

    private List<TransportSlot> ordered(boolean activeOnly) {
        List<TransportSlot> slots;
        synchronized (transports) {
            slots = new ArrayList<>(transports.values());
        }
        slots.removeIf(slot -> activeOnly && slot.state != TransportSlot.State.ACTIVE);
        slots.sort(TransportSlot.ORDER);
        return slots;
    }

    private Transport transportFor(String contact) {
        String scheme = scheme(contact);
        for (TransportSlot slot : ordered(true)) {
            if (slot.protocol.equals(scheme)) {
                return slot.transport;
            }
        }
        return null;
    }

    private IdUrl me() {
        return identity.identity().orElseThrow(() -> BitDustException.unavailable("I have no identity yet")).idurl();
    }

    private Peer peer(IdUrl idurl) {
        return peers.computeIfAbsent(idurl, any -> new Peer());
    }

    /** @return how long a request waits for its reply: its own transfer, then one more base time for the answer */
    private Duration replyTime(Packet packet) {
        return transferTime(codec.encodedLength(packet)).plus(TRANSFER_GRACE).plus(timeouts.transferBase());
    }

    private static String scheme(String contact) {
        int end = contact == null ? -1 : contact.indexOf("://");
        return end < 0 ? "" : contact.substring(0, end);
    }

    /** @return now, or a millisecond after my last packet's date: my packets' dates strictly increase */
    private long nextDate() {
        return lastDate.accumulateAndGet(clock.millis(), (last, now) -> Math.max(last + 1, now));
    }

    /** @return how long a frame of {@code length} bytes may take on the wire: the one transfer-time rule */
    private Duration transferTime(long length) {
        return timeouts.transferBase().plusMillis(length * 1000 / minBytesPerSecond);
    }

    /**
     * Changes the slowest transfer speed allowed, for the packets sent from now on.
     *
     * @param bytesPerSecond 1 or more
     */
    public void minTransferSpeed(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("the minimum transfer speed must be positive, not " + bytesPerSecond);
        }
        minBytesPerSecond = bytesPerSecond;
    }

    /** @return a pool of up to {@code size} daemon threads that end after a while without work */
    private static ExecutorService pool(String name, int size) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "bitdust-gateway-" + name + "-" + count.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * @param peer an IDURL
     * @return its identity as known without fetching: mine as it is now (the cache may hold a revision from before my
     *     transports changed), another node's from the cache
     */
    private Optional<Identity> known(IdUrl peer) {
        Optional<Identity> mine = identity.identity().filter(me -> me.idurls().contains(peer));
        return mine.isPresent() ? mine : cache.cached(peer);
    }

    /** Tries a packet's contacts one after the other; fetches the identity again once when all of them fail. */
    private final class Attempts {
        private final Packet packet;
        private final Frame frame;
        private final AtomicReference<String> used;
        private final CompletableFuture<String> delivered;
        private final List<String> errors = new ArrayList<>();
        private List<String> contacts;
        private int index;
        private boolean refetched;

        Attempts(Packet packet, List<String> contacts, AtomicReference<String> used,
                CompletableFuture<String> delivered) {
            this.packet = packet;
            this.frame = new PacketFrame(packet, codec, PacketGateway.this::transferTime);
            this.contacts = contacts;
            this.used = used;
            this.delivered = delivered;
        }

        void next() {
            while (index < contacts.size()) {
                String contact = contacts.get(index++);
                Transport transport = transportFor(contact);
                if (transport == null) {
                    errors.add(contact + ": no transport for it is up");
                    continue;
                }
                used.set(contact);
                CompletableFuture<Void> sent = new CompletableFuture<>();
                try {
                    transport.send(contact, frame).whenComplete((done, error) -> complete(sent, error));
                } catch (RuntimeException e) {
                    sent.completeExceptionally(e);
                }
                // The transport bounds the send by the frame's own time-out; the gateway waits a little longer, so
                // that it never tries the next contact while the transport still sends this one.
                sent.orTimeout(frame.timeout().plus(TRANSFER_GRACE).toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((done, error) -> {
                            if (error == null) {
                                delivered.complete(contact);
                            } else {
                                outboundPool.execute(() -> {
                                    errors.add(contact + ": " + describe(error));
                                    next();
                                });
                            }
                        });
                return;
            }
            if (!refetched) {
                refetched = true;
                CompletableFuture.supplyAsync(() -> cache.fetch(packet.remote()).contacts(), lookupPool)
                        .whenCompleteAsync((fresh, error) -> {
                            if (error == null && !fresh.equals(contacts)) {
                                contacts = fresh;
                                index = 0;
                            } else if (error != null) {
                                errors.add("fetching its identity again: " + unwrap(error).getMessage());
                            }
                            next();
                        }, outboundPool);
                return;
            }
            delivered.completeExceptionally(BitDustException.unavailable(packet.remote() + " refused "
                    + packet.command() + " " + packet.packetId() + ": " + (contacts.isEmpty()
                    ? "its identity lists no contacts" : String.join("; ", errors))));
        }

        private void complete(CompletableFuture<Void> sent, Throwable error) {
            if (error == null) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(error);
            }
        }

        private String describe(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof TimeoutException) {
                return "timed out";
            }
            if (cause instanceof CancellationException) {
                return "cancelled";
            }
            return cause.getMessage() == null ? cause.toString() : cause.getMessage();
        }
    }

    /**
     * What peers may cost this node.
     *
     * @param inboundBytes             the most bytes of received packets held at once, from reading until served; a
     *                                 packet that finds the budget spent waits up to 5 s, then is refused
     * @param unknownCreatorsPerSecond how many packets a second may make the gateway fetch the identity of a creator it
     *                                 does not know yet (bursts of twice that); more are dropped
     * @param replayMemory             the most packets remembered against replays at once
     * @param replayFile               where they are remembered across restarts; {@code null} for memory only
     */
    public record Limits(int inboundBytes, int unknownCreatorsPerSecond, int replayMemory, Path replayFile) {
        /** 256 MiB of packets, 20 unknown creators a second, a million packets remembered, in memory only. */
        public static final Limits DEFAULT = new Limits(256 * 1024 * 1024, 20, 1_000_000, null);

        /**
         * @param file where received packets are remembered across restarts
         * @return these limits, remembering in that file
         */
        public Limits replayFile(Path file) {
            return new Limits(inboundBytes, unknownCreatorsPerSecond, replayMemory, file);
        }

        /** @throws IllegalArgumentException for a limit below 1 */
        public Limits {
            if (inboundBytes < 1 || unknownCreatorsPerSecond < 1 || replayMemory < 1) {
                throw new IllegalArgumentException("limits must be positive: " + inboundBytes + ", "
                        + unknownCreatorsPerSecond + ", " + replayMemory);
            }
        }
    }

    /**
     * The gateway's time limits.
     *
     * @param plugin            how long a transport may take to start or stop before it is shown as failed
     * @param handler           how long a handler may take to answer: then the peer gets Fail, the handler's request
     *                          no longer counts towards its bound, and its late answer is dropped
     * @param transferBase      the time any packet may take on the wire, whatever its size
     * @param minBytesPerSecond the slowest transfer speed allowed: a packet may take {@code transferBase} plus its
     *                          length at this speed; transports bound their sends by it ({@link Frame#timeout()})
     */
    public record Timeouts(Duration plugin, Duration handler, Duration transferBase, long minBytesPerSecond) {
        /** 5 s to start or stop a transport, 30 s to answer, 10 s plus 1 s per 256 KiB on the wire. */
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 256 * 1024);

        /** @throws IllegalArgumentException for a limit that is not positive */
        public Timeouts {
            for (Duration limit : List.of(plugin, handler, transferBase)) {
                if (limit.isNegative() || limit.isZero()) {
                    throw new IllegalArgumentException("time limits must be positive, not " + limit);
                }
            }
            if (minBytesPerSecond < 1) {
                throw new IllegalArgumentException("minBytesPerSecond must be positive, not " + minBytesPerSecond);
            }
        }
    }

    private static final class Peer {
        final AtomicInteger queued = new AtomicInteger();
        volatile boolean online;
    }

    private record PendingKey(IdUrl peer, String packetId) {
    }

    /**
     * A request waiting for its reply. A reply has the request's packet ID but another command, so a request that
     * comes back to its own sender (a node pinging itself) is handled as a request, not taken for the reply.
     */
    private record Waiting(Command request, CompletableFuture<Packet> reply) {
    }

    private record Exchange(CompletableFuture<Packet> reply, AtomicReference<String> contact) {
    }
}
