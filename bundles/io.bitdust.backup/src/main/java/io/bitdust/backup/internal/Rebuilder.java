package io.bitdust.backup.internal;

import io.bitdust.backup.remote.SupplierFragmentSink;
import io.bitdust.backup.remote.SupplierFragmentSource;
import io.bitdust.backup.remote.SupplierRequests;
import io.bitdust.catalog.Catalog;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.FragmentState;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.KeyRing;
import io.bitdust.pipeline.FragmentFile;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccCodec;
import io.bitdust.raid.EccMap;
import io.bitdust.storage.ListRequest;
import io.bitdust.storage.Listing;
import io.bitdust.storage.StoredData;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every supplier position hold what the catalog says it should: asks each supplier for its listing, adopts the
 * versions whose signed manifests the listings show and the catalog does not know ({@link ManifestAdopter}), marks the
 * fragments of complete versions it lacks as not delivered (and those it has as delivered), then rebuilds each
 * missing fragment from any {@code N} good fragments of its block (each checked against the owner-signed manifest)
 * and sends it, with the manifest where it is missing too; a fragment a supplier serves that does not match the
 * manifest (or answers for with a packet that is no valid copy) is rebuilt and sent to it again, and named in the
 * result's problems, as is a supplier that answers the manifest with no valid copy of it (it gets the manifest
 * again), and a block that cannot be rebuilt does not stop the others. Rebuilt fragments are byte-identical to the
 * originals: the shard is re-derived by Reed-Solomon from the stored ciphertext and framed with the same header, so
 * it matches the fragment's SHA-256 in the signed manifest; nothing is encrypted again.
 */
final class Rebuilder {
    private static final Logger LOG = LoggerFactory.getLogger(Rebuilder.class);

    /**
     * What a rebuild did.
     *
     * @param listed   positions whose supplier sent its listing
     * @param adopted  backup IDs of the versions adopted from their manifests at the suppliers
     * @param missing  fragments of complete versions not delivered where they belong, before the rebuild
     * @param rebuilt  fragments rebuilt and acknowledged
     * @param problems what could not be done, one line each
     * @param leftovers per deleted version whose objects suppliers still list, per position, those objects
     *                  ({@link ManifestAdopter.Result#leftovers}), for the clean-up to delete again
     */
    record Result(int listed, List<String> adopted, int missing, int rebuilt, List<String> problems,
            Map<String, Map<Integer, List<String>>> leftovers) {
        Result {
            adopted = List.copyOf(adopted);
            problems = List.copyOf(problems);
            leftovers = Map.copyOf(leftovers);
        }

        String summary() {
            return listed + " suppliers listed, " + (adopted.isEmpty() ? "" : adopted.size() + " versions adopted "
                    + adopted + ", ") + (leftovers.isEmpty() ? "" : leftovers.size() + " deleted versions found "
                    + "and deleted again " + leftovers.keySet() + ", ") + missing + " fragments missing, " + rebuilt
                    + " rebuilt"
                    + (problems.isEmpty() ? "" : "; " + problems.size() + " problems: " + String.join("; ", problems));
        }
    }

    private final Catalog catalog;
    private final DeliveryRecorder deliveries;
    private final SupplierService suppliers;
    private final Gateway gateway;
    private final KeyRing keys;
    private final IdUrl me;
    private final PacketCodec codec;
    private final Duration wait;
    private final ExecutorService fetchers;

    Rebuilder(Catalog catalog, SupplierService suppliers, Gateway gateway, KeyRing keys, IdUrl me, PacketCodec codec,
            Duration wait, ExecutorService fetchers, DeliveryRecorder deliveries) {
        this.catalog = catalog;
        this.deliveries = deliveries;
        this.suppliers = suppliers;
        this.gateway = gateway;
        this.keys = keys;
        this.me = me;
        this.codec = codec;
        this.wait = wait;
        this.fetchers = fetchers;
    }

    Result rebuild() {
        NamingKey naming = NamingKey.of(keys);
        int positions = suppliers.suppliers().size();
        List<String> problems = new ArrayList<>();
        Map<Integer, Map<String, Long>> listings = new TreeMap<>();
        for (int position = 0; position < positions; position++) {
            Optional<IdUrl> supplier = suppliers.supplier(position);
            if (supplier.isEmpty()) {
                problems.add("position " + position + " has no supplier");
                continue;
            }
            try {
                listings.put(position, listing(supplier.get()));
            } catch (RuntimeException e) {
                problems.add("no listing from " + supplier.get() + ": " + e.getMessage());
            }
        }
        ManifestAdopter.Result adoption = new ManifestAdopter(catalog, suppliers, gateway, keys, me, codec, wait)
                .adopt(listings, positions, naming);
        problems.addAll(adoption.problems());
        Map<String, CatalogVersion> complete = catalog.allVersions().stream()
                .filter(version -> version.state() == VersionState.COMPLETE)
                .collect(Collectors.toMap(CatalogVersion::backupId, version -> version, (a, b) -> a,
                        LinkedHashMap::new));
        Map<String, Set<Integer>> manifestsMissing = new LinkedHashMap<>();
        List<FragmentName> found = new ArrayList<>();
        for (CatalogVersion version : complete.values()) {
            for (FragmentState fragment : catalog.fragments(version.backupId())) {
                Map<String, Long> held = listings.get(fragment.ref().position());
                if (held == null) {
                    continue;
                }
                boolean there = held.containsKey(fragment.objectName());
                if (fragment.isDelivered() && !there) {
                    catalog.markUndelivered(fragment.ref());
                } else if (!fragment.isDelivered() && there) {
                    found.add(fragment.ref());
                }
            }
            for (Map.Entry<Integer, Map<String, Long>> listing : listings.entrySet()) {
                if (!listing.getValue().containsKey(naming.manifest(version.backupId()))) {
                    manifestsMissing.computeIfAbsent(version.backupId(), id -> new HashSet<>()).add(listing.getKey());
                }
            }
        }
        catalog.markDelivered(found);
        Map<String, Map<Long, List<FragmentName>>> missing = new LinkedHashMap<>();
        int count = 0;
        for (int position : listings.keySet()) {
            for (FragmentState fragment : catalog.missingAt(position)) {
                if (complete.containsKey(fragment.ref().backupId())) {
                    missing.computeIfAbsent(fragment.ref().backupId(), id -> new TreeMap<>())
                            .computeIfAbsent(fragment.ref().block(), block -> new ArrayList<>()).add(fragment.ref());
                    count++;
                }
            }
        }
        for (String backupId : manifestsMissing.keySet()) {
            missing.computeIfAbsent(backupId, id -> new TreeMap<>());
        }
        AtomicInteger rebuilt = new AtomicInteger();
        for (Map.Entry<String, Map<Long, List<FragmentName>>> version : missing.entrySet()) {
            try {
                rebuild(version.getKey(), version.getValue(), manifestsMissing.getOrDefault(version.getKey(),
                        Set.of()), naming, problems, rebuilt);
            } catch (IOException | RuntimeException e) {
                problems.add(version.getKey() + ": " + e.getMessage());
                LOG.warn("Cannot rebuild {}: {}", version.getKey(), e.getMessage());
            }
        }
        Result result = new Result(listings.size(), adoption.adopted(), count, rebuilt.get(), problems,
                adoption.leftovers());
        LOG.info("Rebuild: {}", result.summary());
        return result;
    }

    /** @return the object names a supplier holds for me, and their stored sizes */
    private Map<String, Long> listing(IdUrl supplier) {
        Packet reply = SupplierRequests.ask(gateway, supplier, Command.LIST_FILES, new ListRequest("").toBytes(), wait)
                .join();
        if (reply.command() != Command.FILES) {
            throw BitDustException.unavailable("answered " + reply.command());
        }
        return Listing.open(keys, reply.payload()).entries().stream()
                .collect(Collectors.toMap(Listing.Entry::name, Listing.Entry::size, (a, b) -> a));
    }

    /**
     * Rebuilds and sends one version's missing fragments, and its manifest where missing; a fragment a supplier serves
     * that does not match the signed manifest, or answers for with a packet that is not a valid copy (not signed with
     * my key, not mine, for another object), is rebuilt and sent to it as well, and named in {@code problems}. A
     * block that cannot be rebuilt, or a manifest a supplier does not take, is a problem; the other blocks and
     * positions go on.
     *
     * @param rebuilt counts the fragments sent and acknowledged
     * @throws IOException when a fragment sent was not acknowledged
     */
    private void rebuild(String backupId, Map<Long, List<FragmentName>> blocks, Set<Integer> manifestAt,
            NamingKey naming, List<String> problems, AtomicInteger rebuilt) throws IOException {
        Map<FragmentName, String> wrongAnswers = new ConcurrentHashMap<>();
        Map<IdUrl, String> wrongManifests = new ConcurrentHashMap<>();
        SupplierFragmentSource source = new SupplierFragmentSource(gateway, suppliers, naming, me,
                keys.signingPublicKey(), codec, wait, (supplier, fragment, reason) -> {
                    if (fragment == null) {
                        wrongManifests.put(supplier, reason);
                    } else {
                        wrongAnswers.put(fragment, reason);
                    }
                });
        byte[] manifestBytes = source.manifest(backupId).orElseThrow(() -> BitDustException.unavailable(
                "no supplier holds a valid manifest of " + backupId));
        Set<Integer> manifestTo = new TreeSet<>(manifestAt);
        for (int position = 0; position < suppliers.suppliers().size(); position++) {
            Optional<IdUrl> supplier = suppliers.supplier(position);
            String wrong = supplier.map(wrongManifests::get).orElse(null);
            if (wrong != null) {
                manifestTo.add(position);
                String problem = "position " + position + " (" + supplier.get() + ") served the manifest of "
                        + backupId + " " + noValidCopy(wrong) + ": sent again";
                problems.add(problem);
                LOG.warn("Rebuild of {}: {}", backupId, problem);
            }
        }
        VersionManifest manifest = VersionManifest.parse(manifestBytes, keys.signingPublicKey());
        EccMap map = manifest.map();
        EccCodec ecc = EccCodec.create(map);
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, suppliers, naming,
                Backups.IN_FLIGHT_PER_SUPPLIER, wait, name -> {
                    rebuilt.incrementAndGet();
                    deliveries.delivered(name);
                }, 0);
        for (Map.Entry<Long, List<FragmentName>> block : blocks.entrySet()) {
            Set<FragmentName> wanted = new HashSet<>(block.getValue());
            RebuiltBlock result;
            try {
                result = rebuildBlock(backupId, block.getKey(), wanted, manifest, map, ecc, source, wrongAnswers);
            } catch (RuntimeException e) {
                problems.add(backupId + ": " + e.getMessage());
                LOG.warn("Cannot rebuild block {} of {}: {}", block.getKey(), backupId, e.getMessage());
                continue;
            }
            for (Map.Entry<FragmentName, String> bad : result.bad().entrySet()) {
                FragmentName name = bad.getKey();
                String problem = "position " + name.position() + " (" + suppliers.supplier(name.position())
                        .map(IdUrl::toString).orElse("no supplier") + ") served " + name + " " + bad.getValue()
                        + ": sent again";
                problems.add(problem);
                LOG.warn("Rebuild of {}: {}", backupId, problem);
            }
            for (Map.Entry<FragmentName, byte[]> fragment : result.fragments().entrySet()) {
                sink.put(fragment.getKey(), fragment.getValue());
            }
        }
        for (int position : manifestTo) {
            Optional<IdUrl> supplier = suppliers.supplier(position);
            if (supplier.isPresent()) {
                Packet reply = SupplierRequests.ask(gateway, supplier.get(), Command.DATA,
                        new StoredData(naming.manifest(backupId), manifestBytes).toBytes(), wait).join();
                if (reply.command() != Command.ACK) {
                    problems.add(supplier.get() + " did not take the manifest of " + backupId);
                }
            }
        }
        sink.flush(backupId);
        deliveries.flush();
    }

    /**
     * One block's rebuilt fragments.
     *
     * @param fragments the fragments to send: those wanted and those served bad, byte-identical to the originals
     * @param bad       the fragments a supplier served bad, with what was wrong
     */
    private record RebuiltBlock(Map<FragmentName, byte[]> fragments, Map<FragmentName, String> bad) {
    }

    /**
     * A fragment a supplier answered for in a rebuild.
     *
     * @param file  the fragment file, when it is good
     * @param wrong what was wrong with the answer, or null when it is good
     */
    private record Fetched(byte[] file, String wrong) {
    }

    /**
     * @param wrongAnswers the fragments the source heard wrong answers for, with why
     * @return the wanted fragments of a block, rebuilt from any N good ones fetched from the other positions, and the
     *     fragments that were served bad (not matching the signed manifest, or a wrong answer), rebuilt too
     */
    private RebuiltBlock rebuildBlock(String backupId, long block, Set<FragmentName> wanted,
            VersionManifest manifest, EccMap map, EccCodec ecc, SupplierFragmentSource source,
            Map<FragmentName, String> wrongAnswers) {
        int n = map.dataShards();
        List<FragmentName> all = new ArrayList<>();
        for (int position = 0; position < n; position++) {
            for (boolean parity : new boolean[] {false, true}) {
                FragmentName name = new FragmentName(backupId, block, position, parity);
                if (!wanted.contains(name)) {
                    all.add(name);
                }
            }
        }
        Map<FragmentName, CompletableFuture<Optional<Fetched>>> fetched = new LinkedHashMap<>();
        for (FragmentName name : all) {
            fetched.put(name, CompletableFuture.supplyAsync(() -> {
                try {
                    Optional<byte[]> bytes = source.fragment(name);
                    if (bytes.isPresent()) {
                        return Optional.of(manifest.matches(name, bytes.get()) ? new Fetched(bytes.get(), null)
                                : new Fetched(null, "which does not match the signed manifest"));
                    }
                    // the source tells of a wrong answer on this thread, before it returns
                    String wrong = wrongAnswers.get(name);
                    return wrong == null ? Optional.empty()
                            : Optional.of(new Fetched(null, noValidCopy(wrong)));
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            }, fetchers));
        }
        byte[][] shards = null;
        boolean[] present = new boolean[2 * n];
        FragmentFile header = null;
        int good = 0;
        Map<FragmentName, String> bad = new LinkedHashMap<>();
        for (Map.Entry<FragmentName, CompletableFuture<Optional<Fetched>>> entry : fetched.entrySet()) {
            if (good == n) {
                entry.getValue().cancel(false);
                continue;
            }
            Optional<Fetched> fragment = entry.getValue().join();
            if (fragment.isEmpty()) {
                continue;
            }
            if (fragment.get().wrong() != null) {
                bad.put(entry.getKey(), fragment.get().wrong());
                continue;
            }
            byte[] bytes = fragment.get().file();
            FragmentFile file = FragmentFile.read(bytes);
            if (shards == null) {
                header = file;
                shards = new byte[2 * n][file.shardLength()];
            }
            int index = index(entry.getKey(), n);
            System.arraycopy(bytes, file.shardOffset(), shards[index], 0, file.shardLength());
            present[index] = true;
            good++;
        }
        if (good < n) {
            throw BitDustException.unavailable("block " + block + " of " + backupId + " has " + good + " good "
                    + "fragments, " + n + " are needed" + (bad.isEmpty() ? "" : "; served bad: " + bad));
        }
        ecc.decodeMissing(shards, present, 0, header.shardLength());
        Map<FragmentName, byte[]> result = new LinkedHashMap<>();
        List<FragmentName> sent = new ArrayList<>(wanted);
        sent.addAll(bad.keySet());
        for (FragmentName name : sent) {
            FragmentFile frame = new FragmentFile(name, map, header.last(), header.blockLength());
            byte[] file = new byte[frame.fileLength()];
            System.arraycopy(shards[index(name, n)], 0, file, frame.shardOffset(), frame.shardLength());
            frame.seal(file);
            if (!manifest.matches(name, file)) {
                throw BitDustException.invalid("rebuilt fragment " + name + " does not match the signed manifest");
            }
            result.put(name, file);
        }
        return new RebuiltBlock(result, bad);
    }

    /** @return how a problem names an answer that is no valid copy of what was asked for */
    private static String noValidCopy(String why) {
        return "as a packet that is no valid copy (" + why + ")";
    }

    private static int index(FragmentName name, int n) {
        return name.parity() ? n + name.position() : name.position();
    }
}
