package io.bitdust.backup.internal;

import io.bitdust.catalog.Catalog;
import io.bitdust.catalog.ExportInfo;
import io.bitdust.catalog.ImportResult;
import io.bitdust.catalog.NamingKey;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.storage.CatalogCopy;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.suppliers.CatalogHead;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a copy of my catalog at every supplier of my family and recovers it from them (docs/storage.md, "The catalog
 * at the suppliers"; the copy is docs/protocol.md §3.7). {@link #push} sends the catalog's export, with its revision,
 * as the object {@link NamingKey#CATALOG_OBJECT} to every hired supplier in parallel; a supplier keeps it only when its
 * revision is higher than the one it holds. {@link #recover} retrieves every supplier's copy, keeps those that are
 * mine and verify, and merges the highest revision into the catalog; it never deletes anything. After a push that a
 * supplier took, the new head (revision and content hash) goes into my recovery record
 * ({@link SupplierService#catalogHead(CatalogHead)}); a recovery says when the newest copy it found is older than the
 * head the record names. Both wait for the
 * answers at most {@code wait} and call no supplier twice in one run. Thread-safe: pushes take turns, as do recoveries.
 */
public final class CatalogReplicator {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogReplicator.class);
    private static final int MAX_REASON_CHARS = 200;

    private final Gateway gateway;
    private final SupplierService suppliers;
    private final Catalog catalog;
    private final IdUrl me;
    private final SigningPublicKey myKey;
    private final PacketCodec codec;
    private final Duration wait;
    /** The highest revision each supplier acknowledged in this run of the node. */
    private final Map<IdUrl, Long> pushed = new ConcurrentHashMap<>();
    private final Object pushing = new Object();
    private final Object recovering = new Object();

    /**
     * @param gateway   sends the Data and Retrieve packets, signed as me
     * @param suppliers who is hired at each position
     * @param catalog   my catalog: exported for a push, merged into by a recovery
     * @param me        my IDURL: the copies retrieved must be my own Data packets
     * @param myKey     my signing key: the copies retrieved must be signed with it
     * @param codec     decodes the stored packets nested in the answers to Retrieve
     * @param wait      how long a push or a recovery waits for the suppliers' answers at most
     * @throws BitDustException INVALID_ARGUMENT for a wait that is not positive
     */
    public CatalogReplicator(Gateway gateway, SupplierService suppliers, Catalog catalog, IdUrl me,
            SigningPublicKey myKey, PacketCodec codec, Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            throw BitDustException.invalid("the wait for the suppliers' answers " + wait + " must be positive");
        }
        if (!CatalogCopy.NAME.equals(NamingKey.CATALOG_OBJECT)) {
            throw new BitDustException(ErrorCode.INTERNAL, "the catalog's object name " + NamingKey.CATALOG_OBJECT
                    + " is not the storage protocol's " + CatalogCopy.NAME);
        }
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.suppliers = Objects.requireNonNull(suppliers, "suppliers");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.me = Objects.requireNonNull(me, "me");
        this.myKey = Objects.requireNonNull(myKey, "myKey");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.wait = wait;
    }

    /**
     * Sends the catalog to every hired supplier that has not acknowledged its current revision in this run of the
     * node, in parallel, and waits for their answers (at most the wait). The catalog is exported once, and not at all
     * when every hired supplier has its revision already. Call it after the catalog changed; a supplier hired since
     * the last push gets the copy now.
     *
     * @return per position what happened, with the revision pushed
     * @throws BitDustException as {@link Catalog#export} (UNAVAILABLE while the node has no keys); INVALID_ARGUMENT
     *     when the export is larger than a copy carries ({@link CatalogCopy#MAX_EXPORT_BYTES}); nothing is sent then
     */
    public PushResult push() {
        synchronized (pushing) {
            List<Integer> positions = new ArrayList<>();
            List<IdUrl> hired = new ArrayList<>();
            int size = suppliers.suppliers().size();
            for (int position = 0; position < size; position++) {
                positions.add(position);
                hired.add(suppliers.supplier(position).orElse(null));
            }
            long current = catalog.revision();
            if (hired.stream().allMatch(supplier -> supplier == null || pushedAtLeast(supplier, current))) {
                List<Delivery> deliveries = new ArrayList<>();
                for (int i = 0; i < positions.size(); i++) {
                    deliveries.add(hired.get(i) == null ? new Delivery(positions.get(i), null, PushStatus.NO_SUPPLIER,
                            "no supplier is hired at position " + positions.get(i))
                            : new Delivery(positions.get(i), hired.get(i), PushStatus.UP_TO_DATE,
                                    "holds revision " + current + " already"));
                }
                return new PushResult(current, deliveries);
            }
            byte[] export = catalog.export();
            ExportInfo info = catalog.inspectExport(export);
            long revision = info.revision();
            byte[] payload = new CatalogCopy(revision, export).toStoredData().toBytes();
            List<CompletableFuture<Packet>> answers = new ArrayList<>();
            for (IdUrl supplier : hired) {
                answers.add(supplier == null || pushedAtLeast(supplier, revision) ? null
                        : ask(supplier, Command.DATA, payload));
            }
            long deadline = System.nanoTime() + wait.toNanos();
            List<Delivery> deliveries = new ArrayList<>();
            for (int i = 0; i < positions.size(); i++) {
                int position = positions.get(i);
                IdUrl supplier = hired.get(i);
                if (supplier == null) {
                    deliveries.add(new Delivery(position, null, PushStatus.NO_SUPPLIER, "no supplier is hired at"
                            + " position " + position));
                } else if (answers.get(i) == null) {
                    deliveries.add(new Delivery(position, supplier, PushStatus.UP_TO_DATE, "holds revision "
                            + revision + " already"));
                } else {
                    deliveries.add(delivery(position, supplier, revision, answers.get(i), deadline));
                }
            }
            PushResult result = new PushResult(revision, deliveries);
            LOG.info("Catalog revision {} pushed: {}", revision, result.summary());
            if (result.count(PushStatus.ACCEPTED) > 0) {
                try {
                    suppliers.catalogHead(new CatalogHead(revision, info.contentHash()));
                } catch (RuntimeException e) {
                    LOG.warn("Catalog revision {} is not in my recovery record: {}", revision, e.getMessage());
                }
            }
            return result;
        }
    }

    /**
     * Retrieves the catalog copy of every hired supplier in parallel (waiting at most the wait), keeps the valid
     * ones (my own Data packet, a well-formed copy, an export that opens and verifies with my keys and whose signed
     * revision is the copy's), and merges the highest revision into the catalog. Adds what the catalog does not know;
     * never changes or deletes anything.
     *
     * @return who was asked and answered, which copies were valid, what was imported, and what was wrong per supplier
     * @throws BitDustException UNAVAILABLE while the node has no keys; as {@link Catalog#importExport} for a failure
     *     other than an invalid export
     */
    public RecoveryResult recover() {
        synchronized (recovering) {
            byte[] request = new RetrieveRequest(NamingKey.CATALOG_OBJECT).toBytes();
            List<Problem> problems = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            List<IdUrl> asked = new ArrayList<>();
            List<CompletableFuture<Packet>> answers = new ArrayList<>();
            int size = suppliers.suppliers().size();
            for (int position = 0; position < size; position++) {
                Optional<IdUrl> supplier = suppliers.supplier(position);
                if (supplier.isEmpty()) {
                    problems.add(new Problem(position, null, "no supplier is hired at position " + position));
                    continue;
                }
                positions.add(position);
                asked.add(supplier.get());
                answers.add(ask(supplier.get(), Command.RETRIEVE, request));
            }
            long deadline = System.nanoTime() + wait.toNanos();
            int answered = 0;
            List<Candidate> valid = new ArrayList<>();
            for (int i = 0; i < asked.size(); i++) {
                Packet answer = await(positions.get(i), asked.get(i), answers.get(i), deadline, problems);
                if (answer != null) {
                    answered++;
                    Candidate candidate = check(positions.get(i), asked.get(i), answer, problems);
                    if (candidate != null) {
                        valid.add(candidate);
                    }
                }
            }
            valid.sort(Comparator.comparingLong(Candidate::revision).reversed());
            Optional<ImportResult> imported = Optional.empty();
            String importedHash = null;
            for (Candidate candidate : valid) {
                try {
                    imported = Optional.of(catalog.importExport(candidate.export()));
                    importedHash = candidate.contentHash();
                    LOG.info("Catalog revision {} recovered from {}: {} items and {} versions added",
                            candidate.revision(), candidate.supplier(), imported.get().itemsAdded(),
                            imported.get().versionsAdded());
                    break;
                } catch (BitDustException e) {
                    if (e.code() != ErrorCode.INVALID_ARGUMENT) {
                        throw e;
                    }
                    problems.add(new Problem(candidate.position(), candidate.supplier(), "its copy of revision "
                            + candidate.revision() + " could not be imported: " + e.getMessage()));
                }
            }
            problems.sort(Comparator.comparingInt(Problem::position));
            Optional<CatalogHead> recorded;
            try {
                recorded = suppliers.catalogHead();
            } catch (RuntimeException e) {
                LOG.warn("Cannot read the catalog head of my recovery record: {}", e.getMessage());
                recorded = Optional.empty();
            }
            RecoveryResult result = new RecoveryResult(asked.size(), answered, valid.size(),
                    imported.map(done -> OptionalLong.of(done.exportRevision())).orElse(OptionalLong.empty()),
                    imported, problems, recorded, Optional.ofNullable(importedHash));
            if (result.recordWarning().isPresent()) {
                LOG.warn("Catalog recovery: {}", result.recordWarning().get());
            }
            if (problems.isEmpty()) {
                LOG.info("Catalog recovery: {}", result.summary());
            } else {
                LOG.warn("Catalog recovery: {}", result.summary());
            }
            return result;
        }
    }

    private boolean pushedAtLeast(IdUrl supplier, long revision) {
        Long done = pushed.get(supplier);
        return done != null && done >= revision;
    }

    private CompletableFuture<Packet> ask(IdUrl supplier, Command command, byte[] payload) {
        try {
            return gateway.request(gateway.packet(command, supplier, payload)).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Delivery delivery(int position, IdUrl supplier, long revision, CompletableFuture<Packet> reply,
            long deadline) {
        Packet answer;
        try {
            answer = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(position, supplier, PushStatus.NO_ANSWER, "interrupted while waiting");
        } catch (TimeoutException e) {
            return new Delivery(position, supplier, PushStatus.NO_ANSWER, "no answer within " + wait);
        } catch (ExecutionException e) {
            return new Delivery(position, supplier, PushStatus.NO_ANSWER, message(e.getCause()));
        }
        if (answer.command() == Command.ACK) {
            pushed.merge(supplier, revision, Math::max);
            return new Delivery(position, supplier, PushStatus.ACCEPTED, text(answer));
        }
        String reason = answer.command() == Command.FAIL ? text(answer) : "answered " + answer.command();
        if (reason.startsWith(CatalogCopy.STALE + ":")) {
            LOG.info("{} holds a newer catalog than revision {}: {}", supplier, revision, reason);
            return new Delivery(position, supplier, PushStatus.HOLDS_NEWER, reason);
        }
        LOG.warn("{} at position {} refused catalog revision {}: {}", supplier, position, revision, reason);
        return new Delivery(position, supplier, PushStatus.REFUSED, reason);
    }

    /** @return the answer, or null after recording why there is none */
    private Packet await(int position, IdUrl supplier, CompletableFuture<Packet> reply, long deadline,
            List<Problem> problems) {
        try {
            return reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(new Problem(position, supplier, "no answer: interrupted while waiting"));
        } catch (TimeoutException e) {
            problems.add(new Problem(position, supplier, "no answer within " + wait));
        } catch (ExecutionException e) {
            problems.add(new Problem(position, supplier, "no answer: " + message(e.getCause())));
        }
        return null;
    }

    /** @return the supplier's copy when it is valid, or null after recording what is wrong with it */
    private Candidate check(int position, IdUrl supplier, Packet answer, List<Problem> problems) {
        StoredData stored;
        try {
            stored = new RetrieveRequest(NamingKey.CATALOG_OBJECT).open(answer, me, myKey, codec);
        } catch (BitDustException e) {
            problems.add(new Problem(position, supplier, e.code() == ErrorCode.NOT_FOUND
                    ? "holds no catalog copy: " + e.getMessage() : "invalid answer: " + e.getMessage()));
            return null;
        }
        CatalogCopy copy;
        try {
            copy = CatalogCopy.parse(stored.data());
        } catch (BitDustException e) {
            problems.add(new Problem(position, supplier, "invalid copy: malformed catalog copy: " + e.getMessage()));
            return null;
        }
        ExportInfo info;
        try {
            info = catalog.inspectExport(copy.export());
        } catch (BitDustException e) {
            if (e.code() != ErrorCode.INVALID_ARGUMENT) {
                throw e;
            }
            problems.add(new Problem(position, supplier, "invalid copy of revision " + copy.revision() + ": "
                    + e.getMessage()));
            return null;
        }
        if (info.revision() != copy.revision()) {
            problems.add(new Problem(position, supplier, "invalid copy: it says revision " + copy.revision()
                    + " but its signed export has revision " + info.revision()));
            return null;
        }
        return new Candidate(position, supplier, copy.revision(), info.contentHash(), copy.export());
    }

    private static String text(Packet answer) {
        String text = new String(answer.payload(), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        return text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) + "..." : text;
    }

    private static String message(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.toString();
    }

    private record Candidate(int position, IdUrl supplier, long revision, String contentHash, byte[] export) {
    }

    /** What became of the catalog copy at one position in a {@link #push}. */
    public enum PushStatus {
        /** the supplier stored it (Ack) */
        ACCEPTED,
        /** not sent: the supplier acknowledged this revision (or a higher one) before */
        UP_TO_DATE,
        /** the supplier holds a higher revision ({@code stale-catalog}): nothing to do for it */
        HOLDS_NEWER,
        /** the supplier refused it for another reason (quota, no contract, ...): see the reason */
        REFUSED,
        /** the supplier is offline or did not answer within the wait */
        NO_ANSWER,
        /** nobody is hired at the position */
        NO_SUPPLIER
    }

    /**
     * The copy at one position.
     *
     * @param position the position
     * @param supplier the supplier hired there, null when nobody is
     * @param status   what became of the copy
     * @param reason   the supplier's answer or why there is none, in words
     */
    public record Delivery(int position, IdUrl supplier, PushStatus status, String reason) {
    }

    /**
     * What a {@link #push} did.
     *
     * @param revision   the catalog's revision pushed
     * @param deliveries one per position, by position
     */
    public record PushResult(long revision, List<Delivery> deliveries) {
        /** Copies the list. */
        public PushResult {
            deliveries = List.copyOf(deliveries);
        }

        /**
         * @param status a status
         * @return how many positions ended so
         */
        public int count(PushStatus status) {
            return (int) deliveries.stream().filter(delivery -> delivery.status() == status).count();
        }

        /** @return whether every position holds this revision or a higher one now */
        public boolean everywhere() {
            return deliveries.stream().allMatch(delivery -> delivery.status() == PushStatus.ACCEPTED
                    || delivery.status() == PushStatus.UP_TO_DATE || delivery.status() == PushStatus.HOLDS_NEWER);
        }

        /** @return one line: the counts by status, then each position that does not hold the revision, with why */
        public String summary() {
            StringBuilder text = new StringBuilder("revision " + revision + ":");
            for (PushStatus status : PushStatus.values()) {
                if (count(status) > 0) {
                    text.append(' ').append(status.name().toLowerCase(Locale.ROOT)).append(' ')
                            .append(count(status));
                }
            }
            for (Delivery delivery : deliveries) {
                if (delivery.status() != PushStatus.ACCEPTED && delivery.status() != PushStatus.UP_TO_DATE) {
                    text.append("; position ").append(delivery.position()).append(' ')
                            .append(delivery.supplier() == null ? "" : delivery.supplier() + " ")
                            .append(delivery.reason());
                }
            }
            return text.toString();
        }
    }

    /**
     * What was wrong at one position in a {@link #recover}.
     *
     * @param position the position
     * @param supplier the supplier hired there, null when nobody is
     * @param problem  what was wrong, in words
     */
    public record Problem(int position, IdUrl supplier, String problem) {
    }

    /**
     * What a {@link #recover} did.
     *
     * @param asked    how many suppliers were asked (every hired one)
     * @param answered how many answered within the wait (with a copy or a refusal)
     * @param valid    how many sent a valid copy
     * @param revision the revision of the copy imported, empty when none was
     * @param imported what the import added, empty when nothing was imported
     * @param problems what was wrong, by position: no supplier, no answer, no copy, an invalid copy
     * @param recorded the catalog head my recovery record names (docs/protocol.md §1.6), empty when it names none
     * @param contentHash the content hash of the copy imported, empty when none was
     */
    public record RecoveryResult(int asked, int answered, int valid, OptionalLong revision,
            Optional<ImportResult> imported, List<Problem> problems, Optional<CatalogHead> recorded,
            Optional<String> contentHash) {
        /** Copies the list. */
        public RecoveryResult {
            problems = List.copyOf(problems);
        }

        /**
         * @return when the copy imported is not the head my recovery record names (an older revision, none, or the
         *     same revision with another content), why in words: newer copies were lost, or suppliers that hold them
         *     did not answer
         */
        public Optional<String> recordWarning() {
            if (recorded.isEmpty()) {
                return Optional.empty();
            }
            long named = recorded.get().revision();
            if (revision.isEmpty() || revision.getAsLong() < named) {
                return Optional.of("the newest catalog copy found is " + (revision.isEmpty() ? "none"
                        : "revision " + revision.getAsLong()) + "; the recovery record names revision " + named);
            }
            if (revision.getAsLong() == named && !contentHash.orElse("").equals(recorded.get().contentHash())) {
                return Optional.of("the catalog copy found of revision " + named + " is not the one the recovery "
                        + "record names (another content hash)");
            }
            return Optional.empty();
        }

        /** @return whether every supplier asked answered */
        public boolean allAnswered() {
            return answered == asked;
        }

        /**
         * @return one line: what was imported (or that nothing was), {@code not all suppliers answered} when some did
         *     not, and each problem
         */
        public String summary() {
            StringBuilder text = new StringBuilder();
            if (revision.isPresent()) {
                ImportResult done = imported.orElseThrow();
                text.append("imported revision ").append(revision.getAsLong()).append(" (").append(done.itemsAdded())
                        .append(" items and ").append(done.versionsAdded()).append(" versions added)");
            } else {
                text.append("nothing imported: no valid copy");
            }
            text.append("; ").append(asked).append(" asked, ").append(answered).append(" answered, ").append(valid)
                    .append(" valid");
            if (!allAnswered()) {
                text.append("; not all suppliers answered");
            }
            recordWarning().ifPresent(warning -> text.append("; ").append(warning));
            for (Problem problem : problems) {
                text.append("; position ").append(problem.position()).append(' ')
                        .append(problem.supplier() == null ? "" : problem.supplier() + " ").append(problem.problem());
            }
            return text.toString();
        }
    }
}
