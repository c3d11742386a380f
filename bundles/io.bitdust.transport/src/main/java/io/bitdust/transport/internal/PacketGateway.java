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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Gateway}, usable without OSGi: transports and handlers are added and removed through plain methods keyed
 * by any object (the component uses service references). Every call into a transport or a handler is bounded by a
 * timeout and runs on the gateway's own threads, created here and stopped by {@link #close}.
 */
public final class PacketGateway implements Gateway, InboundSink, AutoCloseable {
    /** Room for an encoded packet's fields around its payload: far more than the longest header and signature. */
    static final int ENVELOPE_ROOM = 4096;
    private static final Duration BASE_TIMEOUT = Duration.ofSeconds(10);
    private static final long BYTES_PER_SECOND = 1024 * 1024;
    private static final int PEER_QUEUE_LIMIT = 256;
    private static final int INBOUND_LIMIT = 64;
    private static final long INBOUND_WAIT_SECONDS = 5;
    private static final long PLUGIN_TIMEOUT_SECONDS = 5;
    private static final long HANDLER_TIMEOUT_SECONDS = 30;
    private static final Duration FIRST_RESTART = Duration.ofSeconds(1);
    private static final Duration MAX_RESTART = Duration.ofMinutes(1);
    private static final Map<String, Integer> PRIORITY = Map.of("tcp", 10, "udp", 20, "http", 50);
    private static final Logger LOG = LoggerFactory.getLogger(PacketGateway.class);

    private final IdentityService identity;
    private final IdentityCache cache;
    private final KeyRing keys;
    private final Clock clock;
    private final PacketCodec codec = new PacketCodec();
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final ExecutorService publisher;
    private final Semaphore inbound = new Semaphore(INBOUND_LIMIT);
    private final Map<Object, Slot> transports = new LinkedHashMap<>();
    private final Map<Object, HandlerEntry> handlers = new LinkedHashMap<>();
    private final Map<PendingKey, Waiting> pending = new ConcurrentHashMap<>();
    private final Map<IdUrl, Peer> peers = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final IdentityService.Subscription identityChanges;

    /**
     * @param identity my identity: signs my packets, receives my contacts
     * @param cache    peers' identities: their contacts and keys
     * @param keys     my keys, to sign packets
     * @param clock    the time of packets and of the date check
     */
    public PacketGateway(IdentityService identity, IdentityCache cache, KeyRing keys, Clock clock) {
        this.identity = identity;
        this.cache = cache;
        this.keys = keys;
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(8, r -> daemon(r, "bitdust-gateway-" + count.incrementAndGet()));
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
        Slot slot = new Slot(serviceId, transport);
        synchronized (transports) {
            transports.put(key, slot);
        }
        LOG.info("Starting transport {}", slot.protocol);
        start(slot);
    }

    private void start(Slot slot) {
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
        }, workers).whenComplete((contacts, error) -> started(slot, attempt, contacts, error));
        timer.schedule(() -> slot.slow(attempt, "did not start within " + PLUGIN_TIMEOUT_SECONDS + " s"),
                PLUGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Stops a transport and takes its contacts out of my identity; its sends in flight go to the next contacts.
     *
     * @param key what {@link #addTransport} was given
     */
    public void removeTransport(Object key) {
        Slot slot;
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
     * @param key      identifies the handler for {@link #removeHandler}
     * @param commands the commands it serves
     * @param handler  the handler
     */
    public void addHandler(Object key, Set<Command> commands, PacketHandler handler) {
        synchronized (handlers) {
            handlers.put(key, new HandlerEntry(Set.copyOf(commands), handler));
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
        byte[] id = new byte[8];
        random.nextBytes(id);
        return Packet.sign(command, me, me, HexFormat.of().formatHex(id), clock.millis(), remote, payload, keys::sign);
    }

    @Override
    public CompletionStage<Packet> request(Packet packet) {
        return exchange(packet, timeoutFor(packet.payloadLength())).reply;
    }

    @Override
    public CompletionStage<Void> send(Packet packet) {
        return deliver(packet, new AtomicReference<>()).thenApply(contact -> null);
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
        for (Slot slot : ordered(false)) {
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
            BoundedInputStream limited = new BoundedInputStream(in, length);
            packet = codec.read(limited);
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
                drop(packet, "the inbound queue stayed full for " + INBOUND_WAIT_SECONDS + " s");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing " + packet);
        }
        workers.execute(new Inbound(packet));
    }

    /** Stops every transport, fails every request waiting for a reply, and stops the gateway's threads. */
    @Override
    public void close() {
        List<Slot> slots;
        synchronized (transports) {
            slots = new ArrayList<>(transports.values());
            transports.clear();
        }
        identityChanges.close();
        slots.stream().filter(Slot::remove).forEach(this::stopLater);
        publisher.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(PLUGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        timer.shutdownNow();
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
        workers.execute(() -> {
            try {
                List<String> contacts = cache.get(packet.remote()).contacts();
                new Attempts(packet, contacts, used, delivered).next();
            } catch (BitDustException e) {
                delivered.completeExceptionally(new BitDustException(ErrorCode.NOT_FOUND, "identity of "
                        + packet.remote() + " not found: " + e.getMessage(), e));
            } catch (RuntimeException e) {
                delivered.completeExceptionally(e);
            }
        });
        return delivered;
    }

    private void accept(Packet packet) {
        Identity mine = identity.identity().orElse(null);
        if (mine == null) {
            drop(packet, "I have no identity yet");
            return;
        }
        try {
            Identity creator = cache.get(packet.creator());
            new PacketValidator(mine.idurl(), PacketValidator.DEFAULT_MAX_SKEW, clock).check(packet,
                    creator.signingKey());
        } catch (BitDustException e) {
            drop(packet, e.getMessage());
            return;
        }
        peer(packet.creator()).online = true;
        Waiting waiting = pending.get(new PendingKey(packet.creator(), packet.packetId()));
        if (waiting != null && waiting.request() != packet.command()) {
            waiting.reply().complete(packet);
        } else if (packet.command() == Command.ACK || packet.command() == Command.FAIL) {
            LOG.debug("No request waits for {}", packet);
        } else if (packet.command() == Command.IDENTITY) {
            answer(packet, Answer.ack("pong"));
        } else {
            answer(packet, handle(packet));
        }
    }

    private Answer handle(Packet packet) {
        PacketHandler handler = null;
        synchronized (handlers) {
            for (HandlerEntry entry : handlers.values()) {
                if (entry.commands.contains(packet.command())) {
                    handler = entry.handler;
                    break;
                }
            }
        }
        if (handler == null) {
            return Answer.fail("no handler for " + packet.command());
        }
        try {
            return handler.handle(packet);
        } catch (InterruptedException e) {
            return Answer.fail(packet.command() + " was not served within " + HANDLER_TIMEOUT_SECONDS + " s");
        } catch (Exception e) {
            LOG.warn("The handler of {} failed", packet, e);
            return Answer.fail(String.valueOf(e.getMessage()));
        }
    }

    private void answer(Packet request, Answer answer) {
        if (answer == null || answer.command() == null) {
            return;
        }
        IdUrl me = me();
        Packet reply = Packet.sign(answer.command(), me, me, request.packetId(), clock.millis(), request.creator(),
                answer.payload(), keys::sign);
        send(reply).whenComplete((done, error) -> {
            if (error != null) {
                LOG.debug("Cannot answer {}: {}", request, error.getMessage());
            }
        });
    }

    private void drop(Packet packet, String reason) {
        dropped.incrementAndGet();
        LOG.warn("Dropped {}: {}", packet, reason);
    }

    private void started(Slot slot, int attempt, List<String> contacts, Throwable error) {
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

    private void stopLater(Slot slot) {
        if (workers.isShutdown()) {
            slot.transport.stop();
            return;
        }
        CompletableFuture.runAsync(slot.transport::stop, workers)
                .orTimeout(PLUGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
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
        for (Slot slot : ordered(true)) {
            slot.contacts.stream().filter(c -> !contacts.contains(c)).forEach(contacts::add);
        }
        return List.copyOf(contacts.subList(0, Math.min(contacts.size(), Identity.MAX_CONTACTS)));
    }

    private List<Slot> ordered(boolean activeOnly) {
        List<Slot> slots;
        synchronized (transports) {
            slots = new ArrayList<>(transports.values());
        }
        slots.removeIf(slot -> activeOnly && slot.state != State.ACTIVE);
        slots.sort(Comparator.comparingInt(slot -> PRIORITY.getOrDefault(slot.protocol, 100)));
        return slots;
    }

    private Transport transportFor(String contact) {
        String scheme = scheme(contact);
        for (Slot slot : ordered(true)) {
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

    private static Duration timeoutFor(long payloadLength) {
        return BASE_TIMEOUT.plusMillis(payloadLength * 1000 / BYTES_PER_SECOND);
    }

    private static String scheme(String contact) {
        int end = contact == null ? -1 : contact.indexOf("://");
        return end < 0 ? "" : contact.substring(0, end);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
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
            this.frame = new PacketFrame(packet, codec);
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
                sent.orTimeout(timeoutFor(frame.length()).toMillis(), TimeUnit.MILLISECONDS)
                        .whenCompleteAsync((done, error) -> {
                            if (error == null) {
                                delivered.complete(contact);
                            } else {
                                errors.add(contact + ": " + describe(error));
                                next();
                            }
                        }, workers);
                return;
            }
            if (!refetched) {
                refetched = true;
                try {
                    List<String> fresh = cache.fetch(packet.remote()).contacts();
                    if (!fresh.equals(contacts)) {
                        contacts = fresh;
                        index = 0;
                        next();
                        return;
                    }
                } catch (BitDustException e) {
                    errors.add("fetching its identity again: " + e.getMessage());
                }
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

    private enum State { STARTING, ACTIVE, FAILED, REMOVED }

    /** How a try to start a transport ended. */
    private enum Outcome { ACTIVE, RETRY, STOP, NONE }


    /** Checks and serves one received packet; interrupted when it takes too long, and frees its queue place. */
    private final class Inbound extends FutureTask<Void> {
        private final ScheduledFuture<?> guard;

        Inbound(Packet packet) {
            super(() -> accept(packet), null);
            this.guard = timer.schedule(() -> cancel(true), HANDLER_TIMEOUT_SECONDS + PLUGIN_TIMEOUT_SECONDS,
                    TimeUnit.SECONDS);
        }

        @Override
        protected void done() {
            guard.cancel(false);
            inbound.release();
        }
    }

    /**
     * One transport and what became of it. Its start is tried until it succeeds: {@code attempt} numbers the tries, so
     * that the outcome or the time-out of an old try changes nothing.
     */
    private static final class Slot {
        final long serviceId;
        final Transport transport;
        final String protocol;
        volatile State state = State.STARTING;
        volatile List<String> contacts = List.of();
        volatile String reason;
        String previousReason;
        int attempt;
        int failures;
        boolean starting;

        Slot(long serviceId, Transport transport) {
            this.serviceId = serviceId;
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

    private static final class HandlerEntry {
        final Set<Command> commands;
        final PacketHandler handler;

        HandlerEntry(Set<Command> commands, PacketHandler handler) {
            this.commands = commands;
            this.handler = handler;
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
