package io.bitdust.customers.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Tally;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.customers.CustomerService;
import io.bitdust.customers.dto.CustomerDTO;
import io.bitdust.customers.dto.SpaceDonatedDTO;
import io.bitdust.derby.Database;
import io.bitdust.derby.Schema;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.ServiceOffer;
import io.bitdust.storage.CatalogCopy;
import io.bitdust.storage.DeleteRequest;
import io.bitdust.storage.ListRequest;
import io.bitdust.storage.Listing;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.ServiceCancel;
import io.bitdust.storage.ServiceRequest;
import io.bitdust.storage.StorageProtocol;
import io.bitdust.storage.StoredData;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.Payload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supplier side of storage contracts, without OSGi: accepts customers' contracts, stores their Data packets as
 * they came, serves them back, lists and deletes them, and keeps the accounting in Derby ({@link #SCHEMA}, area
 * {@code customers}) and the files under {@code <data folder>/customers} ({@link ObjectFiles}) in agreement, also
 * after a crash (reconciled at construction). Serve {@link #handler()} for {@link #COMMANDS}. Thread-safe.
 *
 * <p>Every refusal is a Fail {@code "<reason>: <details>"} and changes nothing; {@link #refusals()} counts them by
 * reason. Acks: RequestService {@code "accepted"}, CancelService {@code "cancelled"}, Data {@code "stored <used> of
 * <allocated>"} (bytes, per-object overhead included), DeleteFile/DeleteBackup {@code "deleted <count>"}. A Data
 * dated before the stored object of its name is refused ({@code "older: ..."}); one dated the same or later replaces
 * it. The object named {@link CatalogCopy#NAME} must be a {@link CatalogCopy} and follows its revision instead: one
 * whose revision is not higher than the held one's is refused ({@code "stale-catalog: ..."}). Requests run on a
 * small pool of this class's own with a bounded queue: when it is full they are answered {@code "busy: ..."} at once.
 */
public final class CustomerDesk implements CustomerService, AutoCloseable {
    /**
     * What each stored object costs in a quota besides its stored packet's length: its row, folder entry and file
     * system block slack.
     */
    public static final long OBJECT_OVERHEAD = 1024;
    /** The commands {@link #handler()} serves. */
    public static final Set<Command> COMMANDS = Set.copyOf(EnumSet.of(Command.REQUEST_SERVICE,
            Command.CANCEL_SERVICE, Command.DATA, Command.RETRIEVE, Command.LIST_FILES, Command.DELETE_FILE,
            Command.DELETE_BACKUP));
    static final int WORKERS = 2;
    static final int QUEUE = 14;
    /**
     * The gateway's bound of requests in progress for {@link #handler()}: what the workers and their queue hold, so
     * that a burst waits in the gateway's queue before anyone is answered busy.
     */
    public static final int CONCURRENCY = WORKERS + QUEUE;
    /** The database schema of the customers area (docs/storage.md, "Supplier side"). */
    public static final Schema SCHEMA = new Schema("customers", List.of(List.of(
            "CREATE TABLE CONTRACTS (ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " CUSTOMER VARCHAR(256) NOT NULL, SIGNING_KEY VARCHAR(64) NOT NULL,"
                    + " AGREEMENT_KEY VARCHAR(64) NOT NULL, KEY_HASH CHAR(64) NOT NULL, ECC_MAP VARCHAR(32) NOT NULL,"
                    + " SHARD_POSITION INT NOT NULL, ALLOCATED BIGINT NOT NULL, USED_BYTES BIGINT NOT NULL,"
                    + " FILE_COUNT BIGINT NOT NULL, STARTED BIGINT NOT NULL, ENDED BIGINT, ENDED_SIGNED BIGINT,"
                    + " END_REASON VARCHAR(32))",
            "CREATE INDEX CONTRACTS_CUSTOMER ON CONTRACTS (CUSTOMER)",
            "CREATE TABLE OBJECTS (ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " CONTRACT_ID BIGINT NOT NULL REFERENCES CONTRACTS (ID), NAME VARCHAR(2048) NOT NULL,"
                    + " NAME_HASH CHAR(64) NOT NULL, FILE_ID CHAR(32) NOT NULL UNIQUE, BYTES BIGINT NOT NULL,"
                    + " SIGNED BIGINT NOT NULL, STORED BIGINT NOT NULL, DELETED BIGINT)",
            "CREATE INDEX OBJECTS_NAME ON OBJECTS (CONTRACT_ID, NAME_HASH)"),
            // 2: the revision of a catalog copy (the object named "catalog"), NULL for every other object
            List.of("ALTER TABLE OBJECTS ADD COLUMN CATALOG_REVISION BIGINT"),
            // 3: the SHA-256 of the object's data, checked when it came, and the CRC-32C of its file: a Retrieve is
            // answered without hashing the data again while the file is as written
            List.of("ALTER TABLE OBJECTS ADD COLUMN DATA_SHA256 CHAR(64)",
                    "ALTER TABLE OBJECTS ADD COLUMN FILE_CRC32C BIGINT")));

    static final Duration PURGE_PERIOD = Duration.ofMinutes(10);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(CustomerDesk.class);
    private static final String CONTRACT_COLUMNS = "ID, CUSTOMER, SIGNING_KEY, AGREEMENT_KEY, KEY_HASH, ECC_MAP,"
            + " SHARD_POSITION, ALLOCATED, USED_BYTES, FILE_COUNT, STARTED";
    private static final long HOUR = 3_600_000L;

    private final Database database;
    private final Gateway gateway;
    private final IdentityService identity;
    private final IdentityCache cache;
    private final ConfigService config;
    private final PacketCodec codec;
    private final SecureRandom random;
    private final Clock clock;
    private final ObjectFiles files;
    private final ReentrantLock contracts = new ReentrantLock();
    private final Tally refusals = new Tally();
    private final Map<IdUrl, IdentityCache.Retention> retained = new ConcurrentHashMap<>();
    private final ConfigService.Declaration declaration;
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService housekeeping;
    private final ThreadPoolExecutor pinger;
    private final ConfigService.Subscription optionChanges;
    private final IdentityService.Subscription identityChanges;
    private volatile boolean closed;

    /**
     * Declares the options, reconciles the database with the files, retains the customers' identities, and starts
     * the periodic purge and the announcement of the supplier service in my identity.
     *
     * @param dataFolder the node's data folder; stored packets go to {@code customers} in it
     * @param database   the customers area's database, opened with {@link #SCHEMA}; the caller closes it after this
     * @param gateway    sends CancelService packets and pings
     * @param identity   my identity, where the supplier service is offered
     * @param cache      customers' identities: their keys, pinned when a contract starts
     * @param config     where the options are declared and read
     * @param codec      encodes stored packets and decodes them for Retrieve
     * @param random     seals listings and names files
     * @param clock      the time of deletions and of the grace period
     * @throws BitDustException INTERNAL when the data folder cannot be reconciled
     */
    public CustomerDesk(Path dataFolder, Database database, Gateway gateway, IdentityService identity,
            IdentityCache cache, ConfigService config, PacketCodec codec, SecureRandom random, Clock clock) {
        this(dataFolder, database, gateway, identity, cache, config, codec, random, clock, WORKERS, QUEUE);
    }

    CustomerDesk(Path dataFolder, Database database, Gateway gateway, IdentityService identity, IdentityCache cache,
            ConfigService config, PacketCodec codec, SecureRandom random, Clock clock, int workers, int queue) {
        this.database = database;
        this.gateway = gateway;
        this.identity = identity;
        this.cache = cache;
        this.config = config;
        this.codec = codec;
        this.random = random;
        this.clock = clock;
        this.files = new ObjectFiles(dataFolder.resolve("customers").toAbsolutePath());
        this.declaration = config.declare(SupplierOptions.ALL);
        try {
            reconcile();
        } catch (IOException | RuntimeException e) {
            declaration.close();
            throw new BitDustException(ErrorCode.INTERNAL, "cannot reconcile the customers' data in "
                    + files.root() + ": " + e.getMessage(), e);
        }
        worker = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                threads("customers-worker"));
        housekeeping = Executors.newSingleThreadScheduledExecutor(threads("customers-housekeeping"));
        pinger = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("customers-ping"));
        pinger.allowCoreThreadTimeOut(true);
        for (Contract contract : activeContracts()) {
            retain(contract.customer());
        }
        optionChanges = config.subscribe("services/supplier/", change -> {
            announceSoon();
            purgeSoon();
        });
        identityChanges = identity.subscribe(mine -> announceSoon());
        housekeeping.scheduleWithFixedDelay(this::purgeQuietly, PURGE_PERIOD.toMillis(), PURGE_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        announceSoon();
        purgeSoon();
    }

    /** @return the handler to register for {@link #COMMANDS} */
    public PacketHandler handler() {
        return new PacketHandler() {
            @Override
            public CompletionStage<Answer> handle(Packet packet) {
                return CustomerDesk.this.handle(packet);
            }

            @Override
            public boolean accepts(Packet packet) {
                return CustomerDesk.accepts(packet);
            }
        };
    }

    /**
     * A CancelService from a supplier of this node (ending my contract as its customer) is the suppliers area's:
     * every other packet of my commands is mine.
     */
    static boolean accepts(Packet packet) {
        return packet.command() != Command.CANCEL_SERVICE || !ServiceCancel.serviceOf(packet.payload())
                .filter(StorageProtocol.CUSTOMER_SERVICE::equals).isPresent();
    }

    @Override
    public Map<String, Long> refusals() {
        return refusals.snapshot();
    }

    @Override
    public List<CustomerDTO> customers() {
        List<CustomerDTO> customers = new ArrayList<>();
        for (Contract contract : activeContracts()) {
            customers.add(dto(contract, gateway.online(contract.customer())));
        }
        return customers;
    }

    @Override
    public CustomerDTO reject(IdUrl customer) {
        Contract contract;
        contracts.lock();
        try {
            contract = active(customer).orElseThrow(() -> BitDustException.notFound(customer + " is not a customer"));
            database.transaction(connection -> {
                end(connection, contract.id(), "rejected", null);
                return null;
            });
        } finally {
            contracts.unlock();
        }
        release(customer);
        LOG.info("Rejected customer {}: its {} objects wait {} hours for the purge", customer, contract.files(),
                graceHours());
        announceSoon();
        purgeSoon();
        try {
            gateway.send(gateway.packet(Command.CANCEL_SERVICE, customer,
                    new ServiceCancel(StorageProtocol.CUSTOMER_SERVICE).toBytes())).whenComplete((done, error) -> {
                        if (error != null) {
                            LOG.warn("Could not tell {} that its contract ended: {}", customer, error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warn("Could not tell {} that its contract ended: {}", customer, e.toString());
        }
        return dto(contract, gateway.online(customer));
    }

    @Override
    public List<CustomerDTO> ping() {
        List<Contract> active = activeContracts();
        List<CompletableFuture<Boolean>> pings = new ArrayList<>();
        for (Contract contract : active) {
            pings.add(CompletableFuture.supplyAsync(() -> {
                try {
                    gateway.ping(contract.customer(), PING_TIMEOUT);
                    return true;
                } catch (RuntimeException e) {
                    LOG.debug("Customer {} did not answer a ping: {}", contract.customer(), e.getMessage());
                    return false;
                }
            }, pinger));
        }
        List<CustomerDTO> customers = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            customers.add(dto(active.get(i), pings.get(i).join()));
        }
        return customers;
    }

    @Override
    public SpaceDonatedDTO space() {
        SpaceDonatedDTO space = new SpaceDonatedDTO();
        space.customers = customers();
        space.donatedBytes = config.getBytes(SupplierOptions.DONATED_SPACE.key());
        space.allocatedBytes = space.customers.stream().mapToLong(customer -> customer.allocatedBytes).sum();
        space.usedBytes = space.customers.stream().mapToLong(customer -> customer.usedBytes).sum();
        space.freeBytes = Math.max(0, space.donatedBytes - space.allocatedBytes);
        space.pendingDeleteBytes = database.first("SELECT COALESCE(SUM(BYTES), 0) FROM OBJECTS WHERE DELETED IS NOT"
                + " NULL", row -> row.getLong(1)).orElse(0L);
        return space;
    }

    /**
     * Deletes the files and rows of objects deleted (or of contracts ended) at least
     * {@code services/supplier/delete-grace-hours} ago, and the rows of ended contracts left without objects. Runs
     * periodically on its own; callable at any time.
     *
     * @return how many objects were purged
     */
    public int purge() {
        long cutoff = clock.millis() - graceHours() * HOUR;
        List<String[]> due = database.query("SELECT O.ID, C.KEY_HASH, O.FILE_ID FROM OBJECTS O JOIN CONTRACTS C ON"
                + " O.CONTRACT_ID = C.ID WHERE O.DELETED IS NOT NULL AND O.DELETED <= ?", row -> new String[] {
                    Long.toString(row.getLong(1)), row.getString(2), row.getString(3)}, cutoff);
        int purged = 0;
        for (String[] object : due) {
            if (database.update("DELETE FROM OBJECTS WHERE ID = ? AND DELETED IS NOT NULL",
                    Long.parseLong(object[0])) == 1) {
                files.delete(object[1], object[2]);
                purged++;
            }
        }
        contracts.lock();
        try {
            List<String[]> ended = database.query("SELECT ID, KEY_HASH, CUSTOMER FROM CONTRACTS C WHERE ENDED IS NOT"
                    + " NULL AND ENDED <= ? AND NOT EXISTS (SELECT 1 FROM OBJECTS O WHERE O.CONTRACT_ID = C.ID)",
                    row -> new String[] {Long.toString(row.getLong(1)), row.getString(2), row.getString(3)}, cutoff);
            for (String[] contract : ended) {
                database.update("DELETE FROM CONTRACTS WHERE ID = ?", Long.parseLong(contract[0]));
                files.deleteEmptyFolders(contract[1]);
                LOG.info("Purged the ended contract of {}", contract[2]);
            }
        } finally {
            contracts.unlock();
        }
        if (purged > 0) {
            LOG.info("Purged {} objects deleted more than {} hours ago", purged, graceHours());
        }
        return purged;
    }

    /**
     * The operator's undo within the grace period: brings back what a customer lost and is not purged yet. When the
     * customer has no contract (rejected or cancelled), its last ended contract is reopened, if the donated space
     * allows; then its deleted objects come back, newest deletions first, as far as the quota and the file cap allow
     * and no live object has the name.
     *
     * @param customer the customer's IDURL
     * @return how many objects came back
     * @throws BitDustException NOT_FOUND when nothing of the customer is left; UNAVAILABLE when the space it held is
     *     allocated to others now
     */
    public int restore(IdUrl customer) {
        int restored;
        contracts.lock();
        try {
            Contract contract = active(customer).orElse(null);
            if (contract == null) {
                contract = database.first("SELECT " + CONTRACT_COLUMNS + " FROM CONTRACTS WHERE CUSTOMER = ? ORDER BY"
                        + " ID DESC", CustomerDesk::contract, customer.toString()).orElseThrow(
                            () -> BitDustException.notFound("nothing of " + customer + " is left to restore"));
                long free = config.getBytes(SupplierOptions.DONATED_SPACE.key()) - allocatedExcept(customer);
                if (contract.allocated() > free) {
                    throw BitDustException.unavailable("the " + contract.allocated() + " bytes of " + customer
                            + "'s contract are not free any more (" + Math.max(0, free) + " free)");
                }
                database.update("UPDATE CONTRACTS SET ENDED = NULL, ENDED_SIGNED = NULL, END_REASON = NULL WHERE ID"
                        + " = ?", contract.id());
            }
            long contractId = contract.id();
            int maxFiles = maxFiles();
            restored = database.transaction(connection -> {
                Contract locked = lock(connection, contractId);
                long used = locked.used();
                long count = locked.files();
                Set<String> live = new HashSet<>(Database.query(connection, "SELECT NAME FROM OBJECTS WHERE"
                        + " CONTRACT_ID = ? AND DELETED IS NULL", row -> row.getString(1), contractId));
                int back = 0;
                for (StoredObject object : Database.query(connection, "SELECT ID, NAME, FILE_ID, BYTES, SIGNED,"
                        + " CATALOG_REVISION, DATA_SHA256, FILE_CRC32C FROM OBJECTS WHERE CONTRACT_ID = ? AND DELETED"
                        + " IS NOT NULL ORDER BY DELETED DESC, SIGNED DESC", CustomerDesk::storedObject, contractId)) {
                    long cost = object.bytes() + OBJECT_OVERHEAD;
                    if (live.contains(object.name()) || used + cost > locked.allocated() || count >= maxFiles) {
                        continue;
                    }
                    Database.update(connection, "UPDATE OBJECTS SET DELETED = NULL WHERE ID = ?", object.id());
                    live.add(object.name());
                    used += cost;
                    count++;
                    back++;
                }
                Database.update(connection, "UPDATE CONTRACTS SET USED_BYTES = ?, FILE_COUNT = ? WHERE ID = ?", used,
                        count, contractId);
                return back;
            });
        } finally {
            contracts.unlock();
        }
        retain(customer);
        announceSoon();
        LOG.info("Restored {} objects of {}", restored, customer);
        return restored;
    }

    /** Stops serving; waits for stores in progress; the caller then closes the database. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        optionChanges.close();
        identityChanges.close();
        housekeeping.shutdownNow();
        pinger.shutdownNow();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Stores still in progress after 30 s; the next start reconciles them");
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
        retained.values().forEach(IdentityCache.Retention::close);
        retained.clear();
        declaration.close();
    }

    /** Runs a task on the worker pool as requests do: for tests of the bound. */
    CompletableFuture<Void> onWorker(Runnable task) {
        return CompletableFuture.runAsync(task, worker);
    }

    private CompletionStage<Answer> handle(Packet packet) {
        if (closed) {
            return Answer.fail("unavailable: the supplier service is stopping").now();
        }
        try {
            return CompletableFuture.supplyAsync(() -> serve(packet), worker);
        } catch (RejectedExecutionException e) {
            count("busy");
            LOG.debug("Busy: {} from {} refused", packet.command(), packet.creator());
            return Answer.fail("busy: the supplier's disk queue is full, send again later").now();
        }
    }

    private Answer serve(Packet packet) {
        try {
            switch (packet.command()) {
                case REQUEST_SERVICE:
                    return requestService(packet);
                case CANCEL_SERVICE:
                    return cancelService(packet);
                case DATA:
                    return data(packet);
                case RETRIEVE:
                    return retrieve(packet);
                case LIST_FILES:
                    return listFiles(packet);
                case DELETE_FILE:
                case DELETE_BACKUP:
                    return delete(packet);
                default:
                    throw refuse("unsupported", packet.command() + " is not served here");
            }
        } catch (Refusal refusal) {
            count(refusal.reason);
            LOG.debug("Refused {} {} from {}: {}", packet.command(), packet.packetId(), packet.creator(),
                    refusal.getMessage());
            return Answer.fail(refusal.reason + ": " + refusal.getMessage());
        } catch (RuntimeException e) {
            count("error");
            LOG.warn("Failed to serve {} {} from {}", packet.command(), packet.packetId(), packet.creator(), e);
            return Answer.fail("error: " + e.getMessage());
        }
    }

    private Answer requestService(Packet packet) {
        ServiceRequest request;
        try {
            request = ServiceRequest.parse(packet.payload());
        } catch (RuntimeException e) {
            throw refuse("malformed", "malformed RequestService: " + e.getMessage());
        }
        if (!StorageProtocol.SUPPLIER_SERVICE.equals(request.service())) {
            throw refuse("unknown-service", "no service '" + shorten(request.service()) + "' here");
        }
        if (!config.getBoolean(SupplierOptions.ENABLED.key())) {
            throw refuse("disabled", "the supplier service is disabled");
        }
        IdUrl customer = sameOwner(packet);
        Identity peer;
        try {
            peer = cache.get(customer);
        } catch (RuntimeException e) {
            throw refuse("identity", "cannot read the identity of " + customer + ": " + e.getMessage());
        }
        if (!packet.verify(peer.signingKey())) {
            throw refuse("signature", "the RequestService is not signed with the key of " + customer);
        }
        contracts.lock();
        try {
            long[] last = database.first("SELECT MAX(STARTED), MAX(ENDED_SIGNED) FROM CONTRACTS WHERE CUSTOMER = ?",
                    row -> new long[] {row.getLong(1), row.getLong(2)}, customer.toString()).orElseThrow();
            long newest = Math.max(last[0], last[1]);
            if (packet.date() < newest) {
                throw refuse("stale", "the RequestService is dated " + Instant.ofEpochMilli(packet.date())
                        + ", before the current contract of " + Instant.ofEpochMilli(newest));
            }
            Optional<Contract> current = active(customer);
            boolean sameKey = current.isPresent() && current.get().signingKey().equals(peer.signingKey());
            long free = config.getBytes(SupplierOptions.DONATED_SPACE.key()) - allocatedExcept(customer);
            if (request.bytes() > free) {
                throw refuse("no-space", "not enough space: asked " + request.bytes() + " bytes, " + Math.max(0, free)
                        + " free");
            }
            if (sameKey && request.bytes() < current.get().used()) {
                throw refuse("below-usage", "asked " + request.bytes() + " bytes, less than the "
                        + current.get().used() + " its objects use; delete some first");
            }
            database.transaction(connection -> {
                if (sameKey) {
                    Database.update(connection, "UPDATE CONTRACTS SET ECC_MAP = ?, SHARD_POSITION = ?, ALLOCATED = ?,"
                            + " STARTED = ?, AGREEMENT_KEY = ? WHERE ID = ?", request.ecc().name(), request.position(),
                            request.bytes(), packet.date(), peer.agreementKey().toString(), current.get().id());
                } else {
                    if (current.isPresent()) {
                        end(connection, current.get().id(), "key-changed", null);
                    }
                    Database.update(connection, "INSERT INTO CONTRACTS (CUSTOMER, SIGNING_KEY, AGREEMENT_KEY,"
                            + " KEY_HASH, ECC_MAP, SHARD_POSITION, ALLOCATED, USED_BYTES, FILE_COUNT, STARTED)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?)", customer.toString(),
                            peer.signingKey().toString(),
                            peer.agreementKey().toString(), ObjectFiles.sha256(peer.signingKey().bytes()),
                            request.ecc().name(), request.position(), request.bytes(), packet.date());
                }
                return null;
            });
            if (current.isPresent() && !sameKey) {
                LOG.warn("Customer {} asks again with another signing key: the old contract's objects wait for the "
                        + "purge", customer);
            }
        } finally {
            contracts.unlock();
        }
        retain(customer);
        LOG.info("Accepted customer {}: {} bytes, {} position {}", customer, request.bytes(), request.ecc().name(),
                request.position());
        announceSoon();
        return Answer.ack("accepted");
    }

    private Answer cancelService(Packet packet) {
        ServiceCancel cancel;
        try {
            cancel = ServiceCancel.parse(packet.payload());
        } catch (RuntimeException e) {
            throw refuse("malformed", "malformed CancelService: " + e.getMessage());
        }
        if (!StorageProtocol.SUPPLIER_SERVICE.equals(cancel.service())) {
            throw refuse("unknown-service", "no service '" + shorten(cancel.service()) + "' here");
        }
        Contract contract;
        contracts.lock();
        try {
            contract = customerOf(packet);
            if (packet.date() < contract.started()) {
                throw refuse("stale", "the CancelService is dated " + Instant.ofEpochMilli(packet.date())
                        + ", before the current contract of " + Instant.ofEpochMilli(contract.started()));
            }
            database.transaction(connection -> {
                end(connection, contract.id(), "cancelled", packet.date());
                return null;
            });
        } finally {
            contracts.unlock();
        }
        release(contract.customer());
        LOG.info("Customer {} cancelled its contract: its {} objects wait {} hours for the purge",
                contract.customer(), contract.files(), graceHours());
        announceSoon();
        purgeSoon();
        return Answer.ack("cancelled");
    }

    private Answer data(Packet packet) {
        Contract contract = customerOf(packet);
        String name;
        try {
            name = StoredData.name(packet);
        } catch (RuntimeException e) {
            throw refuse("malformed", "malformed Data: " + e.getMessage());
        }
        Long revision = null;
        if (CatalogCopy.NAME.equals(name)) {
            try {
                revision = CatalogCopy.parse(StoredData.parse(packet).data()).revision();
            } catch (RuntimeException e) {
                throw refuse("malformed", "malformed catalog copy: " + e.getMessage());
            }
        }
        Long catalogRevision = revision;
        int length = codec.encodedLength(packet);
        if (length > StorageProtocol.MAX_STORED_PACKET) {
            throw refuse("too-large", "a packet of " + length + " bytes exceeds the "
                    + StorageProtocol.MAX_STORED_PACKET + " a supplier stores");
        }
        long cost = length + OBJECT_OVERHEAD;
        String nameHash = ObjectFiles.sha256(name);
        int maxFiles = maxFiles();
        // refused before the file is written when near the quota or the file cap, and for a catalog copy; otherwise
        // only the transaction that records the object checks it (the file is deleted when refused): a read of the
        // stored object before every write cost a supplier a statement and a commit per fragment
        if (catalogRevision != null || contract.used() + cost > contract.allocated() || contract.files() >= maxFiles) {
            Optional<StoredObject> old = database.read(connection -> live(connection, contract.id(), name, nameHash));
            check(contract, old, name, packet.date(), catalogRevision, cost, maxFiles);
        }
        String fileId = HexFormat.of().formatHex(bytes(16));
        String dataSha256 = packet.fields().sha256(StoredData.DATA_FIELD).map(HexFormat.of()::formatHex).orElse(null);
        long crc32c;
        try {
            crc32c = files.write(contract.keyHash(), fileId, packet, codec);
        } catch (IOException e) {
            LOG.error("Cannot store an object of {} in {}: {}", contract.customer(), files.root(), e.toString());
            throw refuse("disk", "cannot store the object now");
        }
        long[] usage;
        Optional<String> replaced;
        try {
            StoredObject[] previous = new StoredObject[1];
            usage = database.transaction(connection -> {
                Contract locked = lock(connection, contract.id());
                Optional<StoredObject> current = live(connection, locked.id(), name, nameHash);
                check(locked, current, name, packet.date(), catalogRevision, cost, maxFiles);
                long now = clock.millis();
                long used = locked.used() + cost;
                long count = locked.files();
                if (current.isPresent()) {
                    used -= current.get().bytes() + OBJECT_OVERHEAD;
                    Database.update(connection, "UPDATE OBJECTS SET FILE_ID = ?, BYTES = ?, SIGNED = ?, STORED = ?,"
                            + " CATALOG_REVISION = ?, DATA_SHA256 = ?, FILE_CRC32C = ? WHERE ID = ?", fileId,
                            (long) length, packet.date(), now, catalogRevision, dataSha256, crc32c,
                            current.get().id());
                } else {
                    count++;
                    Database.update(connection, "INSERT INTO OBJECTS (CONTRACT_ID, NAME, NAME_HASH, FILE_ID, BYTES,"
                            + " SIGNED, STORED, CATALOG_REVISION, DATA_SHA256, FILE_CRC32C) VALUES (?, ?, ?, ?, ?, ?,"
                            + " ?, ?, ?, ?)", locked.id(), name, nameHash, fileId, (long) length, packet.date(), now,
                            catalogRevision, dataSha256, crc32c);
                }
                Database.update(connection, "UPDATE CONTRACTS SET USED_BYTES = ?, FILE_COUNT = ? WHERE ID = ?", used,
                        count, locked.id());
                previous[0] = current.orElse(null);
                return new long[] {used, locked.allocated()};
            });
            replaced = Optional.ofNullable(previous[0]).map(StoredObject::fileId);
        } catch (RuntimeException e) {
            files.delete(contract.keyHash(), fileId);
            throw e;
        }
        replaced.ifPresent(id -> files.delete(contract.keyHash(), id));
        return Answer.ack("stored " + usage[0] + " of " + usage[1]);
    }

    private Answer retrieve(Packet packet) {
        Contract contract = customerOf(packet);
        RetrieveRequest request;
        try {
            request = RetrieveRequest.parse(packet.payload());
        } catch (RuntimeException e) {
            throw refuse("malformed", "malformed Retrieve: " + e.getMessage());
        }
        String name = request.name();
        StoredObject object = database.read(connection -> live(connection, contract.id(), name,
                ObjectFiles.sha256(name))).orElseThrow(() -> refuse("not-found", "not found: " + shorten(name)));
        // the stored packet is read where the answer's payload nests it, and the payload written around it
        int at = RetrieveRequest.ANSWER_OFFSET;
        byte[] answerBytes;
        try {
            answerBytes = files.read(contract.keyHash(), object.fileId(), at);
        } catch (IOException e) {
            LOG.error("Cannot read the stored object {} of {}: {}", object.fileId(), contract.customer(),
                    e.toString());
            throw refuse("disk", "cannot read the object now");
        }
        int length = answerBytes.length - at;
        // the data's hash is given to the answer's signing only while the file's CRC-32C still matches; otherwise
        // (stored before its hash was kept, or damaged on disk) the data is hashed again, so a damaged object goes
        // out signed by me as it is, and the customer sees which supplier served it
        Map<String, byte[]> known = Map.of();
        if (object.dataSha256() != null && object.crc32c() != null
                && ObjectFiles.crc32c(answerBytes, at, length) == object.crc32c()) {
            known = Map.of(StoredData.DATA_FIELD, HexFormat.of().parseHex(object.dataSha256()));
        } else if (object.crc32c() != null) {
            LOG.error("The stored object {} of {} is damaged: its file's CRC-32C differs from the one written",
                    object.fileId(), contract.customer());
        }
        Payload.Builder answer = Payload.builder().packet(RetrieveRequest.ANSWER_FIELD, answerBytes, at, length, codec,
                known);
        return Answer.of(Command.DATA, answer.buildIn(answerBytes));
    }

    private Answer listFiles(Packet packet) {
        Contract contract = customerOf(packet);
        ListRequest request;
        try {
            request = ListRequest.parse(packet.payload());
        } catch (RuntimeException e) {
            throw refuse("malformed", "malformed ListFiles: " + e.getMessage());
        }
        List<Listing.Entry> entries = new ArrayList<>();
        database.read(connection -> Database.query(connection, "SELECT NAME, BYTES, SIGNED FROM OBJECTS WHERE"
                + " CONTRACT_ID = ? AND DELETED IS NULL", row -> {
                    String name = row.getString(1);
                    if (name.startsWith(request.prefix())) {
                        entries.add(new Listing.Entry(name, row.getLong(2), row.getLong(3)));
                    }
                    return null;
                }, contract.id()));
        Listing listing = new Listing(contract.allocated(), contract.used(), entries);
        return Answer.of(Command.FILES, listing.seal(contract.agreementKey(), random));
    }

    private Answer delete(Packet packet) {
        Contract contract = customerOf(packet);
        DeleteRequest request;
        try {
            request = DeleteRequest.parse(packet.payload());
        } catch (RuntimeException e) {
            throw refuse("malformed", "malformed " + packet.command() + ": " + e.getMessage());
        }
        long now = clock.millis();
        int deleted = database.transaction(connection -> {
            Contract locked = lock(connection, contract.id());
            long freed = 0;
            int count = 0;
            for (long[] object : Database.query(connection, "SELECT ID, BYTES, SIGNED, NAME FROM OBJECTS WHERE"
                    + " CONTRACT_ID = ? AND DELETED IS NULL", row -> request.covers(row.getString(4))
                            && row.getLong(3) <= packet.date() ? new long[] {row.getLong(1), row.getLong(2)} : null,
                    locked.id())) {
                if (object != null) {
                    Database.update(connection, "UPDATE OBJECTS SET DELETED = ? WHERE ID = ?", now, object[0]);
                    freed += object[1] + OBJECT_OVERHEAD;
                    count++;
                }
            }
            Database.update(connection, "UPDATE CONTRACTS SET USED_BYTES = ?, FILE_COUNT = ? WHERE ID = ?",
                    locked.used() - freed, locked.files() - count, locked.id());
            return count;
        });
        if (deleted > 0) {
            purgeSoon();
        }
        return Answer.ack("deleted " + deleted);
    }

    /**
     * The checks before a store, made once before writing the file and again in the transaction. A catalog copy
     * ({@code revision} not null) replaces only a lower revision, whatever the dates: the customer's revision is what
     * orders its catalogs, and a node recovered on another machine may sign with a clock behind the old one's.
     */
    private static void check(Contract contract, Optional<StoredObject> current, String name, long date,
            Long revision, long cost, int maxFiles) {
        if (revision != null) {
            Long held = current.map(StoredObject::catalogRevision).orElse(null);
            if (held != null && revision <= held) {
                throw refuse(CatalogCopy.STALE, "revision " + revision + " is not higher than " + held + " held");
            }
        } else if (current.isPresent() && current.get().signed() > date) {
            throw refuse("older", "a newer object named " + shorten(name) + " is stored (dated "
                    + Instant.ofEpochMilli(current.get().signed()) + ")");
        }
        long used = contract.used() + cost - current.map(object -> object.bytes() + OBJECT_OVERHEAD).orElse(0L);
        if (used > contract.allocated()) {
            throw refuse("quota", "storing " + cost + " bytes would use " + used + " of the " + contract.allocated()
                    + " bytes allocated");
        }
        if (current.isEmpty() && contract.files() >= maxFiles) {
            throw refuse("file-cap", "the contract holds " + contract.files() + " objects, the most allowed is "
                    + maxFiles);
        }
    }

    /** The sender of a packet about stored data: owner and creator must be a customer signing with its pinned key. */
    private Contract customerOf(Packet packet) {
        IdUrl customer = sameOwner(packet);
        Contract contract = active(customer).orElseThrow(() -> refuse("not-customer", customer
                + " has no contract here"));
        if (!packet.verify(contract.signingKey())) {
            throw refuse("key-changed", "the packet is not signed with the key pinned by the contract of " + customer);
        }
        return contract;
    }

    private static IdUrl sameOwner(Packet packet) {
        if (!packet.owner().equals(packet.creator())) {
            throw refuse("owner", "the packet's owner " + packet.owner() + " is not its creator " + packet.creator());
        }
        return packet.creator();
    }

    private void reconcile() throws IOException {
        Map<String, Set<String>> known = new HashMap<>();
        List<String[]> rows = database.query("SELECT O.ID, C.KEY_HASH, O.FILE_ID, O.BYTES FROM OBJECTS O JOIN"
                + " CONTRACTS C ON O.CONTRACT_ID = C.ID", row -> new String[] {Long.toString(row.getLong(1)),
                    row.getString(2), row.getString(3), Long.toString(row.getLong(4))});
        for (String[] row : rows) {
            known.computeIfAbsent(row[1], hash -> new HashSet<>()).add(row[2]);
        }
        AtomicInteger strays = new AtomicInteger();
        files.each((keyHash, name, file) -> {
            if (name.endsWith(ObjectFiles.TEMP_SUFFIX) || !known.getOrDefault(keyHash, Set.of()).contains(name)
                    || !file.equals(files.file(keyHash, name))) {
                try {
                    Files.deleteIfExists(file);
                    strays.incrementAndGet();
                } catch (IOException e) {
                    LOG.warn("Cannot delete the stray file {}: {}", file, e.toString());
                }
            }
        });
        int lost = 0;
        for (String[] row : rows) {
            if (files.length(row[1], row[2]) != Long.parseLong(row[3])) {
                database.update("DELETE FROM OBJECTS WHERE ID = ?", Long.parseLong(row[0]));
                lost++;
            }
        }
        database.update("UPDATE CONTRACTS SET USED_BYTES = (SELECT COALESCE(SUM(O.BYTES), 0) + COUNT(*) * "
                + OBJECT_OVERHEAD + " FROM OBJECTS O WHERE O.CONTRACT_ID = CONTRACTS.ID AND O.DELETED IS NULL),"
                + " FILE_COUNT = (SELECT COUNT(*) FROM OBJECTS O WHERE O.CONTRACT_ID = CONTRACTS.ID AND O.DELETED IS"
                + " NULL)");
        int revisions = catalogRevisions();
        if (strays.get() > 0 || lost > 0 || revisions > 0) {
            LOG.warn("Reconciled the customers' data in {}: {} stray files deleted, {} objects lost their file, {}"
                    + " catalog revisions read from their files", files.root(), strays.get(), lost, revisions);
        }
        LOG.info("Customers' data in {}: {} objects", files.root(), rows.size() - lost);
    }

    /**
     * Reads the revision of every catalog copy without one in its row from its stored packet: copies stored before
     * schema version 2 kept it nowhere else. A copy that does not parse keeps none, so the next valid copy replaces it.
     */
    private int catalogRevisions() {
        int read = 0;
        for (String[] row : database.query("SELECT O.ID, C.KEY_HASH, O.FILE_ID, O.NAME FROM OBJECTS O JOIN CONTRACTS C"
                + " ON O.CONTRACT_ID = C.ID WHERE O.NAME_HASH = ? AND O.CATALOG_REVISION IS NULL", row -> new String[] {
                    Long.toString(row.getLong(1)), row.getString(2), row.getString(3), row.getString(4)},
                ObjectFiles.sha256(CatalogCopy.NAME))) {
            if (!CatalogCopy.NAME.equals(row[3])) {
                continue;
            }
            try {
                StoredData object = StoredData.parse(codec.decode(files.read(row[1], row[2])));
                long revision = CatalogCopy.parse(object.data()).revision();
                database.update("UPDATE OBJECTS SET CATALOG_REVISION = ? WHERE ID = ?", revision,
                        Long.parseLong(row[0]));
                read++;
            } catch (IOException | RuntimeException e) {
                LOG.info("The catalog copy in {} holds no revision: {}", row[2], e.getMessage());
            }
        }
        return read;
    }

    /** Ends a contract: its objects go to the grace period and stop counting. */
    private void end(Connection connection, long contractId, String reason, Long signed) throws SQLException {
        long now = clock.millis();
        Database.update(connection, "UPDATE CONTRACTS SET ENDED = ?, ENDED_SIGNED = ?, END_REASON = ?, USED_BYTES = 0,"
                + " FILE_COUNT = 0 WHERE ID = ?", now, signed, reason, contractId);
        Database.update(connection, "UPDATE OBJECTS SET DELETED = ? WHERE CONTRACT_ID = ? AND DELETED IS NULL", now,
                contractId);
    }

    private static Contract lock(Connection connection, long contractId) throws SQLException {
        return Database.first(connection, "SELECT " + CONTRACT_COLUMNS + " FROM CONTRACTS WHERE ID = ? AND ENDED IS"
                + " NULL FOR UPDATE", CustomerDesk::contract, contractId).orElseThrow(() -> refuse("not-customer",
                    "the contract ended"));
    }

    private static Optional<StoredObject> live(Connection connection, long contractId, String name, String nameHash)
            throws SQLException {
        for (StoredObject object : Database.query(connection, "SELECT ID, NAME, FILE_ID, BYTES, SIGNED,"
                + " CATALOG_REVISION, DATA_SHA256, FILE_CRC32C FROM OBJECTS WHERE CONTRACT_ID = ? AND NAME_HASH = ?"
                + " AND DELETED IS NULL", CustomerDesk::storedObject, contractId, nameHash)) {
            if (object.name().equals(name)) {
                return Optional.of(object);
            }
        }
        return Optional.empty();
    }

    private Optional<Contract> active(IdUrl customer) {
        return database.first("SELECT " + CONTRACT_COLUMNS + " FROM CONTRACTS WHERE CUSTOMER = ? AND ENDED IS NULL",
                CustomerDesk::contract, customer.toString());
    }

    private List<Contract> activeContracts() {
        return database.query("SELECT " + CONTRACT_COLUMNS + " FROM CONTRACTS WHERE ENDED IS NULL ORDER BY CUSTOMER",
                CustomerDesk::contract);
    }

    private long allocatedExcept(IdUrl customer) {
        return database.first("SELECT COALESCE(SUM(ALLOCATED), 0) FROM CONTRACTS WHERE ENDED IS NULL AND CUSTOMER <>"
                + " ?", row -> row.getLong(1), customer.toString()).orElse(0L);
    }

    private long allocated() {
        return database.first("SELECT COALESCE(SUM(ALLOCATED), 0) FROM CONTRACTS WHERE ENDED IS NULL",
                row -> row.getLong(1)).orElse(0L);
    }

    private static Contract contract(ResultSet row) throws SQLException {
        return new Contract(row.getLong(1), IdUrl.parse(row.getString(2)), SigningPublicKey.parse(row.getString(3)),
                AgreementPublicKey.parse(row.getString(4)), row.getString(5), row.getString(6), row.getInt(7),
                row.getLong(8), row.getLong(9), row.getLong(10), row.getLong(11));
    }

    private static CustomerDTO dto(Contract contract, boolean online) {
        CustomerDTO dto = new CustomerDTO();
        dto.idurl = contract.customer().toString();
        dto.eccMap = contract.eccMap();
        dto.position = contract.position();
        dto.allocatedBytes = contract.allocated();
        dto.usedBytes = contract.used();
        dto.files = contract.files();
        dto.since = Instant.ofEpochMilli(contract.started()).toString();
        dto.online = online;
        return dto;
    }

    private void announceSoon() {
        if (closed) {
            return;
        }
        try {
            housekeeping.execute(this::announce);
        } catch (RejectedExecutionException e) {
            LOG.debug("Not announcing: stopping");
        }
    }

    private void purgeSoon() {
        if (closed || graceHours() > 0) {
            return;
        }
        try {
            housekeeping.execute(this::purgeQuietly);
        } catch (RejectedExecutionException e) {
            LOG.debug("Not purging: stopping");
        }
    }

    /** Offers the supplier service with my free space in my identity, when that changed. */
    private void announce() {
        try {
            Optional<Identity> mine = identity.identity();
            if (mine.isEmpty()) {
                return;
            }
            ServiceOffer offer = config.getBoolean(SupplierOptions.ENABLED.key())
                    ? ServiceOffer.of(true, Math.max(0, config.getBytes(SupplierOptions.DONATED_SPACE.key())
                            - allocated()))
                    : ServiceOffer.DISABLED;
            if (!offer.equals(mine.get().services().get(Identity.SUPPLIER))) {
                identity.update(builder -> builder.service(Identity.SUPPLIER, offer));
                LOG.info("My identity offers the supplier service: {}", offer);
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot offer the supplier service in my identity: {}", e.toString());
        }
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("Purging deleted objects failed; trying again later", e);
        }
    }

    private void retain(IdUrl customer) {
        retained.computeIfAbsent(customer, cache::retain);
    }

    private void release(IdUrl customer) {
        IdentityCache.Retention retention = retained.remove(customer);
        if (retention != null) {
            retention.close();
        }
    }

    private int graceHours() {
        return config.getInt(SupplierOptions.DELETE_GRACE_HOURS.key());
    }

    private int maxFiles() {
        return config.getInt(SupplierOptions.MAX_FILES.key());
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private void count(String reason) {
        refusals.add(reason);
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static Refusal refuse(String reason, String message) {
        return new Refusal(reason, message);
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A refused request: its reason (the Fail's first word) and what was wrong. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String reason;

        Refusal(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private record Contract(long id, IdUrl customer, SigningPublicKey signingKey, AgreementPublicKey agreementKey,
            String keyHash, String eccMap, int position, long allocated, long used, long files, long started) {
    }

    private static StoredObject storedObject(ResultSet row) throws SQLException {
        long revision = row.getLong(6);
        Long catalogRevision = row.wasNull() ? null : revision;
        long crc32c = row.getLong(8);
        return new StoredObject(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), row.getLong(5),
                catalogRevision, row.getString(7), row.wasNull() ? null : crc32c);
    }

    /**
     * A stored object; {@code catalogRevision} is the revision of a catalog copy, null for any other object;
     * {@code dataSha256} (hex) and {@code crc32c} (of its file) are null for an object stored before they were kept.
     */
    private record StoredObject(long id, String name, String fileId, long bytes, long signed, Long catalogRevision,
            String dataSha256, Long crc32c) {
    }
}
