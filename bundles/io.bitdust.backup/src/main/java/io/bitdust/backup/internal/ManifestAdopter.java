package io.bitdust.backup.internal;

import io.bitdust.backup.remote.SupplierRequests;
import io.bitdust.catalog.AdoptedVersion;
import io.bitdust.catalog.Catalog;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.DeletedVersion;
import io.bitdust.catalog.NamingKey;
import io.bitdust.catalog.NewFragment;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.KeyRing;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts the complete versions whose manifests my suppliers list but my catalog does not know: a version made after
 * the last catalog copy the suppliers kept (the node crashed before it pushed its catalog, or the newest copy was
 * lost). Manifests are recognised by their names ({@link NamingKey#isManifest}), fetched from a supplier that lists
 * them and verified with my own signing key; a manifest whose signature, owner or name does not fit is never adopted.
 * A version is adopted only when every block has at least N of its 2N fragments in the listings, so that it can be
 * restored (a version deleted here whose objects some supplier kept is not brought back from a few leftovers). The
 * version enters the catalog COMPLETE with all its fragments recorded ({@link Catalog#adoptVersion}); the rebuild
 * then marks delivered those the listings hold and rebuilds the rest. A version an imported catalog copy had running
 * (the copy was pushed while its backup ran) and whose manifest says it completed is completed the same way; a version
 * running here (its fragments recorded) is never touched. A version the catalog deleted
 * ({@link Catalog#deletedVersion}) is never adopted, however many of its fragments a supplier that was away when it
 * was deleted kept: its objects in the listings are given back as leftovers, for the backup area's clean-up to delete
 * again. Nothing is deleted here.
 *
 * <p>At most {@value #MAX_FETCHES} manifests are fetched in one update, those listed at the most positions first (my
 * manifests go to every supplier; a name only one supplier lists, e.g. one it made up, comes last), so that no listing
 * can make an update send an unbounded number of requests; the rest wait for the next update, and the result says so.
 */
final class ManifestAdopter {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestAdopter.class);
    /** The most manifests one update fetches. */
    static final int MAX_FETCHES = 32;

    /**
     * What an adoption did.
     *
     * @param adopted   the backup IDs adopted
     * @param problems  manifests found and not adopted, one line each, with why
     * @param leftovers per deleted version whose manifest is listed, per position, the listed objects of that version
     *                  (its manifest, its fragments at that position) to delete again
     */
    record Result(List<String> adopted, List<String> problems, Map<String, Map<Integer, List<String>>> leftovers) {
        Result {
            adopted = List.copyOf(adopted);
            problems = List.copyOf(problems);
            leftovers = Map.copyOf(leftovers);
        }
    }

    private final Catalog catalog;
    private final SupplierService suppliers;
    private final Gateway gateway;
    private final KeyRing keys;
    private final IdUrl me;
    private final PacketCodec codec;
    private final Duration wait;

    ManifestAdopter(Catalog catalog, SupplierService suppliers, Gateway gateway, KeyRing keys, IdUrl me,
            PacketCodec codec, Duration wait) {
        this.catalog = catalog;
        this.suppliers = suppliers;
        this.gateway = gateway;
        this.keys = keys;
        this.me = me;
        this.codec = codec;
        this.wait = wait;
    }

    /**
     * @param listings  per position that sent its listing, the object names it holds and their stored sizes
     * @param positions how many positions my family has
     * @param naming    my naming key
     * @return what was adopted, and what was found and not adopted
     */
    Result adopt(Map<Integer, Map<String, Long>> listings, int positions, NamingKey naming) {
        Set<String> known = new HashSet<>();
        for (CatalogVersion version : catalog.allVersions()) {
            // a version running without recorded fragments came from an imported copy: its manifest may say more
            if (version.state() != VersionState.RUNNING || !catalog.fragments(version.backupId()).isEmpty()) {
                known.add(naming.manifest(version.backupId()));
            }
        }
        Map<String, DeletedVersion> deleted = new HashMap<>();
        for (DeletedVersion version : catalog.deletedVersions()) {
            deleted.put(naming.manifest(version.backupId()), version);
        }
        Map<String, List<Integer>> unknown = new TreeMap<>();
        Map<String, List<Integer>> leftover = new TreeMap<>();
        listings.forEach((position, names) -> names.keySet().stream()
                .filter(name -> NamingKey.isManifest(name) && !known.contains(name))
                .forEach(name -> (deleted.containsKey(name) ? leftover : unknown)
                        .computeIfAbsent(name, n -> new ArrayList<>()).add(position)));
        Map<String, Map<Integer, List<String>>> leftovers = new TreeMap<>();
        for (Map.Entry<String, List<Integer>> entry : leftover.entrySet()) {
            DeletedVersion version = deleted.get(entry.getKey());
            Map<Integer, List<String>> objects = leftovers(version, listings, naming);
            leftovers.put(version.backupId(), objects);
            LOG.info("Version {} was deleted at {}: not adopted; its manifest is listed at positions {}, and its {} "
                    + "objects there are deleted again", version.backupId(), version.deleted(), entry.getValue(),
                    objects.values().stream().mapToInt(List::size).sum());
        }
        List<String> adopted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Map.Entry<String, List<Integer>>> wanted = new ArrayList<>(unknown.entrySet());
        wanted.sort(Comparator.comparingInt((Map.Entry<String, List<Integer>> entry) -> -entry.getValue().size())
                .thenComparing(Map.Entry::getKey));
        if (wanted.size() > MAX_FETCHES) {
            String problem = (wanted.size() - MAX_FETCHES) + " more manifests the suppliers list were not fetched: at"
                    + " most " + MAX_FETCHES + " are in one update, those listed at the most positions first";
            problems.add(problem);
            LOG.warn("{}", problem);
            wanted = wanted.subList(0, MAX_FETCHES);
        }
        for (Map.Entry<String, List<Integer>> entry : wanted) {
            try {
                Optional<VersionManifestBytes> manifest = fetch(entry.getKey(), entry.getValue(), naming, problems);
                if (manifest.isPresent()) {
                    adopt(manifest.get(), listings, positions, naming);
                    adopted.add(manifest.get().manifest().backupId());
                }
            } catch (BitDustException e) {
                problems.add(e.getMessage());
                LOG.warn("Not adopted: {}", e.getMessage());
            }
        }
        if (!adopted.isEmpty()) {
            LOG.info("Adopted {} versions the catalog did not know from their manifests at the suppliers: {}",
                    adopted.size(), adopted);
        }
        return new Result(adopted, problems, leftovers);
    }

    /** @return per position, the objects of a deleted version its listing holds: its manifest and its fragments */
    private static Map<Integer, List<String>> leftovers(DeletedVersion version,
            Map<Integer, Map<String, Long>> listings, NamingKey naming) {
        Map<Integer, List<String>> objects = new TreeMap<>();
        String manifest = naming.manifest(version.backupId());
        listings.forEach((position, names) -> {
            List<String> there = new ArrayList<>();
            if (names.containsKey(manifest)) {
                there.add(manifest);
            }
            for (int block = 0; block < version.blocks(); block++) {
                for (boolean parity : new boolean[] {false, true}) {
                    String name = naming.fragment(new FragmentName(version.backupId(), block, position, parity));
                    if (names.containsKey(name)) {
                        there.add(name);
                    }
                }
            }
            if (!there.isEmpty()) {
                objects.put(position, there);
            }
        });
        return objects;
    }

    /** A verified manifest and its bytes. */
    private record VersionManifestBytes(VersionManifest manifest, byte[] bytes) {
    }

    /** @return the manifest of this name from the first supplier listing it that serves a valid one of mine */
    private Optional<VersionManifestBytes> fetch(String name, List<Integer> at, NamingKey naming,
            List<String> problems) {
        List<String> why = new ArrayList<>();
        for (int position : at) {
            Optional<IdUrl> supplier = suppliers.supplier(position);
            if (supplier.isEmpty()) {
                continue;
            }
            try {
                RetrieveRequest request = new RetrieveRequest(name);
                Packet reply = SupplierRequests.ask(gateway, supplier.get(), Command.RETRIEVE, request.toBytes(),
                        wait).join();
                byte[] bytes = request.open(reply, me, keys.signingPublicKey(), codec).data();
                VersionManifest manifest = VersionManifest.parse(bytes, keys.signingPublicKey());
                if (!naming.manifest(manifest.backupId()).equals(name)) {
                    throw BitDustException.invalid("it is the manifest of " + manifest.backupId()
                            + ", stored under another name");
                }
                return Optional.of(new VersionManifestBytes(manifest, bytes));
            } catch (RuntimeException e) {
                String reason = e instanceof BitDustException || e.getCause() == null ? e.getMessage()
                        : e.getCause().toString();
                why.add(supplier.get() + ": " + reason);
                LOG.warn("Manifest {} at {} is not adopted: {}", name, supplier.get(), reason);
            }
        }
        problems.add("manifest " + name + " found and not adopted: " + (why.isEmpty() ? "no supplier hired where "
                + "it is listed" : String.join("; ", why)));
        return Optional.empty();
    }

    /** Adopts a verified manifest's version when its blocks can be restored from what the suppliers list. */
    private void adopt(VersionManifestBytes found, Map<Integer, Map<String, Long>> listings, int positions,
            NamingKey naming) {
        VersionManifest manifest = found.manifest();
        String backupId = manifest.backupId();
        int n = manifest.map().dataShards();
        if (n != positions) {
            throw BitDustException.invalid("version " + backupId + " was made for " + manifest.map().name()
                    + ", my family has " + positions + " positions: not adopted");
        }
        if (manifest.blockCount() > Integer.MAX_VALUE) {
            throw BitDustException.invalid("version " + backupId + " has " + manifest.blockCount() + " blocks: not "
                    + "adopted");
        }
        int blocks = (int) manifest.blockCount();
        List<NewFragment> fragments = new ArrayList<>(blocks * 2 * n);
        for (int block = 0; block < blocks; block++) {
            List<FragmentName> refs = new ArrayList<>(2 * n);
            int listed = 0;
            long size = 0;
            for (boolean parity : new boolean[] {false, true}) {
                for (int position = 0; position < n; position++) {
                    FragmentName ref = new FragmentName(backupId, block, position, parity);
                    refs.add(ref);
                    Long stored = listings.getOrDefault(position, Map.of()).get(naming.fragment(ref));
                    if (stored != null) {
                        listed++;
                        size = Math.max(size, stored);
                    }
                }
            }
            if (listed < n) {
                throw BitDustException.unavailable("version " + backupId + " (manifest found): block " + block
                        + " has " + listed + " of the " + n + " fragments needed at the suppliers that listed: not "
                        + "adopted");
            }
            for (FragmentName ref : refs) {
                fragments.add(new NewFragment(ref, naming.fragment(ref), size));
            }
        }
        catalog.adoptVersion(new AdoptedVersion(backupId, manifest.map().name(), blocks, manifest.sourceBytes(),
                HexFormat.of().formatHex(Hashes.sha256(found.bytes())), fragments));
    }
}
