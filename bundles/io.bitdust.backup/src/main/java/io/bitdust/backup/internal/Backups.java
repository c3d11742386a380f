package io.bitdust.backup.internal;

import io.bitdust.backup.BackupJob;
import io.bitdust.backup.BackupService;
import io.bitdust.backup.BackupState;
import io.bitdust.backup.Deletion;
import io.bitdust.backup.UpdateResult;
import io.bitdust.backup.remote.SupplierFragmentSink;
import io.bitdust.backup.remote.SupplierRequests;
import io.bitdust.catalog.Catalog;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.FragmentState;
import io.bitdust.catalog.ItemType;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewFragment;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.KeyRing;
import io.bitdust.pipeline.BufferCache;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSink;
import io.bitdust.pipeline.LocalFragmentFolder;
import io.bitdust.pipeline.PackSettings;
import io.bitdust.pipeline.Packer;
import io.bitdust.pipeline.ProgressListener;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccMap;
import io.bitdust.storage.DeleteRequest;
import io.bitdust.storage.StorageProtocol;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup area's core: a queue of jobs run one at a time on the area's own thread, each packing an item of the
 * catalog ({@link Packer}) into a new version whose fragments go to the suppliers at their positions
 * ({@link SupplierFragmentSink}) and are recorded in the catalog as they are sent and acknowledged; then retention.
 * A version that did not complete (failed, aborted, or running when the node stopped) is cleaned up: its objects are
 * deleted at the suppliers, and once every supplier confirmed, the version leaves the catalog. Objects of a deleted
 * version that a supplier still lists (it was away when the version was deleted) are deleted again by the same
 * clean-up, never adopted ({@link ManifestAdopter}). Plain class: the
 * component gives it its neighbours; tests build it through its constructor.
 */
public final class Backups implements BackupService, AutoCloseable {
    /** How many ended jobs {@link #finished()} keeps. */
    static final int FINISHED_KEPT = 50;
    /** Fragments per supplier waiting for their Ack at once. */
    static final int IN_FLIGHT_PER_SUPPLIER = 4;
    /** How a supplier says its disk takes nothing more (docs/protocol.md, refusal reasons). */
    static final String DISK_REFUSAL = "FAIL disk:";
    /** How many files that changed while they were read a job's warning names. */
    static final int MAX_CHANGED_NAMED = 10;
    /** How often the suppliers are synchronised without a change: a supplier that was away gets what it missed. */
    static final Duration UPDATE_PERIOD = Duration.ofMinutes(15);
    /** How long after a supplier position changed its data is rebuilt: the new contract settles first. */
    static final Duration REBUILD_DELAY = Duration.ofSeconds(5);
    /**
     * How long after a clean-up that left unfinished versions behind (a supplier did not confirm) it runs again, at
     * first; doubled each time, up to {@link #UPDATE_PERIOD}. A node restarted after a crash may not reach every
     * supplier at once, and nothing else would clean up before the next periodic update.
     */
    static final Duration CLEANUP_RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
    /**
     * How long the Acks of a backup gather before one catalog transaction records them: a node that stops meanwhile
     * loses at most these records, which the next {@code backups_update} finds in the suppliers' listings.
     */
    private static final Duration DELIVERY_LINGER = Duration.ofMillis(200);

    /** What a job reads from the options when it starts. */
    public record Settings(boolean enabled, int blockSize, int maxCopies, boolean keepLocalCopies) {
    }

    private final Catalog catalog;
    private final SupplierService suppliers;
    private final Gateway gateway;
    private final KeyRing keys;
    private final Supplier<Optional<IdUrl>> me;
    private final PacketCodec codec;
    private final Supplier<Settings> settings;
    private final Path localCopies;
    private final Duration ackTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Runs the jobs, one at a time. */
    private final ExecutorService runner;
    /** Packs blocks for the running job. */
    private final ExecutorService workers;
    /** The backups' large arrays (blocks, fragment files), kept from one backup to the next. */
    private final BufferCache buffers = new BufferCache();
    /** Deletes unfinished versions at the suppliers. */
    private final ExecutorService cleaner;
    /** Synchronises with the suppliers and pushes the catalog. */
    private final ExecutorService maintenance;
    private final ScheduledExecutorService timer;
    private final ExecutorService deliveryThread;
    /** Records the suppliers' Acks in the catalog, for backups and rebuilds alike. */
    private final DeliveryRecorder deliveries;
    private final AutoCloseable familyWatch;
    private final AtomicLong ids = new AtomicLong();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Deque<Job> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private Job running;
    /** Guarded by {@link #lock}. */
    private final Deque<BackupJob> finished = new ArrayDeque<>();
    /** Guarded by {@link #lock}: the update waiting for the maintenance thread, null when none waits. */
    private CompletableFuture<UpdateResult> waitingUpdate;
    /** Guarded by {@link #lock}: whether a clean-up is scheduled to run again. */
    private boolean cleanUpScheduled;
    /** Guarded by {@link #lock}: how long the next scheduled clean-up waits. */
    private Duration cleanUpDelay = CLEANUP_RETRY;
    /**
     * Guarded by {@link #lock}: per deleted version, per position, the objects the last update found there and the
     * clean-up deletes again; a position leaves once its supplier confirmed.
     */
    private final Map<String, Map<Integer, List<String>>> leftovers = new TreeMap<>();
    /** Guarded by {@link #lock}: the replicator of my identity, made when first needed. */
    private CatalogReplicator replicator;
    /** Guarded by {@link #lock}: whose replicator it is. */
    private IdUrl replicatorOwner;

    /**
     * Ends the versions a previous run left running (FAILED) and starts cleaning up unfinished versions.
     *
     * @param catalog     the catalog the versions are recorded in
     * @param suppliers   who is hired at each position
     * @param gateway     sends the packets
     * @param keys        my keys: they seal the data keys, sign manifests and derive the naming key
     * @param me          my IDURL, while I have an identity
     * @param codec       decodes the packets nested in the suppliers' answers
     * @param settings    the options, read when a job starts
     * @param localCopies the folder of local copies of fragments ({@code keep-local-copies-enabled})
     * @param ackTimeout  how long a fragment waits for its Ack at most, per attempt
     * @param clock       the time
     */
    public Backups(Catalog catalog, SupplierService suppliers, Gateway gateway, KeyRing keys,
            Supplier<Optional<IdUrl>> me, PacketCodec codec, Supplier<Settings> settings, Path localCopies,
            Duration ackTimeout, Clock clock) {
        this.catalog = catalog;
        this.suppliers = suppliers;
        this.gateway = gateway;
        this.keys = keys;
        this.me = me;
        this.codec = codec;
        this.settings = settings;
        this.localCopies = localCopies;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
        this.runner = Executors.newSingleThreadExecutor(named("bitdust-backup"));
        this.workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                named("bitdust-backup-worker"));
        this.cleaner = Executors.newSingleThreadExecutor(named("bitdust-backup-cleaner"));
        this.maintenance = Executors.newSingleThreadExecutor(named("bitdust-backup-update"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("bitdust-backup-timer"));
        this.deliveryThread = Executors.newSingleThreadExecutor(named("bitdust-backup-deliveries"));
        this.deliveries = new DeliveryRecorder(catalog, deliveryThread, DELIVERY_LINGER);
        for (CatalogVersion version : catalog.allVersions()) {
            if (version.state() == VersionState.RUNNING) {
                LOG.warn("Version {} was running when the node stopped: it is discarded", version.backupId());
                catalog.endVersion(version.backupId(), VersionState.FAILED);
            }
        }
        cleanUpLater();
        timer.scheduleAtFixedRate(() -> update().whenComplete((result, error) -> {
            if (error != null) {
                LOG.debug("Periodic update: {}", error.getMessage());
            }
        }), UPDATE_PERIOD.toMillis(), UPDATE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        this.familyWatch = suppliers.subscribe(position -> updateSoon("a change at position " + position));
    }

    /**
     * Runs an update {@link #REBUILD_DELAY} from now, as after a change of the family: for an area that starts after
     * its suppliers were hired (its bundle starts after theirs, or after a recovery of my identity), whose empty
     * catalog would otherwise wait for the periodic update to come back from them.
     *
     * @param why what the log says when the update cannot run
     */
    public void updateSoon(String why) {
        try {
            timer.schedule(() -> update().whenComplete((result, error) -> {
                if (error != null) {
                    LOG.info("Update after {}: {}", why, error.getMessage());
                }
            }), REBUILD_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("No update after {}: the backup area stops", why);
        }
    }

    @Override
    public CompletableFuture<UpdateResult> update() {
        synchronized (lock) {
            // one not started yet covers this call; a running one may have listed the suppliers before the change
            // that calls now (a position hired while it ran), so the call gets the next one, which starts after it
            if (waitingUpdate != null) {
                return waitingUpdate;
            }
            CompletableFuture<UpdateResult> next = new CompletableFuture<>();
            maintenance.execute(() -> {
                synchronized (lock) {
                    if (waitingUpdate == next) {
                        waitingUpdate = null;
                    }
                }
                try {
                    next.complete(synchronise());
                } catch (RuntimeException e) {
                    next.completeExceptionally(e);
                }
            });
            waitingUpdate = next;
            return next;
        }
    }

    /** Pushes the catalog to the suppliers in the background, after a change. */
    private void pushLater() {
        maintenance.execute(() -> {
            try {
                LOG.info("Catalog pushed: {}", replicator().push().summary());
            } catch (RuntimeException e) {
                LOG.info("Catalog not pushed: {}", e.getMessage());
            }
        });
    }

    private UpdateResult synchronise() {
        // whichever suppliers are hired: a node recovering while one of its recorded suppliers is away gets its
        // catalog back from the others, and their positions are compared and rebuilt
        if (hiredPositions() == 0) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "none of the " + suppliers.suppliers().size()
                    + " supplier positions is hired; the update runs once one is (see suppliers_list)");
        }
        CatalogReplicator copies = replicator();
        String catalogState;
        // a catalog holding only placeholders of adopted versions never had a copy imported: look for one still
        if (catalog.tree().stream().allMatch(CatalogItem::placeholder)) {
            CatalogReplicator.RecoveryResult recovered = copies.recover();
            catalogState = "recovered: " + recovered.summary();
        } else {
            catalogState = "kept";
        }
        Rebuilder.Result rebuilt = new Rebuilder(catalog, suppliers, gateway, keys, me.get().orElseThrow(),
                codec, ackTimeout, workers, deliveries).rebuild();
        synchronized (lock) {
            rebuilt.leftovers().forEach((backupId, objects) -> leftovers.put(backupId, new TreeMap<>(objects)));
        }
        cleanUpLater();
        CatalogReplicator.PushResult pushed = copies.push();
        UpdateResult result = new UpdateResult(catalogState + "; pushed: " + pushed.summary(), rebuilt.listed(),
                rebuilt.adopted(), rebuilt.missing(), rebuilt.rebuilt(), rebuilt.problems());
        return result;
    }

    private CatalogReplicator replicator() {
        IdUrl idurl = me.get().orElseThrow(() -> new BitDustException(ErrorCode.UNAVAILABLE, "this node has no "
                + "identity yet: create or recover one first"));
        synchronized (lock) {
            if (replicator == null || !idurl.equals(replicatorOwner)) {
                replicator = new CatalogReplicator(gateway, suppliers, catalog, idurl, keys.signingPublicKey(), codec,
                        ackTimeout);
                replicatorOwner = idurl;
            }
            return replicator;
        }
    }

    @Override
    public BackupJob start(String pathId) {
        Settings now = settings.get();
        if (!now.enabled()) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "backups are disabled (services/backups/enabled)");
        }
        CatalogItem item = catalog.item(pathId).orElseThrow(() -> BitDustException.notFound("no item " + pathId
                + " in the catalog"));
        if (item.localPath() == null) {
            throw BitDustException.notFound("item " + pathId + " has no local path on this machine");
        }
        Path path = Paths.get(item.localPath());
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw BitDustException.notFound("nothing to back up at " + item.localPath() + " (item " + pathId + ")");
        }
        eccMap();
        if (!keys.exists()) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "this node has no keys yet: create or recover an "
                    + "identity first");
        }
        synchronized (lock) {
            if (queue.stream().anyMatch(job -> job.pathId.equals(pathId))
                    || running != null && running.pathId.equals(pathId)) {
                throw new BitDustException(ErrorCode.CONFLICT, "a backup of " + pathId + " is queued or running "
                        + "already");
            }
            Job job = new Job(ids.incrementAndGet(), item, clock.instant(), now.blockSize());
            queue.add(job);
            runner.execute(this::runNext);
            LOG.info("Backup of {} ({}) queued", pathId, item.localPath());
            return job.snapshot();
        }
    }

    /** @return the ECC map of the hired family, when every position has a supplier */
    private EccMap eccMap() {
        int positions = suppliers.suppliers().size();
        long hired = hiredPositions();
        if (hired < positions) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "only " + hired + " of " + positions + " supplier "
                    + "positions are hired; a backup starts when all are (see suppliers_list)");
        }
        return StorageProtocol.eccMap(positions);
    }

    /** @return how many positions of the family have a supplier, when it has positions at all */
    private long hiredPositions() {
        int positions = suppliers.suppliers().size();
        if (positions == 0) {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "no supplier is hired: a backup needs suppliers "
                    + "(see suppliers_list and services/customer/suppliers-number)");
        }
        return IntStream.range(0, positions).filter(position -> suppliers.supplier(position).isPresent()).count();
    }

    @Override
    public List<BackupJob> queue() {
        synchronized (lock) {
            return queue.stream().map(Job::snapshot).collect(Collectors.toList());
        }
    }

    @Override
    public List<BackupJob> running() {
        synchronized (lock) {
            return running == null ? List.of() : List.of(running.snapshot());
        }
    }

    @Override
    public List<BackupJob> finished() {
        synchronized (lock) {
            return List.copyOf(finished);
        }
    }

    @Override
    public BackupJob cancelPending(String pathId) {
        synchronized (lock) {
            for (Job job : queue) {
                if (job.pathId.equals(pathId)) {
                    queue.remove(job);
                    job.state = BackupState.CANCELLED;
                    job.ended = clock.instant();
                    BackupJob ended = job.snapshot();
                    remember(ended);
                    LOG.info("Backup of {} cancelled before it started", pathId);
                    return ended;
                }
            }
        }
        throw BitDustException.notFound("no backup of " + pathId + " waits in the queue");
    }

    @Override
    public BackupJob abort(String backupId) {
        synchronized (lock) {
            if (running == null || !backupId.equals(running.backupId)) {
                throw BitDustException.notFound("no backup " + backupId + " is running");
            }
            running.aborting = true;
            if (running.sink != null) {
                running.sink.abort();
            }
            LOG.info("Aborting backup {}", backupId);
            return running.snapshot();
        }
    }

    @Override
    public Deletion delete(String pathIdOrBackupId) {
        String id = pathIdOrBackupId.trim();
        boolean version = catalog.version(id).isPresent();
        if (!version && catalog.item(id).isEmpty()) {
            throw BitDustException.notFound("no item or version " + id + " in the catalog");
        }
        synchronized (lock) {
            if (running != null && (id.equals(running.backupId) || running.pathId.equals(id)
                    || running.pathId.startsWith(id + "/"))) {
                throw new BitDustException(ErrorCode.CONFLICT, "a backup of " + running.pathId + " is running: "
                        + "abort it first (backup_abort_running " + running.backupId + ")");
            }
            queue.removeIf(job -> job.pathId.equals(id) || job.pathId.startsWith(id + "/"));
        }
        List<String> versions = version ? List.of(id) : catalog.allVersions().stream()
                .filter(v -> v.pathId().equals(id) || v.pathId().startsWith(id + "/"))
                .map(CatalogVersion::backupId).collect(Collectors.toList());
        Map<String, List<FragmentState>> fragments = new LinkedHashMap<>();
        for (String backupId : versions) {
            fragments.put(backupId, catalog.fragments(backupId));
        }
        Deletion remote = deleteAtSuppliers(fragments);
        int files = 0;
        long bytes = 0;
        for (String backupId : versions) {
            Deletion local = deleteLocal(backupId);
            files += local.localFiles();
            bytes += local.localBytes();
        }
        if (version) {
            catalog.deleteVersion(id);
        } else {
            catalog.deleteItem(id);
        }
        pushLater();
        LOG.info("Deleted {}: {} versions, {} objects at the suppliers, {} did not confirm", id, versions.size(),
                remote.objects(), remote.unconfirmed().size());
        return new Deletion(versions, remote.objects(), remote.suppliers(), remote.unconfirmed(), files, bytes);
    }

    @Override
    public Deletion deleteLocal(String backupId) {
        if (catalog.version(backupId).isEmpty()) {
            throw BitDustException.notFound("no version " + backupId + " in the catalog");
        }
        Path folder = localFolder(backupId);
        long[] counted = new long[2];
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        Files.delete(file);
                        counted[0]++;
                        counted[1] += attributes.size();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new BitDustException(ErrorCode.UNAVAILABLE, "cannot remove the local copies of " + backupId
                        + ": " + e.getMessage(), e);
            }
        }
        return new Deletion(List.of(backupId), 0, 0, List.of(), (int) counted[0], counted[1]);
    }

    /** The folder of a version's local copies: its backup ID's path below the local copies' folder. */
    private Path localFolder(String backupId) {
        FragmentName.checkBackupId(backupId);
        return localCopies.resolve(backupId);
    }

    /** Runs the next queued job, if nothing runs. On the runner thread. */
    private void runNext() {
        Job job;
        synchronized (lock) {
            job = queue.poll();
            if (job == null) {
                return;
            }
            running = job;
            job.state = BackupState.RUNNING;
            job.started = clock.instant();
        }
        try {
            run(job);
        } finally {
            synchronized (lock) {
                running = null;
                job.ended = clock.instant();
                remember(job.snapshot());
            }
        }
    }

    private void run(Job job) {
        String backupId = null;
        try {
            EccMap map = eccMap();
            Settings now = settings.get();
            job.eccMap = map.name();
            job.totalBytes = size(Paths.get(job.localPath));
            CatalogVersion version = catalog.startVersion(job.pathId, map.name());
            backupId = version.backupId();
            job.backupId = backupId;
            NamingKey naming = NamingKey.of(keys);
            SupplierFragmentSink remote = new SupplierFragmentSink(gateway, suppliers, naming, IN_FLIGHT_PER_SUPPLIER,
                    ackTimeout, deliveries, (map.dataShards() - 1) / 2);
            job.sink = remote;
            if (job.aborting) {
                remote.abort();
            }
            FragmentSink sink = new RecordingSink(job, naming, map, remote,
                    now.keepLocalCopies() ? new LocalFragmentFolder(localCopies, true) : null);
            Packer packer = new Packer(new PackSettings(map, now.blockSize(), PackSettings.DEFAULT_COMPRESSION_LEVEL,
                    IN_FLIGHT_PER_SUPPLIER), workers, random, buffers);
            VersionManifest manifest = packer.pack(Paths.get(job.localPath), backupId, keys, sink,
                    new ProgressListener() {
                        @Override
                        public void progress(long bytes, long blocks) {
                            job.bytesProcessed = bytes;
                            job.blocks = blocks;
                        }

                        @Override
                        public void fileChanged(String entry, String what) {
                            LOG.warn("Backup {}: {} {}", job.backupId, entry, what);
                            job.changedFiles.add(entry + " " + what);
                        }
                    });
            deliveries.flush();
            catalog.completeVersion(backupId, (int) manifest.blockCount(), manifest.sourceBytes(),
                    HexFormat.of().formatHex(Hashes.sha256(manifest.toBytes())));
            job.bytesProcessed = Math.max(job.bytesProcessed, manifest.sourceBytes());
            List<String> warnings = new ArrayList<>();
            Map<Integer, String> lost = remote.lostPositions();
            replaceFull(lost);
            if (!lost.isEmpty()) {
                warnings.add("positions " + lost.keySet() + " did not take their fragments (" + String.join("; ",
                        lost.values()) + "); they are rebuilt when their suppliers answer again or are replaced");
                LOG.warn("Backup {}: {}", backupId, warnings.get(0));
            }
            if (!job.changedFiles.isEmpty()) {
                List<String> changed = List.copyOf(job.changedFiles);
                warnings.add(changed.size() + " files changed while they were read: " + String.join("; ",
                        changed.subList(0, Math.min(MAX_CHANGED_NAMED, changed.size())))
                        + (changed.size() > MAX_CHANGED_NAMED ? "; ..." : ""));
            }
            job.warning = warnings.isEmpty() ? null : String.join(". ", warnings);
            job.state = BackupState.DONE;
            LOG.info("Backup {} of {} complete: {} bytes in {} blocks", backupId, job.localPath,
                    manifest.sourceBytes(), manifest.blockCount());
            retention(now.maxCopies());
            pushLater();
        } catch (IOException | RuntimeException e) {
            job.state = job.aborting ? BackupState.ABORTED : BackupState.FAILED;
            job.error = job.aborting ? "aborted by the user" : e.getMessage();
            if (job.state == BackupState.FAILED) {
                LOG.warn("Backup of {} failed: {}", job.localPath, e.getMessage());
            } else {
                LOG.info("Backup {} aborted", backupId);
            }
            if (backupId != null) {
                endQuietly(backupId, job.state == BackupState.ABORTED ? VersionState.ABORTED : VersionState.FAILED);
                cleanUpLater();
            }
        }
    }

    /** Replaces the suppliers that refused fragments because their disk cannot take them: they will not recover soon. */
    private void replaceFull(Map<Integer, String> lost) {
        lost.forEach((position, reason) -> {
            if (reason.contains(DISK_REFUSAL)) {
                try {
                    LOG.warn("Position {}: its supplier's disk takes no more ({}); hiring another", position, reason);
                    suppliers.replace(position);
                } catch (RuntimeException e) {
                    LOG.warn("Position {}: cannot replace its supplier: {}", position, e.getMessage());
                }
            }
        });
    }

    private void endQuietly(String backupId, VersionState state) {
        try {
            catalog.endVersion(backupId, state);
        } catch (BitDustException e) {
            LOG.warn("Cannot end version {}: {}", backupId, e.getMessage());
        }
    }

    private void retention(int maxCopies) {
        for (CatalogVersion old : catalog.beyondMaxCopies(maxCopies)) {
            try {
                Deletion deleted = delete(old.backupId());
                LOG.info("Retention (max-copies {}): deleted version {} ({} suppliers did not confirm)", maxCopies,
                        old.backupId(), deleted.unconfirmed().size());
            } catch (BitDustException e) {
                LOG.warn("Retention could not delete version {}: {}", old.backupId(), e.getMessage());
            }
        }
    }

    /**
     * Deletes failed and aborted versions at the suppliers, then from the catalog once all confirmed; and deletes again
     * what suppliers still hold of deleted versions.
     */
    private void cleanUpLater() {
        cleaner.execute(() -> {
            int left = 0;
            for (CatalogVersion version : catalog.allVersions()) {
                if (version.state() != VersionState.FAILED && version.state() != VersionState.ABORTED) {
                    continue;
                }
                try {
                    Deletion deleted = deleteAtSuppliers(Map.of(version.backupId(),
                            catalog.fragments(version.backupId())));
                    if (deleted.unconfirmed().isEmpty()) {
                        deleteLocal(version.backupId());
                        catalog.deleteVersion(version.backupId());
                        LOG.info("Unfinished version {} removed from the suppliers and the catalog",
                                version.backupId());
                    } else {
                        left++;
                        LOG.info("Unfinished version {} stays in the catalog until every supplier confirms its "
                                + "deletion: {}", version.backupId(), deleted.unconfirmed());
                    }
                } catch (BitDustException e) {
                    left++;
                    LOG.warn("Cannot clean up unfinished version {}: {}", version.backupId(), e.getMessage());
                }
            }
            left += deleteLeftovers();
            cleanUpAgain(left > 0);
        });
    }

    /**
     * Deletes again, at the supplier of each position, the objects of deleted versions the last update found there.
     *
     * @return how many deleted versions still have objects whose deletion no supplier confirmed
     */
    private int deleteLeftovers() {
        Map<String, Map<Integer, List<String>>> pending;
        synchronized (lock) {
            pending = new TreeMap<>();
            leftovers.forEach((backupId, objects) -> pending.put(backupId, new TreeMap<>(objects)));
        }
        int left = 0;
        for (Map.Entry<String, Map<Integer, List<String>>> version : pending.entrySet()) {
            List<String> unconfirmed = new ArrayList<>();
            for (Map.Entry<Integer, List<String>> objects : version.getValue().entrySet()) {
                Optional<IdUrl> supplier = suppliers.supplier(objects.getKey());
                String problem = supplier.isEmpty() ? "position " + objects.getKey() + ": no supplier"
                        : deleteAt(supplier.get(), objects.getValue()).join();
                if (problem == null) {
                    synchronized (lock) {
                        Map<Integer, List<String>> held = leftovers.get(version.getKey());
                        if (held != null) {
                            held.remove(objects.getKey());
                            if (held.isEmpty()) {
                                leftovers.remove(version.getKey());
                            }
                        }
                    }
                } else {
                    unconfirmed.add(problem);
                }
            }
            if (unconfirmed.isEmpty()) {
                LOG.debug("Deleted version {}: the objects suppliers still held are deleted again", version.getKey());
            } else {
                left++;
                LOG.info("Deleted version {}: objects suppliers still hold are deleted again once they confirm: {}",
                        version.getKey(), unconfirmed);
            }
        }
        return left;
    }

    /** Schedules one more clean-up while unfinished versions are left, waiting longer each time; resets when none. */
    private void cleanUpAgain(boolean needed) {
        synchronized (lock) {
            if (!needed) {
                cleanUpDelay = CLEANUP_RETRY;
                return;
            }
            if (cleanUpScheduled) {
                return;
            }
            Duration delay = cleanUpDelay;
            cleanUpDelay = delay.multipliedBy(2).compareTo(UPDATE_PERIOD) < 0 ? delay.multipliedBy(2) : UPDATE_PERIOD;
            try {
                timer.schedule(() -> {
                    synchronized (lock) {
                        cleanUpScheduled = false;
                    }
                    cleanUpLater();
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
                cleanUpScheduled = true;
            } catch (RejectedExecutionException e) {
                LOG.debug("No clean-up scheduled: the backup area is stopping");
            }
        }
    }

    /**
     * Asks the supplier of every position to delete the objects of these versions at that position and their
     * manifests, and waits for the answers.
     */
    private Deletion deleteAtSuppliers(Map<String, List<FragmentState>> versions) {
        if (versions.isEmpty()) {
            return new Deletion(List.of(), 0, 0, List.of(), 0, 0);
        }
        NamingKey naming = NamingKey.of(keys);
        int positions = suppliers.suppliers().size();
        Map<Integer, List<String>> names = new TreeMap<>();
        for (int position = 0; position < positions; position++) {
            List<String> mine = new ArrayList<>();
            for (Map.Entry<String, List<FragmentState>> version : versions.entrySet()) {
                mine.add(naming.manifest(version.getKey()));
                for (FragmentState fragment : version.getValue()) {
                    if (fragment.ref().position() == position) {
                        mine.add(fragment.objectName());
                    }
                }
            }
            names.put(position, mine);
        }
        int objects = 0;
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> entry : names.entrySet()) {
            Optional<IdUrl> supplier = suppliers.supplier(entry.getKey());
            objects += entry.getValue().size();
            if (supplier.isEmpty()) {
                answers.add(CompletableFuture.completedFuture("position " + entry.getKey() + ": no supplier"));
                continue;
            }
            answers.add(deleteAt(supplier.get(), entry.getValue()));
        }
        int confirmed = 0;
        List<String> unconfirmed = new ArrayList<>();
        for (CompletableFuture<String> answer : answers) {
            String problem = answer.join();
            if (problem == null) {
                confirmed++;
            } else {
                unconfirmed.add(problem);
            }
        }
        return new Deletion(List.copyOf(versions.keySet()), objects, confirmed, unconfirmed, 0, 0);
    }

    /** @return null when the supplier confirmed every part, else {@code IDURL: reason} */
    private CompletableFuture<String> deleteAt(IdUrl supplier, List<String> names) {
        CompletableFuture<String> all = CompletableFuture.completedFuture(null);
        for (int from = 0; from < names.size(); from += StorageProtocol.MAX_NAMES) {
            List<String> part = names.subList(from, Math.min(names.size(), from + StorageProtocol.MAX_NAMES));
            CompletableFuture<String> one = SupplierRequests.ask(gateway, supplier, Command.DELETE_FILE,
                    new DeleteRequest(part).toBytes(), ackTimeout)
                    .handle((Packet reply, Throwable error) -> error != null
                            ? supplier + ": " + (error.getCause() != null ? error.getCause() : error)
                            : reply.command() == Command.ACK ? null : supplier + ": " + reply.command());
            all = all.thenCombine(one, (a, b) -> a != null ? a : b);
        }
        return all;
    }

    /** @return the bytes of a file, or of the files under a folder (links not followed) */
    private static long size(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return Files.size(path);
        }
        long[] total = new long[1];
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    total[0] += attributes.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private void remember(BackupJob ended) {
        finished.addFirst(ended);
        while (finished.size() > FINISHED_KEPT) {
            finished.removeLast();
        }
    }

    /** Stops the jobs: the running one is aborted, queued ones are dropped. Waits up to 30 s for the threads. */
    @Override
    public void close() {
        try {
            familyWatch.close();
        } catch (Exception e) {
            LOG.debug("Unsubscribing from the suppliers: {}", e.toString());
        }
        timer.shutdownNow();
        maintenance.shutdownNow();
        synchronized (lock) {
            queue.clear();
            if (running != null) {
                running.aborting = true;
                if (running.sink != null) {
                    running.sink.abort();
                }
            }
        }
        runner.shutdown();
        cleaner.shutdownNow();
        try {
            runner.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.shutdownNow();
        workers.shutdownNow();
        deliveryThread.shutdown();
    }

    private static ThreadFactory named(String name) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Records each fragment in the catalog before it is sent, keeps a local copy when asked, stops on abort. */
    private final class RecordingSink implements FragmentSink {
        private final Job job;
        private final NamingKey naming;
        private final EccMap map;
        private final FragmentSink suppliersSink;
        private final FragmentSink local;
        /** The last block whose fragments are recorded; calls come one at a time, in block order. */
        private long recordedBlock = -1;

        RecordingSink(Job job, NamingKey naming, EccMap map, FragmentSink suppliersSink, FragmentSink local) {
            this.job = job;
            this.naming = naming;
            this.map = map;
            this.suppliersSink = suppliersSink;
            this.local = local;
        }

        @Override
        public void put(FragmentName name, byte[] fragment) throws IOException {
            put(name, fragment, fragment.length, null);
        }

        @Override
        public void put(FragmentName name, byte[] fragment, int length, byte[] sha256) throws IOException {
            put(name, fragment, 0, length, sha256, () -> { });
        }

        /** Records the 2N fragments of a block, all of one size, in one change before the first is sent. */
        private void record(FragmentName name, int length) throws IOException {
            if (job.aborting) {
                throw new InterruptedIOException("aborted by the user");
            }
            if (name.block() != recordedBlock) {
                List<NewFragment> block = new ArrayList<>(2 * map.dataShards());
                for (int i = 0; i < 2 * map.dataShards(); i++) {
                    FragmentName fragment = new FragmentName(name.backupId(), name.block(), i % map.dataShards(),
                            i >= map.dataShards());
                    block.add(new NewFragment(fragment, naming.fragment(fragment), length));
                }
                catalog.recordFragments(block);
                recordedBlock = name.block();
            }
        }

        @Override
        public Room room(String backupId) {
            return suppliersSink.room(backupId);
        }

        /** Records the fragment, keeps a local copy when asked, and hands the buffer on to the suppliers' sink. */
        @Override
        public void put(FragmentName name, byte[] buffer, int offset, int length, byte[] sha256, Runnable release)
                throws IOException {
            boolean handedOn = false;
            try {
                record(name, length);
                if (local != null) {
                    local.put(name, buffer, offset, length, sha256, () -> { });
                }
                handedOn = true;
                suppliersSink.put(name, buffer, offset, length, sha256, release);
            } finally {
                if (!handedOn) {
                    release.run();
                }
            }
        }

        @Override
        public void putManifest(String backupId, byte[] manifest) throws IOException {
            if (job.aborting) {
                throw new InterruptedIOException("aborted by the user");
            }
            suppliersSink.putManifest(backupId, manifest);
            if (local != null) {
                local.putManifest(backupId, manifest);
            }
        }
    }

    /** A job's state, written by the runner and the pipeline's threads, read by anyone through snapshots. */
    private static final class Job {
        final long id;
        final String pathId;
        final String localPath;
        final Instant created;
        final int blockSize;
        volatile BackupState state = BackupState.QUEUED;
        volatile String backupId;
        volatile Instant started;
        volatile Instant ended;
        volatile long totalBytes;
        volatile long bytesProcessed;
        volatile long blocks;
        volatile String eccMap;
        volatile boolean aborting;
        volatile String error;
        volatile String warning;
        volatile SupplierFragmentSink sink;
        final List<String> changedFiles = new CopyOnWriteArrayList<>();

        Job(long id, CatalogItem item, Instant created, int blockSize) {
            this.id = id;
            this.pathId = item.pathId();
            this.localPath = item.localPath();
            this.created = created;
            this.blockSize = blockSize;
            this.totalBytes = item.type() == ItemType.FILE ? item.size() : 0;
        }

        BackupJob snapshot() {
            return new BackupJob(id, pathId, localPath, backupId, state, created, started, ended, totalBytes,
                    bytesProcessed, blocks, blockSize, eccMap, aborting && !state.ended(), error, warning);
        }
    }
}
