package io.bitdust.restore.internal;

import io.bitdust.backup.remote.SupplierFragmentSource;
import io.bitdust.catalog.Catalog;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.KeyRing;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSource;
import io.bitdust.pipeline.ProgressListener;
import io.bitdust.pipeline.RestoreResult;
import io.bitdust.pipeline.Unpacker;
import io.bitdust.restore.RestoreJob;
import io.bitdust.restore.RestoreService;
import io.bitdust.restore.RestoreState;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RestoreService} without OSGi: restores run on this object's own threads, {@code parallel} at once, each
 * reading from a {@link SupplierFragmentSource} through the {@link Unpacker}. {@link #close()} aborts what runs and
 * stops the threads.
 */
public final class Restores implements RestoreService, AutoCloseable {
    /** How many ended jobs are kept. */
    static final int KEPT = 50;
    /** How many blocks one restore decodes ahead of its unpacking. */
    static final int BLOCKS_IN_FLIGHT = 4;
    /** How long {@link #abort} waits for the job to end. */
    static final Duration ABORT_WAIT = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Restores.class);
    /** Stands for the version's manifest among the blocks a supplier answered wrongly for. */
    private static final long MANIFEST = -1;

    private final Gateway gateway;
    private final SupplierService suppliers;
    private final Catalog catalog;
    private final KeyRing keys;
    private final Supplier<Optional<IdUrl>> me;
    private final PacketCodec codec;
    private final Duration wait;
    private final Clock clock;
    private final ExecutorService jobs;
    private final ExecutorService workers;
    private final Unpacker unpacker;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: queued and running jobs by backup ID, oldest first. */
    private final Map<String, Job> running = new LinkedHashMap<>();
    /** Guarded by {@link #lock}: the last {@link #KEPT} ended jobs, the most recent first. */
    private final Deque<RestoreJob> finished = new ArrayDeque<>();
    /** Guarded by {@link #lock}: blocks with bad data per supplier IDURL. */
    private final Map<String, Integer> badData = new TreeMap<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /**
     * @param gateway   sends the Retrieves
     * @param suppliers who is hired at each position
     * @param catalog   which versions exist and are complete
     * @param keys      my keys: the manifest must be signed with them and the data key opens with them
     * @param me        my IDURL, empty while the node has no identity
     * @param codec     decodes the stored packets in the suppliers' answers
     * @param wait      how long one Retrieve waits for its answer at most
     * @param parallel  how many restores run at once, at least 1; the others wait
     * @param clock     the time of the snapshots
     * @throws BitDustException INVALID_ARGUMENT for {@code parallel} below 1 or a non-positive wait
     */
    public Restores(Gateway gateway, SupplierService suppliers, Catalog catalog, KeyRing keys,
            Supplier<Optional<IdUrl>> me, PacketCodec codec, Duration wait, int parallel, Clock clock) {
        if (parallel < 1) {
            throw BitDustException.invalid("restores at once " + parallel + " must be at least 1");
        }
        if (wait.isNegative() || wait.isZero()) {
            throw BitDustException.invalid("the Retrieve wait " + wait + " must be positive");
        }
        this.gateway = gateway;
        this.suppliers = suppliers;
        this.catalog = catalog;
        this.keys = keys;
        this.me = me;
        this.codec = codec;
        this.wait = wait;
        this.clock = clock;
        this.jobs = Executors.newFixedThreadPool(parallel, threads("bitdust-restore-"));
        this.workers = Executors.newFixedThreadPool(parallel * BLOCKS_IN_FLIGHT, threads("bitdust-restore-worker-"));
        this.unpacker = new Unpacker(workers, BLOCKS_IN_FLIGHT);
    }

    @Override
    public RestoreJob start(String backupId, Path destination, ExistingFilePolicy policy) {
        if (backupId == null || backupId.isBlank()) {
            throw BitDustException.invalid("a backup ID is needed, e.g. 0/0/1/F20160313043757PM");
        }
        if (policy == null) {
            throw BitDustException.invalid("a policy for existing files is needed");
        }
        CatalogVersion version = catalog.version(backupId).orElseThrow(() -> BitDustException.notFound("backup "
                + backupId + " is not in the catalog"));
        if (version.state() != VersionState.COMPLETE) {
            throw BitDustException.notFound("backup " + backupId + " is " + version.state().name()
                    .toLowerCase(Locale.ROOT) + ", not complete: only a complete version can be restored");
        }
        Path created = checkDestination(destination);
        if (!keys.exists()) {
            throw BitDustException.unavailable("the node has no keys: create or recover its identity first");
        }
        IdUrl myIdurl = me.get().orElseThrow(() -> BitDustException.unavailable("the node has no identity: create "
                + "or recover it first"));
        if (!anySupplier()) {
            throw BitDustException.unavailable("no supplier is hired: a restore reads the version from the "
                    + "suppliers (services/customer/enabled)");
        }
        synchronized (lock) {
            if (closed) {
                throw BitDustException.unavailable("restores are stopping");
            }
            Job other = running.get(backupId);
            if (other != null) {
                throw new BitDustException(ErrorCode.CONFLICT, "a restore of backup " + backupId
                        + " is running already, into " + other.destination);
            }
            Job job = new Job(backupId, version, myIdurl, destination, policy, created, clock.instant());
            running.put(backupId, job);
            job.future(jobs.submit(() -> run(job, myIdurl)));
            LOG.info("Restore of {} into {} accepted ({} blocks, {} bytes)", backupId, destination, version.blocks(),
                    version.bytes());
            return job.snapshot(clock.instant());
        }
    }

    @Override
    public List<RestoreJob> running() {
        List<Job> all;
        synchronized (lock) {
            all = new ArrayList<>(running.values());
        }
        return all.stream().map(job -> job.snapshot(clock.instant())).toList();
    }

    @Override
    public List<RestoreJob> finished() {
        synchronized (lock) {
            return List.copyOf(finished);
        }
    }

    @Override
    public Optional<RestoreJob> job(String backupId) {
        synchronized (lock) {
            Job job = running.get(backupId);
            if (job != null) {
                return Optional.of(job.snapshot(clock.instant()));
            }
            return finished.stream().filter(ended -> ended.backupId().equals(backupId)).findFirst();
        }
    }

    @Override
    public RestoreJob abort(String backupId) {
        Job job;
        synchronized (lock) {
            job = running.get(backupId);
        }
        if (job == null) {
            throw BitDustException.notFound("no restore of backup " + backupId + " is queued or running");
        }
        abort(job);
        if (!job.awaitEnd(ABORT_WAIT)) {
            LOG.warn("The restore of {} did not stop within {} of its abort", backupId, ABORT_WAIT);
        }
        return job.snapshot(clock.instant());
    }

    @Override
    public Map<String, Integer> badDataBySupplier() {
        synchronized (lock) {
            return Collections.unmodifiableMap(new TreeMap<>(badData));
        }
    }

    /** Aborts every queued and running restore, waits for them to end, and stops the threads. */
    @Override
    public void close() {
        List<Job> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(running.values());
        }
        all.forEach(this::abort);
        jobs.shutdown();
        try {
            if (!jobs.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Restores did not stop within {}; interrupting them", CLOSE_WAIT);
                jobs.shutdownNow();
            }
        } catch (InterruptedException e) {
            jobs.shutdownNow();
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    private void abort(Job job) {
        LOG.info("Aborting the restore of {} into {}", job.backupId, job.destination);
        job.requestAbort();
        if (job.cancelQueued()) {
            end(job, RestoreState.ABORTED, null);
        }
    }

    private void run(Job job, IdUrl myIdurl) {
        if (!job.begin(clock.instant())) {
            end(job, RestoreState.ABORTED, null);
            return;
        }
        LOG.info("Restoring {} into {}", job.backupId, job.destination);
        try {
            // per supplier, the blocks (or MANIFEST) it answered wrongly for (a packet not signed with my key, for
            // another object, ...): bad data too, though the unpacker sees only an erasure
            Map<String, Set<Long>> wrongAnswers = new ConcurrentHashMap<>();
            FragmentSource source = new AbortableSource(new SupplierFragmentSource(gateway, suppliers,
                    NamingKey.of(keys), myIdurl, keys.signingPublicKey(), codec, wait,
                    (supplier, fragment, reason) -> {
                        if (fragment != null) {
                            job.rejected();
                        }
                        wrongAnswers.computeIfAbsent(supplier.toString(), s -> ConcurrentHashMap.newKeySet())
                                .add(fragment == null ? MANIFEST : fragment.block());
                    }), job);
            RestoreResult result = unpacker.unpack(job.backupId, source, keys, keys.signingPublicKey(),
                    job.destination, job.policy, new Listener(job));
            job.result(result.blocks(), result.bytes(), result.entries(), badSuppliers(job, result, wrongAnswers),
                    result.changedFiles());
            end(job, RestoreState.DONE, null);
        } catch (RuntimeException e) {
            removeCreated(job);
            if (job.abortRequested()) {
                end(job, RestoreState.ABORTED, null);
            } else {
                LOG.warn("The restore of {} into {} failed: {}", job.backupId, job.destination, e.getMessage());
                end(job, RestoreState.FAILED, e.getMessage() != null ? e.getMessage() : e.toString());
            }
        } finally {
            if (end(job, RestoreState.FAILED, "the restore stopped unexpectedly")) {
                removeCreated(job);
            }
        }
    }

    /**
     * @param wrongAnswers per supplier, the blocks (or {@link #MANIFEST}) it answered wrongly for
     * @return the suppliers whose fragments served bad data or who answered wrongly, counted and logged once per
     *     block and once for the manifest
     */
    private List<String> badSuppliers(Job job, RestoreResult result, Map<String, Set<Long>> wrongAnswers) {
        Map<String, SortedSet<Long>> blocks = new TreeMap<>();
        wrongAnswers.forEach((supplier, wrong) -> blocks.computeIfAbsent(supplier, s -> new TreeSet<>())
                .addAll(wrong));
        result.badPositions().forEach((block, positions) -> {
            for (int position : positions) {
                String supplier = suppliers.supplier(position).map(IdUrl::toString)
                        .orElse("the supplier once at position " + position);
                blocks.computeIfAbsent(supplier, s -> new TreeSet<>()).add(block);
            }
        });
        blocks.forEach((supplier, bad) -> {
            LOG.warn("Supplier {} served bad data for {} of {}", supplier, described(bad), job.backupId);
            synchronized (lock) {
                badData.merge(supplier, bad.size(), Integer::sum);
            }
        });
        return List.copyOf(blocks.keySet());
    }

    /** @return "blocks [...]", "the manifest" or "the manifest and blocks [...]" */
    private static String described(SortedSet<Long> bad) {
        SortedSet<Long> blocks = bad.tailSet(0L);
        if (!bad.contains(MANIFEST)) {
            return "blocks " + blocks;
        }
        return blocks.isEmpty() ? "the manifest" : "the manifest and blocks " + blocks;
    }

    /** @return whether this call ended the job */
    private boolean end(Job job, RestoreState state, String error) {
        if (!job.end(state, error, clock.instant())) {
            return false;
        }
        RestoreJob last = job.snapshot(clock.instant());
        synchronized (lock) {
            running.remove(job.backupId, job);
            finished.addFirst(last);
            while (finished.size() > KEPT) {
                finished.removeLast();
            }
        }
        job.released();
        if (state != RestoreState.FAILED) {
            LOG.info("Restore of {} into {} {}: {} blocks, {} bytes, {} entries", job.backupId, job.destination,
                    state.name().toLowerCase(Locale.ROOT), last.blocksDone(), last.bytesWritten(), last.entries());
        }
        return true;
    }

    private boolean anySupplier() {
        int positions = suppliers.suppliers().size();
        for (int position = 0; position < positions; position++) {
            if (suppliers.supplier(position).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a destination the restore could not use, changing nothing.
     *
     * @return the highest folder of the destination that does not exist yet, or null when it exists
     */
    static Path checkDestination(Path destination) {
        if (destination == null) {
            throw BitDustException.invalid("a destination folder is needed");
        }
        if (!destination.isAbsolute()) {
            throw BitDustException.invalid("destination " + destination + " is not an absolute path");
        }
        if (Files.exists(destination)) {
            if (!Files.isDirectory(destination)) {
                throw BitDustException.invalid("destination " + destination + " exists and is not a folder");
            }
            if (!Files.isWritable(destination)) {
                throw BitDustException.invalid("destination " + destination + " is not writable");
            }
            return null;
        }
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            throw BitDustException.invalid("destination " + destination + " is a link to nothing");
        }
        Path missing = destination;
        Path parent = destination.getParent();
        while (parent != null && !Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
            missing = parent;
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw BitDustException.invalid("destination " + destination + " cannot be created: "
                    + (parent == null ? "none of the folders above it exists" : parent + " is not a folder"));
        }
        if (!Files.isWritable(parent)) {
            throw BitDustException.invalid("destination " + destination + " cannot be created: " + parent
                    + " is not writable");
        }
        return missing;
    }

    /** Removes the folders the restore created for its destination, as far as they are empty. */
    private static void removeCreated(Job job) {
        if (job.created == null || !Files.isDirectory(job.created, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(job.created, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    try {
                        Files.delete(dir);
                    } catch (DirectoryNotEmptyException notEmpty) {
                        LOG.debug("{} is not empty and stays", dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Cannot remove {}, created for the restore of {}: {}", job.created, job.backupId,
                    e.getMessage());
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Follows one job; stops its unpacking once it is aborted. */
    private static final class Listener implements ProgressListener {
        private final Job job;

        Listener(Job job) {
            this.job = job;
        }

        @Override
        public void progress(long bytes, long blocks) {
            job.progress(bytes, blocks);
            // ProgressListener asks not to throw; here stopping the unpacker is the point: the exception leaves
            // through its try-with-resources, which drops the blocks decoded ahead and removes the staging folder
            if (job.abortRequested()) {
                throw new Aborted(job.backupId);
            }
        }

        @Override
        public void fragmentRejected(FragmentName name, String reason) {
            job.rejected();
        }
    }

    /** Thrown by the listener: the unpacker stops and removes its staging folder. */
    private static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted(String backupId) {
            super("the restore of " + backupId + " is aborted", null, false, false);
        }
    }
}
