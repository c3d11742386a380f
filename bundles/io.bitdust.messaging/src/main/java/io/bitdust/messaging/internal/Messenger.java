package io.bitdust.messaging.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Tally;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.KeyRing;
import io.bitdust.derby.Database;
import io.bitdust.derby.Schema;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.messaging.MessageState;
import io.bitdust.messaging.MessagingService;
import io.bitdust.messaging.dto.CorrespondentDTO;
import io.bitdust.messaging.dto.MessageDTO;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private messages without OSGi: sends mine (sealed and signed, {@link PrivateMessage}) and retries them while their
 * recipient cannot be reached, receives others' through {@link #handler()} for {@link Command#MESSAGE}, and keeps the
 * history and my correspondents in Derby ({@link #SCHEMA}, area {@code messaging}). Thread-safe.
 *
 * <p>Sending: a message is stored QUEUED, then an attempt marks it SENT and sends a Message packet; the recipient's
 * Ack makes it DELIVERED, its Fail FAILED with the Fail's text; when the recipient cannot be reached (no identity, no
 * contact takes the packet, no answer in time, or it is busy) the message is QUEUED again, to be sent after a pause
 * that doubles from 5 s up to {@code services/private-messages/retry-max-delay}, until the count of attempts or the
 * age of the message passes its bound (then FAILED, saying so). A message found SENT when this class starts (the node
 * stopped while waiting for the answer) is QUEUED again: the recipient keeps it once whatever it gets twice.
 *
 * <p>Receiving: every refusal is a Fail {@code "<reason>: <details>"}, one log line and a count by reason
 * ({@link #refusals()}); nothing is stored then. A message whose sender and ID are stored already is acknowledged
 * {@code "duplicate"} and not stored again: the received messages are the record of what was delivered, kept for good.
 */
public final class Messenger implements MessagingService, AutoCloseable {
    /**
     * The database schema of the messaging area: MESSAGES (both directions; the received ones, unique by sender and
     * message ID, are the record against duplicates, kept for good) and CORRESPONDENTS.
     */
    public static final Schema SCHEMA = new Schema("messaging", List.of(List.of(
            "CREATE TABLE MESSAGES (ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, MESSAGE_ID CHAR(32) NOT NULL,"
                    + " DIRECTION CHAR(3) NOT NULL, PEER VARCHAR(256) NOT NULL, SENDER VARCHAR(256) NOT NULL,"
                    + " RECIPIENT VARCHAR(256) NOT NULL, BODY VARCHAR(16384) NOT NULL, CREATED BIGINT NOT NULL,"
                    + " STATE VARCHAR(16) NOT NULL, ERROR VARCHAR(1024), ATTEMPTS INT NOT NULL, NEXT_ATTEMPT BIGINT,"
                    + " CONSTRAINT MESSAGES_ONCE UNIQUE (DIRECTION, PEER, MESSAGE_ID))",
            "CREATE INDEX MESSAGES_PEER ON MESSAGES (PEER, ID)",
            "CREATE INDEX MESSAGES_DUE ON MESSAGES (STATE, NEXT_ATTEMPT)",
            "CREATE TABLE CORRESPONDENTS (IDURL VARCHAR(256) NOT NULL PRIMARY KEY, NICKNAME VARCHAR(256) NOT NULL,"
                    + " ADDED BIGINT NOT NULL)")));
    /** The commands {@link #handler()} serves. */
    public static final Set<Command> COMMANDS = Set.of(Command.MESSAGE);
    /** The gateway's bound of messages to me in progress at once: the inbox's thread and its queue. */
    public static final int CONCURRENCY = 32;
    /** The first pause before a message is sent again; each next one is twice as long, up to the option's bound. */
    static final Duration FIRST_DELAY = Duration.ofSeconds(5);
    /** How long {@link #send} waits for the first attempt's outcome. */
    static final Duration FIRST_WAIT = Duration.ofSeconds(5);
    /** How often due messages are looked for. */
    static final Duration TICK = Duration.ofSeconds(1);
    static final String OUT = "out";
    static final String IN = "in";
    static final int MAX_LIMIT = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(Messenger.class);
    private static final int MAX_ERROR = 1000;
    private static final int MAX_NICKNAME = Identity.MAX_NICKNAME_LENGTH;
    private static final String COLUMNS = "ID, MESSAGE_ID, DIRECTION, SENDER, RECIPIENT, BODY, CREATED, STATE, ERROR,"
            + " ATTEMPTS";

    private final Database database;
    private final Gateway gateway;
    private final IdentityService identity;
    private final IdentityCache cache;
    private final KeyRing keys;
    private final ConfigService config;
    private final SecureRandom random;
    private final Clock clock;
    private final NicknameSearch search;
    private final ConfigService.Declaration declaration;
    private final ScheduledExecutorService outbox;
    private final ThreadPoolExecutor inbox;
    private final Tally refusals = new Tally();
    private final Object receiving = new Object();
    private volatile boolean closed;

    /**
     * Declares the options, queues again the messages that were waiting for an answer when the node stopped, and
     * starts the outbox.
     *
     * @param database     the messaging area's database, opened with {@link #SCHEMA}; the caller closes it after this
     * @param gateway      sends my Message packets
     * @param identity     my identity: the sender's IDURL of my messages, the recipient's of others'
     * @param cache        the peers' identities: recipients' agreement keys, senders' signing keys, nicknames
     * @param keys         signs my messages, opens others'
     * @param config       where the options are declared and read
     * @param knownServers the identity servers a nickname search asks, {@code host:port} each
     * @param random       seals messages and draws their IDs
     * @param clock        the time of messages and retries
     */
    public Messenger(Database database, Gateway gateway, IdentityService identity, IdentityCache cache, KeyRing keys,
            ConfigService config, Supplier<List<String>> knownServers, SecureRandom random, Clock clock) {
        this.database = database;
        this.gateway = gateway;
        this.identity = identity;
        this.cache = cache;
        this.keys = keys;
        this.config = config;
        this.random = random;
        this.clock = clock;
        this.declaration = config.declare(MessagingOptions.ALL);
        int requeued;
        try {
            requeued = database.update("UPDATE MESSAGES SET STATE = ?, NEXT_ATTEMPT = ? WHERE DIRECTION = ? AND STATE"
                    + " = ?", MessageState.QUEUED.name(), clock.millis(), OUT, MessageState.SENT.name());
        } catch (RuntimeException e) {
            declaration.close();
            throw e;
        }
        if (requeued > 0) {
            LOG.info("{} messages were waiting for their recipient's answer when the node stopped: sending them again",
                    requeued);
        }
        outbox = Executors.newSingleThreadScheduledExecutor(threads("bitdust-messaging-outbox"));
        inbox = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(CONCURRENCY),
                threads("bitdust-messaging-inbox"));
        search = new NicknameSearch(knownServers, cache, outbox, Duration.ofSeconds(10));
        outbox.scheduleWithFixedDelay(this::pumpQuietly, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the handler to register for {@link #COMMANDS} */
    public PacketHandler handler() {
        return this::handle;
    }

    @Override
    public MessageDTO send(IdUrl recipient, String body) {
        PrivateMessage.checkBody(body);
        try {
            cache.get(recipient);
        } catch (BitDustException e) {
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw BitDustException.notFound("unknown recipient " + recipient + ": " + e.getMessage());
            }
            throw new BitDustException(e.code(), "cannot read the identity of the recipient " + recipient + ": "
                    + e.getMessage(), e);
        }
        Identity mine = identity.identity().orElseThrow(() -> BitDustException.unavailable("this node has no "
                + "identity yet: create one first (identity_create)"));
        if (mine.idurls().contains(recipient)) {
            throw BitDustException.invalid("a message to myself (" + recipient + ") is not sent");
        }
        String id = HexFormat.of().formatHex(randomBytes(16));
        long now = clock.millis();
        long row = database.transaction(connection -> {
            Database.update(connection, "INSERT INTO MESSAGES (MESSAGE_ID, DIRECTION, PEER, SENDER, RECIPIENT, BODY,"
                    + " CREATED, STATE, ATTEMPTS, NEXT_ATTEMPT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)", id, OUT,
                    recipient.toString(), mine.idurl().toString(), recipient.toString(), body, now,
                    MessageState.QUEUED.name(), now + FIRST_WAIT.toMillis());
            return Database.first(connection, "SELECT ID FROM MESSAGES WHERE DIRECTION = ? AND PEER = ? AND"
                    + " MESSAGE_ID = ?", rows -> rows.getLong(1), OUT, recipient.toString(), id).orElseThrow();
        });
        LOG.debug("Message {} to {} queued", id, recipient);
        CompletableFuture<Void> first = new CompletableFuture<>();
        try {
            // the first attempt now; should it not start, the outbox finds the message due once FIRST_WAIT passed
            outbox.execute(() -> {
                try {
                    attempt(row).whenComplete((done, error) -> first.complete(null));
                } catch (RuntimeException e) {
                    first.completeExceptionally(e);
                }
            });
            first.get(FIRST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Message {} stays queued: the outbox is stopping", id);
        } catch (TimeoutException e) {
            LOG.debug("Message {} to {}: its first attempt goes on", id, recipient);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.debug("Message {}: first attempt failed: {}", id, e.getCause().toString());
        }
        return message(row).orElseThrow();
    }

    @Override
    public List<MessageDTO> messages(IdUrl correspondent, int offset, int limit) {
        if (offset < 0) {
            throw BitDustException.invalid("offset is " + offset + ", not 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw BitDustException.invalid("limit is " + limit + ", not 1 to " + MAX_LIMIT);
        }
        String page = " ORDER BY ID DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        if (correspondent == null) {
            return database.query("SELECT " + COLUMNS + " FROM MESSAGES" + page, Messenger::dto, offset, limit);
        }
        return database.query("SELECT " + COLUMNS + " FROM MESSAGES WHERE PEER = ?" + page, Messenger::dto,
                correspondent.toString(), offset, limit);
    }

    @Override
    public List<CorrespondentDTO> correspondents() {
        return database.query("SELECT IDURL, NICKNAME FROM CORRESPONDENTS ORDER BY NICKNAME, IDURL",
                Messenger::correspondent);
    }

    @Override
    public CorrespondentDTO addCorrespondent(IdUrl idurl, String nickname) {
        String name = nickname == null ? "" : nickname.trim();
        if (name.codePointCount(0, name.length()) > MAX_NICKNAME) {
            throw BitDustException.invalid("the nickname is longer than " + MAX_NICKNAME + " characters");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw BitDustException.invalid("the nickname holds a control character");
        }
        if (name.isEmpty()) {
            name = nicknameOf(idurl);
        }
        String kept = name;
        database.transaction(connection -> {
            if (Database.update(connection, "UPDATE CORRESPONDENTS SET NICKNAME = ? WHERE IDURL = ?", kept,
                    idurl.toString()) == 0) {
                Database.update(connection, "INSERT INTO CORRESPONDENTS (IDURL, NICKNAME, ADDED) VALUES (?, ?, ?)",
                        idurl.toString(), kept, clock.millis());
            }
            return null;
        });
        CorrespondentDTO correspondent = new CorrespondentDTO();
        correspondent.idurl = idurl.toString();
        correspondent.nickname = kept;
        return correspondent;
    }

    @Override
    public CorrespondentDTO removeCorrespondent(IdUrl idurl) {
        return database.transaction(connection -> {
            CorrespondentDTO found = Database.first(connection, "SELECT IDURL, NICKNAME FROM CORRESPONDENTS WHERE IDURL"
                    + " = ?", Messenger::correspondent, idurl.toString()).orElseThrow(() -> BitDustException.notFound(
                        idurl + " is not a correspondent"));
            Database.update(connection, "DELETE FROM CORRESPONDENTS WHERE IDURL = ?", idurl.toString());
            return found;
        });
    }

    @Override
    public List<CorrespondentDTO> findByNickname(String nickname) {
        return search.find(nickname);
    }

    @Override
    public Map<String, Long> refusals() {
        return refusals.snapshot();
    }

    @Override
    public int pending() {
        return database.first("SELECT COUNT(*) FROM MESSAGES WHERE DIRECTION = ? AND STATE IN (?, ?)",
                rows -> rows.getInt(1), OUT, MessageState.QUEUED.name(), MessageState.SENT.name()).orElse(0);
    }

    /**
     * Looks for messages whose next attempt is due and makes it; runs every {@link #TICK} on the outbox, callable at
     * any time.
     *
     * @return how many attempts began
     */
    int pump() {
        List<Long> due = database.query("SELECT ID FROM MESSAGES WHERE STATE = ? AND NEXT_ATTEMPT <= ? ORDER BY"
                + " NEXT_ATTEMPT FETCH FIRST 100 ROWS ONLY", rows -> rows.getLong(1), MessageState.QUEUED.name(),
                clock.millis());
        for (long row : due) {
            attempt(row);
        }
        return due.size();
    }

    /** Stops the outbox and the inbox; messages in flight stay SENT and are queued again at the next start. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        outbox.shutdownNow();
        inbox.shutdown();
        try {
            if (!inbox.awaitTermination(10, TimeUnit.SECONDS)) {
                inbox.shutdownNow();
            }
            outbox.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inbox.shutdownNow();
        }
        declaration.close();
    }

    private void pumpQuietly() {
        try {
            pump();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Sending queued messages failed: {}", e.toString());
            }
        }
    }

    /**
     * One attempt to deliver a queued message: claims it (QUEUED to SENT), seals it to the recipient's current key and
     * sends it; the answer decides its state.
     *
     * @return completes once the outcome is stored; at once when the message is not queued (another attempt has it)
     */
    private CompletableFuture<Void> attempt(long row) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        Optional<Outgoing> claimed = database.transaction(connection -> {
            Optional<Outgoing> queued = Database.first(connection, "SELECT MESSAGE_ID, RECIPIENT, BODY, CREATED,"
                    + " ATTEMPTS FROM MESSAGES WHERE ID = ? AND STATE = ? FOR UPDATE", rows -> new Outgoing(row,
                        rows.getString(1), IdUrl.parse(rows.getString(2)), rows.getString(3), rows.getLong(4),
                        rows.getInt(5) + 1), row, MessageState.QUEUED.name());
            if (queued.isPresent()) {
                Database.update(connection, "UPDATE MESSAGES SET STATE = ?, ATTEMPTS = ? WHERE ID = ?",
                        MessageState.SENT.name(), queued.get().attempts(), row);
            }
            return queued;
        });
        if (claimed.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Outgoing message = claimed.get();
        CompletionStage<Packet> reply;
        try {
            Identity recipient = cache.get(message.recipient());
            Identity mine = identity.identity().orElseThrow(() -> BitDustException.unavailable("this node has no "
                    + "identity"));
            byte[] payload = new PrivateMessage(mine.idurl(), keys.signingPublicKey(), message.recipient(),
                    recipient.agreementKey(), message.id(), message.created(), message.body()).seal(keys::sign, random);
            reply = gateway.request(gateway.packet(Command.MESSAGE, message.recipient(), payload));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((answer, error) -> {
            try {
                outcome(message, answer, error);
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("Cannot record the outcome of message {}: {}", message.id(), e.toString());
                }
            }
            return (Void) null;
        }).toCompletableFuture();
    }

    private void outcome(Outgoing message, Packet answer, Throwable error) {
        String retry;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            retry = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        } else if (answer.command() == Command.ACK) {
            store(message, MessageState.DELIVERED, null, null);
            LOG.debug("Message {} delivered to {}", message.id(), message.recipient());
            return;
        } else if (answer.command() == Command.FAIL && !transientFail(text(answer))) {
            store(message, MessageState.FAILED, "refused by the recipient: " + text(answer), null);
            LOG.info("Message {} to {} was refused: {}", message.id(), message.recipient(), text(answer));
            return;
        } else if (answer.command() == Command.FAIL) {
            retry = text(answer);
        } else {
            store(message, MessageState.FAILED, "the recipient answered " + answer.command() + " instead of Ack",
                    null);
            return;
        }
        long now = clock.millis();
        int most = config.getInt(MessagingOptions.RETRY_ATTEMPTS.key());
        long age = Duration.ofHours(config.getInt(MessagingOptions.RETRY_HOURS.key())).toMillis();
        if (message.attempts() >= most || now - message.created() >= age) {
            String reason = "gave up after " + message.attempts() + " attempts over "
                    + Duration.ofMillis(now - message.created()).toSeconds() + " s: " + retry;
            store(message, MessageState.FAILED, reason, null);
            LOG.info("Message {} to {} failed: {}", message.id(), message.recipient(), reason);
            return;
        }
        store(message, MessageState.QUEUED, retry, now + delay(message.attempts()).toMillis());
        LOG.debug("Message {} to {} not delivered ({}); attempt {} follows", message.id(), message.recipient(), retry,
                message.attempts() + 1);
    }

    /** @return the pause after {@code attempts} attempts: 5 s, 10 s, 20 s ... up to the option's bound */
    Duration delay(int attempts) {
        Duration most = Duration.ofSeconds(config.getInt(MessagingOptions.RETRY_MAX_DELAY.key()));
        Duration pause = FIRST_DELAY.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return pause.compareTo(most) > 0 ? most : pause;
    }

    /** A Fail that says the recipient could not take it now, not that it refuses it: the gateway's busy answers. */
    private static boolean transientFail(String text) {
        return text.startsWith("busy") || text.startsWith("unavailable") || text.contains(" is busy: ");
    }

    private void store(Outgoing message, MessageState state, String error, Long next) {
        database.update("UPDATE MESSAGES SET STATE = ?, ERROR = ?, NEXT_ATTEMPT = ? WHERE ID = ? AND STATE = ?",
                state.name(), shorten(error), next, message.row(), MessageState.SENT.name());
    }

    private CompletionStage<Answer> handle(Packet packet) {
        if (closed) {
            return Answer.fail("unavailable: messaging is stopping").now();
        }
        try {
            return CompletableFuture.supplyAsync(() -> receive(packet), inbox);
        } catch (RejectedExecutionException e) {
            count("busy");
            return Answer.fail("busy: too many messages arrive at once, send again later").now();
        }
    }

    /** Checks a Message packet and keeps its message; runs on the inbox. */
    Answer receive(Packet packet) {
        try {
            PrivateMessage message = check(packet);
            boolean stored;
            synchronized (receiving) {
                stored = database.transaction(connection -> {
                    if (Database.first(connection, "SELECT ID FROM MESSAGES WHERE DIRECTION = ? AND PEER = ? AND"
                            + " MESSAGE_ID = ?", rows -> rows.getLong(1), IN, message.sender().toString(),
                            message.id()).isPresent()) {
                        return false;
                    }
                    Database.update(connection, "INSERT INTO MESSAGES (MESSAGE_ID, DIRECTION, PEER, SENDER, RECIPIENT,"
                            + " BODY, CREATED, STATE, ATTEMPTS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", message.id(), IN,
                            message.sender().toString(), message.sender().toString(),
                            message.recipient().toString(), message.body(), message.date(),
                            MessageState.RECEIVED.name());
                    return true;
                });
            }
            if (!stored) {
                count("duplicate");
                LOG.info("Message {} from {} arrived again: kept once", message.id(), message.sender());
                return Answer.ack("duplicate");
            }
            LOG.info("Message {} from {} received", message.id(), message.sender());
            return Answer.ack("delivered");
        } catch (Refusal refusal) {
            count(refusal.reason());
            LOG.info("Refused a message from {} (packet {}): {}: {}", packet.creator(), packet.packetId(),
                    refusal.reason(), refusal.getMessage());
            return Answer.fail(refusal.reason() + ": " + refusal.getMessage());
        } catch (RuntimeException e) {
            count("error");
            LOG.warn("Failed to keep a message from {} (packet {})", packet.creator(), packet.packetId(), e);
            return Answer.fail("error: " + e.getMessage());
        }
    }

    /**
     * @return the packet's message once every check passed: owner is creator, the box opens with my key, it names me
     *     and my key as its recipient, its sender is the creator with the key of the creator's identity, and its
     *     signature verifies
     */
    private PrivateMessage check(Packet packet) {
        if (!packet.owner().equals(packet.creator())) {
            throw new Refusal("owner", "a message's packet is owned by " + packet.owner() + ", not its creator "
                    + packet.creator());
        }
        PrivateMessage.Opened opened = PrivateMessage.open(packet.payload(), keys::openSealed);
        PrivateMessage message = opened.message();
        Identity mine = identity.identity().orElseThrow(() -> new Refusal("unavailable", "this node has no identity"));
        if (!mine.idurls().contains(message.recipient()) || !message.recipientKey().equals(keys.agreementPublicKey())) {
            throw new Refusal("not-for-me", "the message is for " + message.recipient() + " with another key, not me");
        }
        if (!message.sender().equals(packet.creator())) {
            throw new Refusal("sender", "the message names " + message.sender() + " as its sender, but "
                    + packet.creator() + " sent it");
        }
        Identity sender;
        try {
            sender = cache.get(packet.creator());
        } catch (BitDustException e) {
            throw new Refusal("identity", "cannot read the identity of " + packet.creator() + ": " + e.getMessage());
        }
        if (!sender.signingKey().equals(message.senderKey())) {
            throw new Refusal("sender-key", "the message carries another signing key than the identity of "
                    + packet.creator());
        }
        if (!message.verify(opened.signature())) {
            throw new Refusal("signature", "the message's signature does not verify with the key of "
                    + message.sender());
        }
        return message;
    }

    private String nicknameOf(IdUrl idurl) {
        try {
            String nickname = cache.get(idurl).nickname();
            return nickname == null || nickname.isEmpty() ? idurl.name() : nickname;
        } catch (BitDustException e) {
            LOG.debug("No nickname of {}: {}", idurl, e.getMessage());
            return idurl.name();
        }
    }

    private Optional<MessageDTO> message(long row) {
        return database.first("SELECT " + COLUMNS + " FROM MESSAGES WHERE ID = ?", Messenger::dto, row);
    }

    private static MessageDTO dto(ResultSet row) throws SQLException {
        MessageDTO message = new MessageDTO();
        message.id = row.getString(2);
        message.direction = row.getString(3).trim();
        message.sender = row.getString(4);
        message.recipient = row.getString(5);
        message.body = row.getString(6);
        message.date = Instant.ofEpochMilli(row.getLong(7)).toString();
        message.state = MessageState.valueOf(row.getString(8)).label();
        message.error = row.getString(9) == null ? "" : row.getString(9);
        message.attempts = row.getInt(10);
        return message;
    }

    private static CorrespondentDTO correspondent(ResultSet row) throws SQLException {
        CorrespondentDTO correspondent = new CorrespondentDTO();
        correspondent.idurl = row.getString(1);
        correspondent.nickname = row.getString(2);
        return correspondent;
    }

    private void count(String reason) {
        refusals.add(reason);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String text(Packet packet) {
        return new String(packet.payload(), StandardCharsets.UTF_8);
    }

    private static String shorten(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR) + "...";
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A message of mine claimed for an attempt: its row, what it says, and the attempt's number. */
    private record Outgoing(long row, String id, IdUrl recipient, String body, long created, int attempts) {
    }
}
