package io.bitdust.suppliers.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.KeyRing;
import io.bitdust.derby.Database;
import io.bitdust.derby.Schema;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.Publication;
import io.bitdust.identity.RecoveryRecords;
import io.bitdust.identity.ServiceOffer;
import io.bitdust.raid.EccMap;
import io.bitdust.storage.ListRequest;
import io.bitdust.storage.Listing;
import io.bitdust.storage.ServiceCancel;
import io.bitdust.storage.ServiceRequest;
import io.bitdust.storage.StorageProtocol;
import io.bitdust.suppliers.CatalogHead;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.suppliers.internal.FamilyStore.Row;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * My family of suppliers, usable without OSGi: hires {@code services/customer/suppliers-number} suppliers, one per
 * position, each for {@link StorageProtocol#bytesPerSupplier} bytes; pings them, lists what they keep for me, replaces
 * one that stays offline or ends its contract, follows changes of the options, and keeps the family in Derby
 * ({@link #SCHEMA}), so a restart keeps it.
 *
 * <p>Rules (docs/storage.md, "Customer side"):
 * <ul>
 *   <li>Candidates: {@code services/employer/candidates} first, then the identity servers' directory; never myself
 *   (nor the identity this node had before it recovered another), a supplier of mine, or a node that answered Fail
 *   or was fired within the last hour; only nodes whose identity offers the supplier service with at least the bytes
 *   asked for. A Fail answer (or one not understood) is a refusal: the next candidate is asked.</li>
 *   <li>Replacement: a supplier whose pings fail for {@code services/employer/replace-offline-minutes} (counted from
 *   when it was last seen, its hire, or my start, whichever is last) is replaced when
 *   {@code services/employer/replace-critically-offline-enabled} is on, one position at a time, and never while more
 *   than {@link SupplierOptions#correctable} positions are offline. A supplier that ends its contract (CancelService),
 *   refuses a changed contract, or whose identity shows another signing key than the one pinned at hire is replaced
 *   at once. The new supplier is hired first, then the old one gets a CancelService, then subscribers hear of the
 *   position.</li>
 *   <li>Cancellation: every supplier I fire is noted in Derby until it answers its CancelService (an Ack or a Fail:
 *   either way it holds no contract of mine any more). One that was offline gets it again in the ping rounds, at most
 *   every {@link #CANCEL_RETRY}, so a supplier replaced while away does not keep my space and objects for good; it is
 *   given up on {@link #CANCEL_GIVE_UP} after it was fired, and forgotten at once when it becomes my supplier again
 *   or when my identity changes.</li>
 *   <li>A change of {@code suppliers-number} or {@code needed-space}: positions beyond N are fired; new positions are
 *   hired; every other supplier gets the RequestService again with the new ECC map and size.</li>
 *   <li>Recovery record (docs/protocol.md §1.6), when given {@link RecoveryRecords}: the family (ECC map, and per
 *   position the supplier and the fingerprint of its pinned key) is published there after every change, debounced, by
 *   a {@link RecordKeeper} on its own thread. A family that starts empty reads it before hiring anybody, and asks the
 *   recorded suppliers again at their positions; only positions whose recorded supplier refuses, shows another key,
 *   or has no identity to be found get someone new. One whose identity checks out but which does not answer keeps its
 *   position as an offline supplier, replaced like any other if it stays away.</li>
 * </ul>
 * Thread-safe. It owns a scheduled executor (its decision round, pings, answers of peers), created here and shut down
 * by {@link #close}; it never blocks the gateway's threads.
 */
public final class SupplierFamily implements SupplierService, AutoCloseable {
    /** The Derby schema of the family (area {@code suppliers}). */
    public static final Schema SCHEMA = FamilyStore.SCHEMA;
    /** The commands of {@link #handler()}: a supplier ending my contract. */
    public static final Set<Command> COMMANDS = Set.of(Command.CANCEL_SERVICE);

    /**
     * The first word of a supplier's Fail when it holds no contract for the sender (docs/protocol.md §3): a ListFiles
     * answered so means my contract ended, even if its CancelService never reached me.
     */
    static final String NO_CONTRACT = "not-customer";
    static final Duration ROUND = Duration.ofSeconds(2);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(15);
    static final Duration HIRE_RETRY = Duration.ofSeconds(30);
    static final Duration REFUSAL_MEMORY = Duration.ofHours(1);
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CHANGE_WAIT = Duration.ofSeconds(90);
    /** How long {@link #dismissAll} holds hiring back at most, waiting for the identity change it comes before. */
    static final Duration DISMISSED_PAUSE = Duration.ofMinutes(2);
    /** How often a fired supplier that has not answered its CancelService gets it again, at most. */
    static final Duration CANCEL_RETRY = Duration.ofMinutes(10);
    /** How long after it was fired a supplier gets its CancelService again. */
    static final Duration CANCEL_GIVE_UP = Duration.ofDays(30);
    /** A supplier lists what it keeps after its hire and then every this many successful pings. */
    static final int LIST_EVERY = 10;
    /** How many IDURLs each identity server is asked for. */
    static final int DIRECTORY_COUNT = 20;
    private static final int THREADS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(SupplierFamily.class);

    /** How long a family that starts empty waits for an identity server to answer about my recovery record. */
    static final Duration RECOVERY_WAIT = Duration.ofMinutes(2);
    static final Duration RECOVERY_RETRY = Duration.ofSeconds(2);

    private enum Kind { HIRE, REPLACE, CHANGE, REREQUEST, ADOPT }

    private final FamilyStore store;
    private final Gateway gateway;
    private final IdentityService identity;
    private final IdentityCache cache;
    private final KeyRing keys;
    private final ConfigService config;
    private final Supplier<List<String>> identityServers;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private final Warnings warnings = new Warnings();
    private final Directory directory;
    private final ConfigService.Declaration declaration;
    private final List<ConfigService.Subscription> subscriptions = new ArrayList<>();
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** Counts option changes: a hire that failed under options changed since it started is tried again at once. */
    private final AtomicInteger generation = new AtomicInteger();
    private final Instant started;
    private final RecoveryRecords records;
    private final RecordKeeper keeper;

    // Guarded by this.
    private final Map<Integer, Job> jobs = new HashMap<>();
    private final Map<Integer, Boolean> online = new HashMap<>();
    private final Map<Integer, IdentityCache.Retention> retentions = new HashMap<>();
    private final Map<Integer, Integer> pingsSinceListing = new HashMap<>();
    private final Map<Integer, Instant> retryAt = new HashMap<>();
    private final Map<IdUrl, Instant> refusedUntil = new HashMap<>();
    /** When each fired supplier that has not answered was last sent its CancelService (since my start). */
    private final Map<IdUrl, Instant> cancelSent = new ConcurrentHashMap<>();
    private long nextPing = System.nanoTime();
    private boolean tooManyOffline;
    private boolean closed;
    /** While true, the family started empty and waits for my recovery record: nothing is hired. */
    private boolean recovering;
    /** When the family started waiting for my recovery record. */
    private Instant recoveryStarted;
    /** Counts the starts of a recovery: a reading of my record for an earlier one is ignored. */
    private int recoveryEpoch;
    /** The identity the family serves, by its IDURLs and signing key; another one recovered starts it again. */
    private List<IdUrl> ownerIdurls;
    private String ownerKey;
    /**
     * The IDURLs this node had before it took on another identity: they may still be published with this machine's
     * contacts, and this node no longer answers for them, so they are never asked to be my supplier.
     */
    private final Set<IdUrl> formerIdurls = new HashSet<>();
    /** After {@link #dismissAll}, nobody is hired before this instant unless my identity changes first. */
    private Instant dismissedUntil;
    private IdentityService.Subscription identityChanges;
    private IdentityService.Subscription recoveries;
    /** The suppliers of my recovery record still to be asked again, by position. */
    private final Map<Integer, FamilyRecord.Recorded> plan = new HashMap<>();

    /**
     * Declares the options, retains the identities of the suppliers kept in the database and starts the rounds.
     *
     * @param database        the area's database, opened with {@link #SCHEMA}; the caller closes it after this
     * @param gateway         sends my packets
     * @param identity        my identity (my IDURLs, the hosts of my identity servers)
     * @param cache           the peers' identities
     * @param keys            my keys, to open listings sealed to me
     * @param config          where the options are declared
     * @param identityServers {@code host:port} of identity servers to ask for candidates besides those of my IDURLs
     * @param clock           the time of contracts, last-seen dates and offline thresholds
     */
    public SupplierFamily(Database database, Gateway gateway, IdentityService identity, IdentityCache cache,
            KeyRing keys, ConfigService config, Supplier<List<String>> identityServers, Clock clock) {
        this(database, gateway, identity, cache, keys, config, identityServers, clock, null, RecordKeeper.DEBOUNCE,
                RecordKeeper.FIRST_RETRY);
    }

    /**
     * As {@link #SupplierFamily(Database, Gateway, IdentityService, IdentityCache, KeyRing, ConfigService, Supplier,
     * Clock)}, keeping the family in my recovery record: published after every change, and, when the family starts
     * empty (a fresh or recovered node), read first so that its suppliers are asked again at their positions before
     * anybody new is hired.
     *
     * @param records my recovery record on the identity servers
     */
    public SupplierFamily(Database database, Gateway gateway, IdentityService identity, IdentityCache cache,
            KeyRing keys, ConfigService config, Supplier<List<String>> identityServers, Clock clock,
            RecoveryRecords records) {
        this(database, gateway, identity, cache, keys, config, identityServers, clock, records, RecordKeeper.DEBOUNCE,
                RecordKeeper.FIRST_RETRY);
    }

    SupplierFamily(Database database, Gateway gateway, IdentityService identity, IdentityCache cache, KeyRing keys,
            ConfigService config, Supplier<List<String>> identityServers, Clock clock, RecoveryRecords records,
            Duration debounce, Duration firstRetry) {
        this.records = records;
        this.keeper = records == null ? null : new RecordKeeper(records, this::recordContent, clock, debounce,
                firstRetry);
        this.store = new FamilyStore(database);
        this.gateway = gateway;
        this.identity = identity;
        this.cache = cache;
        this.keys = keys;
        this.config = config;
        this.identityServers = identityServers;
        this.clock = clock;
        this.started = clock.instant();
        this.declaration = config.declare(SupplierOptions.ALL);
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(THREADS, task -> {
            Thread thread = new Thread(task, "suppliers-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            executor.setRemoveOnCancelPolicy(true);
            this.directory = new Directory(executor, HTTP_TIMEOUT, warnings);
            boolean empty;
            synchronized (this) {
                List<Row> rows = store.all();
                empty = rows.isEmpty();
                for (Row row : rows) {
                    if (row.active()) {
                        retain(row.position(), row.idurl());
                    }
                }
                recovering = records != null && empty;
                recoveryStarted = started;
                identity.identity().ifPresent(this::owner);
            }
            identityChanges = identity.subscribe(this::identityChanged);
            recoveries = identity.subscribeBeforeRecovery(this::beforeRecovery);
            if (recovering) {
                LOG.info("My family of suppliers is empty: reading my recovery record before hiring anybody");
                executor.execute(() -> readRecord(0));
            } else if (keeper != null) {
                keeper.changed();
            }
            subscriptions.add(config.subscribe("services/customer/", change -> optionChanged()));
            subscriptions.add(config.subscribe("services/employer/", change -> optionChanged()));
            executor.scheduleWithFixedDelay(this::round, 0, ROUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * @return serves {@link #COMMANDS}: a CancelService from one of my suppliers ends its contract (the position is
     *     marked refused and a replacement is hired; answered Ack); from anybody else it is answered Fail
     */
    public PacketHandler handler() {
        return new PacketHandler() {
            @Override
            public CompletionStage<Answer> handle(Packet packet) {
                return CompletableFuture.supplyAsync(() -> cancelled(packet), executor);
            }

            @Override
            public boolean accepts(Packet packet) {
                return SupplierFamily.accepts(packet);
            }
        };
    }

    /** Only a CancelService of a supplier ending my contract is mine; the supplier side serves the others. */
    static boolean accepts(Packet packet) {
        return ServiceCancel.serviceOf(packet.payload()).filter(StorageProtocol.CUSTOMER_SERVICE::equals).isPresent();
    }

    @Override
    public List<SupplierDTO> suppliers() {
        int n = suppliersNumber();
        Map<Integer, Row> rows = new HashMap<>();
        store.all().forEach(row -> rows.put(row.position(), row));
        List<SupplierDTO> result = new ArrayList<>();
        synchronized (this) {
            for (int position = 0; position < n; position++) {
                result.add(dto(rows.getOrDefault(position, Row.empty(position, "no supplier hired yet"))));
            }
        }
        return result;
    }

    @Override
    public Optional<IdUrl> supplier(int position) {
        return store.get(position).filter(Row::active).map(Row::idurl);
    }

    @Override
    public synchronized SupplierDTO replace(int position) {
        checkPosition(position);
        if (!jobs.containsKey(position)) {
            Row row = store.get(position).orElse(Row.empty(position, null));
            LOG.info("Position {}: replacing {} by hand", position, row.idurl() == null ? "nobody" : row.idurl());
            start(row.active() ? Kind.REPLACE : Kind.HIRE, row, null);
        }
        return dto(store.get(position).orElse(Row.empty(position, null)));
    }

    @Override
    public SupplierDTO change(int position, IdUrl newSupplier) {
        Job job;
        synchronized (this) {
            checkPosition(position);
            if (myIdurls().contains(newSupplier)) {
                throw BitDustException.invalid(newSupplier + " is this node: it cannot be its own supplier");
            }
            for (Row row : store.all()) {
                if (newSupplier.equals(row.idurl()) && !FamilyStore.EMPTY.equals(row.contract())) {
                    throw BitDustException.invalid(newSupplier + " is a supplier already, at position "
                            + row.position());
                }
            }
            for (Job other : jobs.values()) {
                if (newSupplier.equals(other.candidate)) {
                    throw BitDustException.invalid(newSupplier + " is being hired at position " + other.position);
                }
            }
            if (jobs.containsKey(position)) {
                throw new BitDustException(ErrorCode.CONFLICT, "position " + position + " is being hired already; "
                        + "try again once suppliers_list shows it settled");
            }
            job = start(Kind.CHANGE, store.get(position).orElse(Row.empty(position, null)), newSupplier);
        }
        try {
            job.result.get(CHANGE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BitDustException ? (BitDustException) e.getCause()
                    : new BitDustException(ErrorCode.INTERNAL, "hiring " + newSupplier + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw BitDustException.unavailable(newSupplier + " did not answer within " + CHANGE_WAIT.toSeconds()
                    + " s; suppliers_list shows the outcome");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BitDustException.unavailable("interrupted while hiring " + newSupplier);
        }
        return dto(store.get(position).orElse(Row.empty(position, null)));
    }

    @Override
    public List<SupplierDTO> ping() {
        List<CompletableFuture<Void>> pings = pingAll();
        try {
            CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new))
                    .get(PING_TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Pinging the suppliers: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return suppliers();
    }

    @Override
    public SpaceConsumedDTO space() {
        int n = suppliersNumber();
        SpaceConsumedDTO space = new SpaceConsumedDTO();
        space.neededBytes = config.getBytes(SupplierOptions.NEEDED_SPACE.key());
        space.suppliers = n;
        space.eccMap = StorageProtocol.eccMap(n).name();
        for (Row row : store.all()) {
            if (row.active() && row.position() < n) {
                space.activeSuppliers++;
                space.allocatedBytes += row.allocated();
                space.usedBytes += row.used();
            }
        }
        return space;
    }

    @Override
    public AutoCloseable subscribe(IntConsumer listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Stops the rounds, releases the retained identities and withdraws the options; the database stays open. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Job job : jobs.values()) {
                job.cancelled = true;
                job.result.completeExceptionally(BitDustException.unavailable("the suppliers service stopped"));
            }
            jobs.clear();
            for (int position : List.copyOf(retentions.keySet())) {
                release(position);
            }
        }
        stop();
    }

    private void stop() {
        if (identityChanges != null) {
            identityChanges.close();
        }
        if (recoveries != null) {
            recoveries.close();
        }
        if (keeper != null) {
            keeper.close();
        }
        subscriptions.forEach(ConfigService.Subscription::close);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Suppliers: tasks still running 5 s after stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        declaration.close();
    }

    @Override
    public Optional<Instant> recordPublished() {
        return keeper == null ? Optional.empty() : keeper.published();
    }

    @Override
    public void catalogHead(CatalogHead head) {
        Objects.requireNonNull(head, "head");
        synchronized (this) {
            if (closed || head.equals(store.catalogHead().orElse(null))) {
                return;
            }
            store.catalogHead(head);
        }
        LOG.debug("Catalog head now revision {}: my recovery record follows", head.revision());
        recordChanged();
    }

    @Override
    public Optional<CatalogHead> catalogHead() {
        return store.catalogHead();
    }

    /** @return whether the family still waits for my recovery record, or asks its suppliers again */
    public synchronized boolean recovering() {
        return recovering || !plan.isEmpty();
    }

    private void recordChanged() {
        if (keeper != null) {
            keeper.changed();
        }
    }

    /**
     * The content of my recovery record: empty while the family is recovered (a partial family must not overwrite the
     * record) or has no active supplier.
     */
    synchronized Optional<RecordKeeper.Content> recordContent() {
        if (closed || recovering || !plan.isEmpty() || ownerIdurls == null || ownerIdurls.isEmpty()) {
            return Optional.empty();
        }
        int n = suppliersNumber();
        SortedMap<Integer, FamilyRecord.Recorded> positions = new TreeMap<>();
        for (Row row : store.all()) {
            if (row.active() && row.position() < n && row.signingKey() != null) {
                positions.put(row.position(), new FamilyRecord.Recorded(row.idurl(),
                        FamilyRecord.fingerprint(row.signingKey())));
            }
        }
        return positions.isEmpty() ? Optional.empty() : Optional.of(new RecordKeeper.Content(ownerIdurls.get(0),
                new FamilyRecord(n, positions, store.catalogHead().orElse(null)).toBytes()));
    }

    /**
     * Reads my recovery record for a family that started empty, and plans to ask its suppliers again at their
     * positions. Waits up to {@link #RECOVERY_WAIT} for an identity server to answer; then hires as a fresh node.
     */
    private void readRecord(int epoch) {
        Instant since;
        synchronized (this) {
            if (epoch != recoveryEpoch || closed) {
                return;
            }
            since = recoveryStarted;
        }
        boolean waiting = clock.instant().isBefore(since.plus(RECOVERY_WAIT));
        if (waiting && !identity.publication().stream().allMatch(Publication::current)) {
            // The recorded suppliers answer at the contacts my identity server gives them: a recovered identity lists
            // the old machine's until the new revision is there.
            retryRecord(epoch);
            return;
        }
        RecoveryRecords.Fetched fetched = null;
        try {
            fetched = records.fetch();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read my recovery record: {}", e.getMessage());
        }
        if (fetched == null || fetched.answered() == 0) {
            if (waiting) {
                retryRecord(epoch);
                return;
            }
            LOG.warn("No identity server answered about my recovery record within {} s: hiring new suppliers",
                    RECOVERY_WAIT.toSeconds());
            endRecovery(epoch, null);
            return;
        }
        if (fetched.content().isEmpty()) {
            LOG.info("No recovery record of mine on {} identity servers: hiring new suppliers", fetched.answered());
            endRecovery(epoch, null);
            return;
        }
        FamilyRecord record;
        try {
            record = FamilyRecord.parse(fetched.content().get());
        } catch (BitDustException e) {
            LOG.warn("My recovery record revision {} cannot be used ({}): hiring new suppliers", fetched.revision(),
                    e.getMessage());
            endRecovery(epoch, null);
            return;
        }
        if (record.suppliers() != suppliersNumber()) {
            try {
                LOG.info("My recovery record has {} suppliers, the option {}: following the record", record
                        .suppliers(), suppliersNumber());
                config.set(SupplierOptions.SUPPLIERS_NUMBER.key(), Integer.toString(record.suppliers()));
            } catch (RuntimeException e) {
                LOG.warn("Cannot set {} to the {} suppliers of my recovery record: {}",
                        SupplierOptions.SUPPLIERS_NUMBER.key(), record.suppliers(), e.getMessage());
            }
        }
        LOG.info("Read my recovery record revision {}: asking {} suppliers again at their positions",
                fetched.revision(), record.positions().size());
        endRecovery(epoch, record);
    }

    private void owner(Identity mine) {
        ownerIdurls = mine.idurls();
        ownerKey = mine.signingKey().toString();
    }

    /** Called on the thread that changed my identity: the work goes to the executor. */
    private void identityChanged(Identity next) {
        try {
            executor.execute(() -> restartFor(next));
        } catch (RejectedExecutionException e) {
            LOG.debug("My identity changed while the suppliers service stops");
        }
    }

    /**
     * My identity was recovered from a backup (other IDURLs or another key than the family served): the contracts
     * in the database belong to the identity this node had before, and its suppliers pinned that identity's key. The
     * family starts again, empty, from the recovered identity's recovery record.
     */
    private synchronized void restartFor(Identity next) {
        if (closed || serves(next)) {
            return;
        }
        LOG.info("My identity is now {}: the family of suppliers of {} is dropped and starts again{}", next.idurl(),
                ownerIdurls == null || ownerIdurls.isEmpty() ? "no identity" : ownerIdurls.get(0),
                records != null ? " from my recovery record" : "");
        if (ownerIdurls != null) {
            formerIdurls.addAll(ownerIdurls);
        }
        dismissedUntil = null;
        owner(next);
        empty("my identity changed to " + next.idurl(), null);
        refusedUntil.clear();
        store.forgetUncancelled();
        cancelSent.clear();
        if (keeper != null) {
            keeper.forget();
        }
        recovering = records != null;
        recoveryStarted = clock.instant();
        int epoch = ++recoveryEpoch;
        if (recovering) {
            executor.execute(() -> readRecord(epoch));
        } else {
            wake();
        }
    }

    /** This node is about to become another identity: the suppliers hired as this one are let go while it can sign. */
    private void beforeRecovery(Identity next) {
        synchronized (this) {
            if (serves(next)) {
                return;
            }
        }
        dismissAll("this node becomes " + next.idurl());
    }

    /** @return whether the family serves this identity already: the same IDURLs and signing key */
    private boolean serves(Identity identity) {
        return identity.idurls().equals(ownerIdurls) && identity.signingKey().toString().equals(ownerKey);
    }

    /**
     * Fires every supplier of the family, each with a CancelService signed with my present keys, and leaves the
     * family empty, hiring nobody until my identity changes (or {@link #DISMISSED_PAUSE} has passed): so that they do
     * not keep space for an identity nobody will sign for again.
     *
     * @param why what the log says
     */
    synchronized void dismissAll(String why) {
        if (closed) {
            return;
        }
        LOG.info("Dismissing my family of suppliers: {}", why);
        dismissedUntil = clock.instant().plus(DISMISSED_PAUSE);
        empty("my suppliers are dismissed: " + why, why);
    }

    /**
     * Cancels the hires under way and deletes every position, telling the listeners.
     *
     * @param reason what the cancelled hires fail with
     * @param fire   why each active supplier gets a CancelService, or null to send none (its contract is not mine
     *               any more)
     */
    private void empty(String reason, String fire) {
        for (Job job : jobs.values()) {
            job.cancelled = true;
            job.result.completeExceptionally(BitDustException.unavailable(reason));
        }
        jobs.clear();
        List<Integer> positions = new ArrayList<>();
        for (Row row : store.all()) {
            if (fire != null && row.active()) {
                dismiss(row.idurl(), fire, false);
            }
            store.delete(row.position());
            release(row.position());
            forget(row.position());
            positions.add(row.position());
        }
        plan.clear();
        retryAt.clear();
        positions.forEach(this::notify);
    }

    private void retryRecord(int epoch) {
        try {
            executor.schedule(() -> readRecord(epoch), RECOVERY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("The suppliers service stops while it reads my recovery record");
        }
    }

    private void endRecovery(int epoch, FamilyRecord record) {
        synchronized (this) {
            if (closed || epoch != recoveryEpoch) {
                return;
            }
            // the catalog head of the record read (none without one) until the backup area pushes a newer copy
            store.catalogHead(record == null ? null : record.catalog());
            if (record != null) {
                Set<IdUrl> mine = myIdurls();
                record.positions().forEach((position, recorded) -> {
                    if (!mine.contains(recorded.idurl())) {
                        plan.put(position, recorded);
                    }
                });
            }
            recovering = false;
        }
        wake();
    }

    /** Runs a decision round and, when due, a ping round; never throws (a scheduled task that throws stops). */
    void round() {
        try {
            decide();
            boolean pingNow;
            synchronized (this) {
                long now = System.nanoTime();
                pingNow = !closed && now - nextPing >= 0 && config.getBoolean(SupplierOptions.ENABLED.key());
                if (pingNow) {
                    nextPing = now + TimeUnit.SECONDS.toNanos(config.getInt(SupplierOptions.PING_SECONDS.key()));
                }
            }
            if (pingNow) {
                pingAll();
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Suppliers: a round failed: {}", e.toString(), e);
            }
        }
    }

    /** One decision: fits the family to the options, hires empty and refused positions, replaces one offline. */
    synchronized void decide() {
        if (closed || recovering || !config.getBoolean(SupplierOptions.ENABLED.key())
                || dismissedUntil != null && clock.instant().isBefore(dismissedUntil)) {
            return;
        }
        int n = suppliersNumber();
        EccMap ecc = StorageProtocol.eccMap(n);
        long bytes = bytesPerSupplier(n);
        Instant now = clock.instant();
        refusedUntil.values().removeIf(until -> !until.isAfter(now));
        Set<Integer> present = new HashSet<>();
        for (Row row : store.all()) {
            if (row.position() >= n) {
                shrink(row, n);
            } else {
                present.add(row.position());
            }
        }
        for (int position = 0; position < n; position++) {
            if (!present.contains(position)) {
                store.put(Row.empty(position, "no supplier hired yet"));
            }
        }
        List<Row> offline = new ArrayList<>();
        int offlineNow = 0;
        for (Row row : store.all()) {
            int position = row.position();
            if (jobs.containsKey(position)) {
                if (row.active() && Boolean.FALSE.equals(online.get(position))) {
                    offlineNow++;
                }
                continue;
            }
            if (row.active() && keyChanged(row)) {
                row = refuse(row, row.idurl() + "'s identity shows another signing key than the one pinned at hire");
            }
            Instant retry = retryAt.get(position);
            boolean due = retry == null || !retry.isAfter(now);
            if (!row.active()) {
                FamilyRecord.Recorded recorded = plan.get(position);
                if (recorded != null) {
                    start(Kind.ADOPT, row, recorded.idurl()).recordedKey = recorded.key();
                } else if (due) {
                    start(Kind.HIRE, row, null);
                }
            } else if (Boolean.FALSE.equals(online.get(position))) {
                offlineNow++;
                if (!offlineSince(row).plus(threshold()).isAfter(now)) {
                    offline.add(row);
                }
            } else if (due && (!ecc.name().equals(row.ecc()) || row.bytes() != bytes)) {
                start(Kind.REREQUEST, row, row.idurl());
            }
        }
        replaceOne(offline, offlineNow, n, now);
    }

    private void replaceOne(List<Row> offline, int offlineNow, int n, Instant now) {
        if (offline.isEmpty() || !config.getBoolean(SupplierOptions.REPLACE_OFFLINE.key())
                || jobs.values().stream().anyMatch(job -> job.kind == Kind.REPLACE)) {
            return;
        }
        if (offlineNow > SupplierOptions.correctable(n)) {
            if (!tooManyOffline) {
                tooManyOffline = true;
                LOG.warn("{} of {} suppliers are offline, more than the {} a rebuild tolerates: none is replaced "
                        + "until fewer are", offlineNow, n, SupplierOptions.correctable(n));
            }
            return;
        }
        tooManyOffline = false;
        offline.sort(Comparator.comparing(this::offlineSince));
        Row row = offline.get(0);
        Instant retry = retryAt.get(row.position());
        if (retry == null || !retry.isAfter(now)) {
            LOG.info("Position {}: {} offline since {}, replacing it", row.position(), row.idurl(),
                    offlineSince(row));
            start(Kind.REPLACE, row, null);
        }
    }

    private void shrink(Row row, int n) {
        plan.remove(row.position());
        Job job = jobs.remove(row.position());
        if (job != null) {
            job.cancelled = true;
            job.result.completeExceptionally(BitDustException.unavailable("the family shrank to " + n));
        }
        if (row.idurl() != null && !FamilyStore.EMPTY.equals(row.contract())) {
            dismiss(row.idurl(), "the family shrank to " + n + " suppliers", false);
        }
        store.delete(row.position());
        release(row.position());
        forget(row.position());
        LOG.info("Position {}: removed, the family has {} positions now", row.position(), n);
        notify(row.position());
        recordChanged();
    }

    /** Starts a hire (or a new request to the same supplier) at a position; the caller holds the lock. */
    private Job start(Kind kind, Row old, IdUrl only) {
        int n = suppliersNumber();
        Job job = new Job(old.position(), kind, old, StorageProtocol.eccMap(n), bytesPerSupplier(n),
                generation.get());
        jobs.put(job.position, job);
        if (kind == Kind.ADOPT) {
            // Set at once: no hire of another position may take the recorded supplier meanwhile.
            job.candidate = only;
        }
        CompletableFuture<List<IdUrl>> candidates = only != null ? CompletableFuture.completedFuture(List.of(only))
                : candidates(job);
        candidates.whenCompleteAsync((list, error) -> next(job, error == null ? list.iterator()
                : Collections.emptyIterator()), executor);
        return job;
    }

    private CompletableFuture<List<IdUrl>> candidates(Job job) {
        Set<IdUrl> excluded = excluded();
        List<IdUrl> listed = new ArrayList<>();
        try {
            listed.addAll(SupplierOptions.candidates(config.get(SupplierOptions.CANDIDATES.key()).value()));
        } catch (RuntimeException e) {
            LOG.warn("services/employer/candidates cannot be read: {}", e.getMessage());
        }
        listed.removeAll(excluded);
        Set<String> servers = new LinkedHashSet<>();
        identity.identity().ifPresent(mine -> mine.idurls().forEach(idurl -> servers.add(idurl.host() + ":"
                + idurl.port())));
        try {
            servers.addAll(identityServers.get());
        } catch (RuntimeException e) {
            LOG.debug("Known identity servers cannot be read: {}", e.toString());
        }
        if (servers.isEmpty()) {
            return CompletableFuture.completedFuture(listed);
        }
        return directory.find(servers, StorageProtocol.SUPPLIER_SERVICE, DIRECTORY_COUNT, excluded)
                .thenApply(found -> {
                    Set<IdUrl> all = new LinkedHashSet<>(listed);
                    all.addAll(found);
                    LOG.debug("Position {}: {} candidates", job.position, all.size());
                    return List.copyOf(all);
                });
    }

    /**
     * Myself (and who I was before a recovery), my suppliers, candidates being asked, and nodes that refused me or
     * were fired recently.
     */
    private Set<IdUrl> excluded() {
        Set<IdUrl> excluded = new HashSet<>(myIdurls());
        excluded.addAll(formerIdurls);
        for (Row row : store.all()) {
            if (row.idurl() != null) {
                excluded.add(row.idurl());
            }
        }
        for (Job job : jobs.values()) {
            if (job.candidate != null) {
                excluded.add(job.candidate);
            }
        }
        excluded.addAll(refusedUntil.keySet());
        plan.values().forEach(recorded -> excluded.add(recorded.idurl()));
        return excluded;
    }

    private synchronized void next(Job job, Iterator<IdUrl> candidates) {
        if (closed || job.cancelled) {
            return;
        }
        boolean free = job.kind == Kind.CHANGE || job.kind == Kind.REREQUEST || job.kind == Kind.ADOPT;
        while (candidates.hasNext()) {
            IdUrl candidate = candidates.next();
            job.candidate = null;
            if (!free && excluded().contains(candidate)) {
                continue;
            }
            job.candidate = candidate;
            ask(job, candidate, candidates);
            return;
        }
        failed(job);
    }

    private void ask(Job job, IdUrl candidate, Iterator<IdUrl> rest) {
        job.checked = null;
        CompletableFuture.supplyAsync(() -> lookUp(candidate), executor).thenCompose(peer -> {
            check(job, candidate, peer);
            job.checked = peer;
            Packet request = gateway.packet(Command.REQUEST_SERVICE, candidate, new ServiceRequest(
                    StorageProtocol.SUPPLIER_SERVICE, job.bytes, job.ecc, job.position).toBytes());
            return gateway.request(request).thenApply(reply -> new Reply(peer, reply));
        }).whenCompleteAsync((reply, error) -> answered(job, candidate, rest, reply, error), executor);
    }

    private Identity lookUp(IdUrl idurl) {
        try {
            return cache.fetch(idurl);
        } catch (BitDustException e) {
            return cache.cached(idurl).orElseThrow(() -> e);
        }
    }

    private void check(Job job, IdUrl candidate, Identity peer) {
        if (job.kind == Kind.REREQUEST) {
            if (!peer.signingKey().toString().equals(job.old.signingKey())) {
                throw new BitDustException(ErrorCode.CONFLICT, candidate + "'s identity shows another signing key "
                        + "than the one pinned at hire");
            }
            return;
        }
        if (job.kind == Kind.ADOPT) {
            // It holds my data: only its answer says whether it still serves me, whatever its identity offers now.
            if (!FamilyRecord.fingerprint(peer.signingKey().toString()).equals(job.recordedKey)) {
                throw new BitDustException(ErrorCode.CONFLICT, candidate + "'s identity shows another signing key "
                        + "than the one in my recovery record");
            }
            return;
        }
        ServiceOffer offer = peer.services().get(StorageProtocol.SUPPLIER_SERVICE);
        if (offer == null || !offer.enabled()) {
            throw new BitDustException(ErrorCode.CONFLICT, candidate + " does not offer the supplier service");
        }
        if (offer.freeBytes() < job.bytes) {
            throw new BitDustException(ErrorCode.CONFLICT, candidate + " offers " + offer.freeBytes()
                    + " bytes, fewer than the " + job.bytes + " needed");
        }
    }

    private synchronized void answered(Job job, IdUrl candidate, Iterator<IdUrl> rest, Reply reply,
            Throwable error) {
        if (closed) {
            return;
        }
        if (job.cancelled || jobs.get(job.position) != job) {
            if (reply != null && reply.packet.command() == Command.ACK && job.kind != Kind.REREQUEST) {
                dismiss(candidate, "hired for a position that no longer exists", false);
            }
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            job.lastReason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            job.lastCode = cause instanceof BitDustException && ((BitDustException) cause).code() == ErrorCode.CONFLICT
                    ? ErrorCode.CONFLICT : ErrorCode.UNAVAILABLE;
            // Not remembered as a refusal: its identity may offer the service or the space soon, or it may be back.
            LOG.debug("Position {}: {} not hired: {}", job.position, candidate, job.lastReason);
            next(job, rest);
            return;
        }
        Packet packet = reply.packet;
        if (packet.command() == Command.ACK) {
            hired(job, candidate, reply.peer);
            return;
        }
        if (packet.command() == Command.FAIL) {
            job.lastReason = candidate + " refused: " + text(packet);
            LOG.debug("Position {}: {}", job.position, job.lastReason);
        } else {
            job.lastReason = candidate + " answered " + packet.command() + ", not Ack or Fail";
            warnings.once(candidate, "RequestService answer", "{} answered a RequestService with {}; counted as a "
                    + "refusal", candidate, packet.command());
        }
        job.lastCode = ErrorCode.CONFLICT;
        refusedUntil.put(candidate, clock.instant().plus(REFUSAL_MEMORY));
        next(job, rest);
    }

    private void hired(Job job, IdUrl supplier, Identity peer) {
        int position = job.position;
        Instant now = clock.instant();
        Row old = store.get(position).orElse(job.old);
        boolean same = supplier.equals(old.idurl()) && old.active();
        Row row = new Row(position, supplier, peer.signingKey().toString(), FamilyStore.ACTIVE, job.ecc.name(),
                job.bytes, job.bytes, same ? old.used() : 0, same ? old.hired() : now, now, same ? old.listed() : null,
                null);
        store.put(row);
        store.cancelled(supplier);
        cancelSent.remove(supplier);
        jobs.remove(position);
        retryAt.remove(position);
        plan.remove(position);
        online.put(position, true);
        pingsSinceListing.put(position, 0);
        if (!same) {
            release(position);
            retain(position, supplier);
            if (old.idurl() != null && !FamilyStore.EMPTY.equals(old.contract())) {
                dismiss(old.idurl(), "replaced by " + supplier, true);
            }
            LOG.info("Position {}: {} {} for {} bytes ({})", position, supplier, job.kind == Kind.ADOPT
                    ? "hired again from my recovery record" : "hired", job.bytes, job.ecc.name());
        } else {
            LOG.info("Position {}: {} accepted the contract again for {} bytes ({})", position, supplier, job.bytes,
                    job.ecc.name());
        }
        if (!same || !job.ecc.name().equals(old.ecc())) {
            notify(position);
        }
        job.result.complete(row);
        list(position, supplier);
        recordChanged();
    }

    private void failed(Job job) {
        int position = job.position;
        jobs.remove(position);
        Row current = store.get(position).orElse(null);
        String reason = job.lastReason;
        if (current != null) {
            switch (job.kind) {
                case HIRE:
                    retryAt.put(position, clock.instant().plus(HIRE_RETRY));
                    store.put(current.withReason("no supplier found: " + reason));
                    LOG.warn("Position {}: no supplier found ({}); trying again in {} s", position, reason,
                            HIRE_RETRY.toSeconds());
                    break;
                case REPLACE:
                    retryAt.put(position, clock.instant().plus(HIRE_RETRY));
                    LOG.warn("Position {}: no replacement found for {} ({}); trying again in {} s", position,
                            current.idurl(), reason, HIRE_RETRY.toSeconds());
                    break;
                case ADOPT:
                    FamilyRecord.Recorded recorded = plan.remove(position);
                    retryAt.remove(position);
                    if (recorded != null && job.lastCode == ErrorCode.UNAVAILABLE && job.checked != null) {
                        keepOffline(job, recorded.idurl(), job.checked, reason);
                        break;
                    }
                    if (recorded != null) {
                        refusedUntil.put(recorded.idurl(), clock.instant().plus(REFUSAL_MEMORY));
                    }
                    store.put(current.withReason("my recorded supplier " + (recorded == null ? "" : recorded.idurl()
                            + " ") + "was not hired again: " + reason));
                    LOG.warn("Position {}: my recorded supplier {} was not hired again ({}); hiring another",
                            position, recorded == null ? "" : recorded.idurl(), reason);
                    wake();
                    break;
                case REREQUEST:
                    if (job.lastCode == ErrorCode.CONFLICT) {
                        refuse(current, reason);
                        wake();
                    } else {
                        retryAt.put(position, clock.instant().plus(HIRE_RETRY));
                        LOG.info("Position {}: {} did not take the changed contract yet ({})", position,
                                current.idurl(), reason);
                    }
                    break;
                default:
                    break;
            }
        }
        if (job.generation != generation.get()) {
            retryAt.remove(position);
            wake();
        }
        job.result.completeExceptionally(new BitDustException(job.lastCode, job.kind == Kind.CHANGE
                ? "position " + position + " is unchanged: " + reason : reason));
    }

    /**
     * Keeps a recorded supplier that did not answer at its position, as an active supplier that is offline: its
     * identity shows the key of my recovery record and it holds my data, it may only be away for a while. Like any
     * offline supplier it is replaced after {@code replace-offline-minutes} (counted from now), and when it answers a
     * ping the subscribers hear of it (what it missed is rebuilt; its listing tells whether it still serves me).
     */
    private void keepOffline(Job job, IdUrl supplier, Identity peer, String reason) {
        int position = job.position;
        store.put(new Row(position, supplier, peer.signingKey().toString(), FamilyStore.ACTIVE, job.ecc.name(),
                job.bytes, job.bytes, 0, clock.instant(), null, null, null));
        online.put(position, false);
        pingsSinceListing.put(position, 0);
        release(position);
        retain(position, supplier);
        LOG.warn("Position {}: my recorded supplier {} did not answer ({}); kept at its position as offline, replaced "
                + "if it stays away", position, supplier, reason);
        notify(position);
        recordChanged();
    }

    /** Marks a position refused: a replacement is hired by the next round. */
    private Row refuse(Row row, String why) {
        Row refused = row.refused(why);
        store.put(refused);
        release(row.position());
        forget(row.position());
        retryAt.remove(row.position());
        if (row.idurl() != null) {
            refusedUntil.put(row.idurl(), clock.instant().plus(REFUSAL_MEMORY));
        }
        LOG.warn("Position {}: {}; hiring a replacement", row.position(), why);
        recordChanged();
        return refused;
    }

    /**
     * Fires a supplier: it is noted until it answers a CancelService (see {@link #cancel}). One fired for a fault
     * (offline, refused, replaced by hand) is not hired again within {@link #REFUSAL_MEMORY}; one fired because the
     * family shrank may be.
     */
    private void dismiss(IdUrl supplier, String why, boolean fault) {
        if (fault) {
            refusedUntil.put(supplier, clock.instant().plus(REFUSAL_MEMORY));
        }
        store.uncancelled(supplier, clock.instant(), why);
        LOG.info("Fired {}: {}", supplier, why);
        cancel(supplier, why);
    }

    /**
     * Sends a fired supplier its CancelService. Any answer settles it; silence or an error leaves it noted for the
     * next ping round.
     */
    private void cancel(IdUrl supplier, String why) {
        cancelSent.put(supplier, clock.instant());
        try {
            gateway.request(gateway.packet(Command.CANCEL_SERVICE, supplier,
                    new ServiceCancel(StorageProtocol.SUPPLIER_SERVICE).toBytes())).whenComplete((reply, error) -> {
                        if (error == null) {
                            cancelAnswered(supplier, reply);
                        } else {
                            LOG.debug("CancelService to {} ({}) not answered: {}", supplier, why, error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.info("The CancelService to {} ({}) was not sent: {}; trying again later", supplier, why,
                    e.getMessage());
        }
    }

    private synchronized void cancelAnswered(IdUrl supplier, Packet reply) {
        if (closed) {
            return;
        }
        LOG.debug("CancelService to {}: {} {}", supplier, reply.command(), text(reply));
        cancelSent.remove(supplier);
        store.cancelled(supplier);
    }

    /**
     * Sends the CancelService again to each fired supplier that has not answered it and was not sent it within
     * {@link #CANCEL_RETRY}; forgets one that is my supplier again or was fired {@link #CANCEL_GIVE_UP} ago.
     */
    private synchronized void cancelAgain() {
        Instant now = clock.instant();
        Set<IdUrl> suppliers = new HashSet<>();
        store.all().forEach(row -> suppliers.add(row.idurl()));
        for (FamilyStore.Uncancelled fired : store.uncancelled()) {
            IdUrl supplier = fired.idurl();
            Instant sent = cancelSent.get(supplier);
            if (suppliers.contains(supplier)) {
                store.cancelled(supplier);
            } else if (!now.isBefore(fired.fired().plus(CANCEL_GIVE_UP))) {
                LOG.info("Giving up on the CancelService to {}, fired {} ({}): it never answered", supplier,
                        fired.fired(), fired.reason());
                store.cancelled(supplier);
                cancelSent.remove(supplier);
            } else if (sent == null || !now.isBefore(sent.plus(CANCEL_RETRY))) {
                cancel(supplier, fired.reason());
            }
        }
    }

    private synchronized Answer cancelled(Packet packet) {
        IdUrl from = packet.creator();
        ServiceCancel cancel;
        try {
            cancel = ServiceCancel.parse(packet.payload());
        } catch (RuntimeException e) {
            warnings.once(from, "CancelService payload", "{} sent a CancelService I do not understand: {}", from,
                    e.getMessage());
            return Answer.fail("not a CancelService payload: " + e.getMessage());
        }
        if (!StorageProtocol.CUSTOMER_SERVICE.equals(cancel.service())) {
            return Answer.fail("no contract for the service '" + cancel.service() + "'");
        }
        for (Row row : store.all()) {
            if (from.equals(row.idurl()) && row.active()) {
                Job job = jobs.remove(row.position());
                if (job != null) {
                    job.cancelled = true;
                    job.result.completeExceptionally(new BitDustException(ErrorCode.CONFLICT, from
                            + " ended the contract"));
                }
                refuse(row, from + " ended the contract");
                wake();
                return Answer.ack("accepted");
            }
            if (from.equals(row.idurl())) {
                return Answer.ack("accepted");
            }
        }
        return Answer.fail(from + " is not a supplier of mine");
    }

    private List<CompletableFuture<Void>> pingAll() {
        if (!closed) {
            cancelAgain();
        }
        List<Row> active = new ArrayList<>();
        for (Row row : store.all()) {
            if (row.active()) {
                active.add(row);
            }
        }
        List<CompletableFuture<Void>> pings = new ArrayList<>();
        for (Row row : active) {
            try {
                pings.add(CompletableFuture.runAsync(() -> gateway.ping(row.idurl(), PING_TIMEOUT), executor)
                        .handleAsync((ignored, error) -> {
                            pinged(row, error);
                            return null;
                        }, executor));
            } catch (RejectedExecutionException e) {
                break;
            }
        }
        return pings;
    }

    private synchronized void pinged(Row pinged, Throwable error) {
        if (closed) {
            return;
        }
        int position = pinged.position();
        Row row = store.get(position).orElse(null);
        if (row == null || !row.active() || !pinged.idurl().equals(row.idurl())) {
            return;
        }
        if (error != null) {
            if (!Boolean.FALSE.equals(online.put(position, false))) {
                LOG.info("Position {}: {} is offline: {}", position, row.idurl(), error.getCause() != null
                        ? error.getCause().getMessage() : error.toString());
            }
            return;
        }
        if (Boolean.FALSE.equals(online.put(position, true))) {
            LOG.info("Position {}: {} is online again", position, row.idurl());
            notify(position); // what it missed while offline (a backup's fragments) is rebuilt now
        }
        store.put(row.seen(clock.instant()));
        if (keyChanged(row)) {
            refuse(row, row.idurl() + "'s identity shows another signing key than the one pinned at hire");
            wake();
            return;
        }
        int pings = pingsSinceListing.merge(position, 1, Integer::sum);
        if (pings >= LIST_EVERY || row.listed() == null) {
            pingsSinceListing.put(position, 0);
            list(position, row.idurl());
        }
    }

    private void list(int position, IdUrl supplier) {
        try {
            gateway.request(gateway.packet(Command.LIST_FILES, supplier, new ListRequest("").toBytes()))
                    .whenCompleteAsync((reply, error) -> listed(position, supplier, reply, error), executor);
        } catch (RuntimeException e) {
            LOG.debug("Position {}: cannot ask {} for its listing: {}", position, supplier, e.toString());
        }
    }

    private synchronized void listed(int position, IdUrl supplier, Packet reply, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            LOG.debug("Position {}: no listing from {}: {}", position, supplier, error.toString());
            return;
        }
        if (reply.command() == Command.FAIL && text(reply).startsWith(NO_CONTRACT)) {
            Row row = store.get(position).orElse(null);
            if (row != null && row.active() && supplier.equals(row.idurl())) {
                refuse(row, supplier + " has no contract with me any more (" + text(reply) + ")");
                wake();
            }
            return;
        }
        if (reply.command() != Command.FILES) {
            warnings.once(supplier, "ListFiles answer", "{} answered a ListFiles with {}: {}", supplier,
                    reply.command(), reply.command() == Command.FAIL ? text(reply) : "not a listing");
            return;
        }
        Listing listing;
        try {
            listing = Listing.open(keys, reply.payload());
        } catch (RuntimeException e) {
            warnings.once(supplier, "Files payload", "{} sent a listing I cannot read: {}", supplier,
                    e.getMessage());
            return;
        }
        Row row = store.get(position).orElse(null);
        if (row != null && row.active() && supplier.equals(row.idurl())) {
            store.put(row.listed(listing.allocated(), listing.used(), clock.instant()));
            LOG.debug("Position {}: {} allocates {} bytes, {} used, {} objects", position, supplier,
                    listing.allocated(), listing.used(), listing.entries().size());
        }
    }

    private boolean keyChanged(Row row) {
        Optional<Identity> peer = cache.cached(row.idurl());
        return peer.isPresent() && row.signingKey() != null
                && !peer.get().signingKey().toString().equals(row.signingKey());
    }

    private Instant offlineSince(Row row) {
        Instant since = started;
        for (Instant when : new Instant[] {row.lastSeen(), row.hired()}) {
            if (when != null && when.isAfter(since)) {
                since = when;
            }
        }
        return since;
    }

    private Duration threshold() {
        return Duration.ofMinutes(config.getInt(SupplierOptions.REPLACE_OFFLINE_MINUTES.key()));
    }

    private int suppliersNumber() {
        return Integer.parseInt(config.get(SupplierOptions.SUPPLIERS_NUMBER.key()).value());
    }

    private long bytesPerSupplier(int n) {
        return Math.max(1, StorageProtocol.bytesPerSupplier(config.getBytes(SupplierOptions.NEEDED_SPACE.key()), n));
    }

    private Set<IdUrl> myIdurls() {
        return identity.identity().map(mine -> Set.copyOf(mine.idurls())).orElse(Set.of());
    }

    private void checkPosition(int position) {
        int n = suppliersNumber();
        if (position < 0 || position >= n) {
            throw BitDustException.notFound("no position " + position + ": positions are 0 to " + (n - 1));
        }
    }

    private void retain(int position, IdUrl supplier) {
        try {
            retentions.put(position, cache.retain(supplier));
        } catch (RuntimeException e) {
            LOG.warn("Position {}: cannot retain the identity of {}: {}", position, supplier, e.toString());
        }
    }

    private void release(int position) {
        IdentityCache.Retention retention = retentions.remove(position);
        if (retention != null) {
            retention.close();
        }
    }

    private void forget(int position) {
        online.remove(position);
        pingsSinceListing.remove(position);
    }

    private void notify(int position) {
        for (IntConsumer listener : listeners) {
            try {
                executor.execute(() -> {
                    try {
                        listener.accept(position);
                    } catch (RuntimeException e) {
                        LOG.warn("A listener of the suppliers failed on position {}", position, e);
                    }
                });
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }

    /** A changed option (more candidates, another size) is worth a new attempt at once. */
    private void optionChanged() {
        synchronized (this) {
            generation.incrementAndGet();
            retryAt.clear();
        }
        wake();
    }

    private void wake() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    wakePending.set(false);
                    round();
                });
            } catch (RejectedExecutionException e) {
                wakePending.set(false);
            }
        }
    }

    private SupplierDTO dto(Row row) {
        SupplierDTO dto = new SupplierDTO();
        dto.position = row.position();
        dto.idurl = row.idurl() == null ? null : row.idurl().toString();
        dto.contract = row.contract();
        dto.online = row.active() && Boolean.TRUE.equals(online.get(row.position()));
        dto.allocatedBytes = row.active() ? row.allocated() : 0;
        dto.usedBytes = row.active() ? row.used() : 0;
        dto.lastSeen = row.lastSeen() == null ? null : row.lastSeen().toString();
        dto.reason = row.active() ? null : row.reason();
        Job job = jobs.get(row.position());
        if (job != null && job.kind != Kind.REREQUEST) {
            IdUrl candidate = job.candidate;
            dto.contract = FamilyStore.HIRING;
            dto.idurl = candidate != null ? candidate.toString() : dto.idurl;
            dto.online = false;
            dto.reason = job.kind == Kind.ADOPT ? "asking " + candidate + " again, from my recovery record"
                    : (job.old.idurl() != null && job.kind != Kind.HIRE ? "replacing " + job.old.idurl() + ": "
                    : "") + (candidate != null ? "asking " + candidate : "looking for candidates");
        }
        return dto;
    }

    private static String text(Packet packet) {
        String text = new String(packet.payload(), StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** A hire in progress at one position. */
    private static final class Job {
        final int position;
        final Kind kind;
        final Row old;
        final EccMap ecc;
        final long bytes;
        final int generation;
        final CompletableFuture<Row> result = new CompletableFuture<>();
        volatile IdUrl candidate;
        volatile boolean cancelled;
        /** For {@link Kind#ADOPT}: the fingerprint of the supplier's key in my recovery record. */
        volatile String recordedKey;
        /** The last candidate's identity, once it passed {@link #check}; null until then. */
        volatile Identity checked;
        String lastReason = "no candidate found";
        ErrorCode lastCode = ErrorCode.UNAVAILABLE;

        Job(int position, Kind kind, Row old, EccMap ecc, long bytes, int generation) {
            this.position = position;
            this.generation = generation;
            this.kind = kind;
            this.old = old;
            this.ecc = ecc;
            this.bytes = bytes;
        }
    }

    private record Reply(Identity peer, Packet packet) {
    }
}
