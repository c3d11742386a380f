package io.bitdust.api.internal;

import io.bitdust.catalog.AdoptedVersion;
import io.bitdust.catalog.Catalog;
import io.bitdust.catalog.CatalogItem;
import io.bitdust.catalog.CatalogVersion;
import io.bitdust.catalog.DeletedVersion;
import io.bitdust.catalog.ExportInfo;
import io.bitdust.catalog.FragmentState;
import io.bitdust.catalog.ImportResult;
import io.bitdust.catalog.ItemType;
import io.bitdust.catalog.NewFragment;
import io.bitdust.catalog.NewItem;
import io.bitdust.catalog.VersionDelivery;
import io.bitdust.catalog.VersionState;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.pipeline.FragmentName;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A neighbour's interface stand-in: the catalog in memory, with the real one's rules for what the API uses (the
 * folders above an entry are added, a known path keeps its item, a type mismatch is CONFLICT, an item goes with
 * everything under it, every change raises the revision). Item IDs are one above the highest among the siblings
 * rather than random ones, so that tests can name them. Fragments, exports and adoption are not the API's business.
 */
final class FakeCatalog implements Catalog {
    private static final DateTimeFormatter VERSION_NAME = DateTimeFormatter.ofPattern("yyyyMMddhhmmssa", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Map<String, CatalogItem> items = new LinkedHashMap<>();
    private final Map<String, CatalogVersion> versions = new LinkedHashMap<>();
    /** What the suppliers hold of each version, as a test sets it. */
    final Map<String, VersionDelivery> deliveries = new ConcurrentHashMap<>();
    private long revision;

    @Override
    public synchronized List<CatalogItem> add(List<NewItem> entries) {
        // one transaction: work on a copy, keep it only when every entry was added
        Map<String, CatalogItem> next = new LinkedHashMap<>(items);
        List<CatalogItem> result = new ArrayList<>();
        boolean changed = false;
        for (NewItem entry : entries) {
            if (!entry.localPath().startsWith("/") || entry.localPath().contains("/./")
                    || entry.localPath().contains("/../")) {
                throw BitDustException.invalid("not an absolute local path: '" + entry.localPath() + "'");
            }
            CatalogItem parent = null;
            StringBuilder prefix = new StringBuilder();
            String[] parts = entry.localPath().substring(1).split("/");
            for (int k = 0; k < parts.length; k++) {
                prefix.append('/').append(parts[k]);
                boolean last = k == parts.length - 1;
                ItemType type = last ? entry.type() : ItemType.DIR;
                String localPath = prefix.toString();
                Optional<CatalogItem> known = next.values().stream()
                        .filter(item -> localPath.equals(item.localPath())).findFirst();
                if (known.isPresent()) {
                    if (known.get().type() != type) {
                        throw new BitDustException(ErrorCode.CONFLICT, localPath + " is a " + known.get().type()
                                + " in the catalog, not a " + type);
                    }
                    parent = known.get();
                    continue;
                }
                String parentId = parent == null ? null : parent.pathId();
                int itemId = next.values().stream().filter(item -> Objects.equals(parentId, item.parentId()))
                        .mapToInt(item -> Integer.parseInt(item.pathId().substring(item.pathId().lastIndexOf('/')
                                + 1))).max().orElse(-1) + 1;
                String pathId = parentId == null ? Integer.toString(itemId) : parentId + "/" + itemId;
                parent = new CatalogItem(pathId, parentId, parts[k], localPath, type, last ? entry.size() : 0,
                        Instant.now());
                next.put(pathId, parent);
                changed = true;
            }
            result.add(parent);
        }
        items = next;
        if (changed) {
            revision++;
        }
        return result;
    }

    @Override
    public synchronized Optional<CatalogItem> item(String pathId) {
        return Optional.ofNullable(items.get(pathId));
    }

    @Override
    public synchronized Optional<CatalogItem> itemByLocalPath(String localPath) {
        return items.values().stream().filter(item -> localPath.equals(item.localPath())).findFirst();
    }

    @Override
    public synchronized List<CatalogItem> children(String pathId) {
        return items.values().stream().filter(item -> Objects.equals(pathId, item.parentId()))
                .collect(Collectors.toList());
    }

    @Override
    public synchronized List<CatalogItem> tree() {
        // by path ID, item ID by item ID, as the real store: each folder before what it holds
        return items.values().stream().sorted(Comparator.comparing(CatalogItem::pathId, FakeCatalog::comparePathIds))
                .collect(Collectors.toList());
    }

    private static int comparePathIds(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    @Override
    public synchronized CatalogVersion startVersion(String pathId, String eccMap) {
        if (!items.containsKey(pathId)) {
            throw BitDustException.notFound("no item " + pathId + " in the catalog");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String base = "F" + VERSION_NAME.format(now);
        String name = base;
        for (int suffix = 1; versions.containsKey(pathId + "/" + name); suffix++) {
            name = base + suffix;
        }
        CatalogVersion version = new CatalogVersion(pathId + "/" + name, pathId, name, VersionState.RUNNING, 0, 0,
                now, eccMap, null);
        versions.put(version.backupId(), version);
        revision++;
        return version;
    }

    @Override
    public synchronized Optional<CatalogVersion> version(String backupId) {
        return Optional.ofNullable(versions.get(backupId));
    }

    @Override
    public synchronized List<CatalogVersion> versions(String pathId) {
        return versions.values().stream().filter(v -> v.pathId().equals(pathId)).collect(Collectors.toList());
    }

    @Override
    public Map<String, VersionDelivery> deliveries() {
        return Map.copyOf(deliveries);
    }

    @Override
    public synchronized List<CatalogVersion> allVersions() {
        return versions.values().stream()
                .sorted(Comparator.comparing(CatalogVersion::pathId, FakeCatalog::comparePathIds))
                .collect(Collectors.toList());
    }

    @Override
    public synchronized CatalogVersion completeVersion(String backupId, int blocks, long bytes, String manifest) {
        CatalogVersion v = running(backupId);
        CatalogVersion complete = new CatalogVersion(v.backupId(), v.pathId(), v.name(), VersionState.COMPLETE,
                blocks, bytes, v.created(), v.eccMap(), manifest);
        versions.put(backupId, complete);
        revision++;
        return complete;
    }

    @Override
    public synchronized CatalogVersion endVersion(String backupId, VersionState state) {
        CatalogVersion v = running(backupId);
        CatalogVersion ended = new CatalogVersion(v.backupId(), v.pathId(), v.name(), state, 0, 0, v.created(),
                v.eccMap(), null);
        versions.put(backupId, ended);
        revision++;
        return ended;
    }

    private CatalogVersion running(String backupId) {
        CatalogVersion v = versions.get(backupId);
        if (v == null) {
            throw BitDustException.notFound("no version " + backupId + " in the catalog");
        }
        if (v.state() != VersionState.RUNNING) {
            throw new BitDustException(ErrorCode.CONFLICT, "version " + backupId + " is not running");
        }
        return v;
    }

    @Override
    public synchronized List<FragmentState> deleteVersion(String backupId) {
        if (versions.remove(backupId) == null) {
            throw BitDustException.notFound("no version " + backupId + " in the catalog");
        }
        revision++;
        return List.of();
    }

    @Override
    public synchronized List<FragmentState> deleteItem(String pathId) {
        if (!items.containsKey(pathId)) {
            throw BitDustException.notFound("no item " + pathId + " in the catalog");
        }
        items.keySet().removeIf(id -> id.equals(pathId) || id.startsWith(pathId + "/"));
        versions.values().removeIf(v -> v.pathId().equals(pathId) || v.pathId().startsWith(pathId + "/"));
        revision++;
        return List.of();
    }

    @Override
    public synchronized long revision() {
        return revision;
    }

    @Override
    public List<FragmentState> fragments(String backupId) {
        return List.of();
    }

    @Override
    public CatalogVersion adoptVersion(AdoptedVersion version) {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public void recordFragments(List<NewFragment> fragments) {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public List<FragmentName> markDelivered(Collection<FragmentName> refs) {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public void markUndelivered(FragmentName ref) {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public int markPositionUndelivered(int position) {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public List<FragmentState> missingAt(int position) {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public List<CatalogVersion> beyondMaxCopies(int maxCopies) {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public Optional<DeletedVersion> deletedVersion(String backupId) {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public List<DeletedVersion> deletedVersions() {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public byte[] export() {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public ExportInfo inspectExport(byte[] export) {
        throw new UnsupportedOperationException("not used by the API");
    }

    @Override
    public ImportResult importExport(byte[] export) {
        throw new UnsupportedOperationException("not used by the API");
    }
}
