package io.bitdust.catalog.internal;

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
import io.bitdust.crypto.Hashes;
import io.bitdust.crypto.KeyRing;
import io.bitdust.derby.Database;
import io.bitdust.derby.Schema;
import io.bitdust.derby.SqlWork;
import io.bitdust.pipeline.FragmentName;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Catalog} without OSGi, on the catalog area's Derby database ({@link #SCHEMA}, area {@code catalog};
 * docs/storage.md, "Catalog") and my key ring for the export ({@link CatalogExport}). Thread-safe: every change is one
 * transaction, which also raises the revision.
 */
public final class CatalogStore implements Catalog {
    /** The database schema of the catalog area (docs/storage.md, "Catalog"). */
    public static final Schema SCHEMA = new Schema("catalog", List.of(List.of(
            "CREATE TABLE CATALOG_STATE (ID INT NOT NULL PRIMARY KEY, REVISION BIGINT NOT NULL, LAST_EXPORT CHAR(64))",
            "INSERT INTO CATALOG_STATE (ID, REVISION) VALUES (1, 0)",
            "CREATE TABLE ITEMS (PATH_ID VARCHAR(512) NOT NULL PRIMARY KEY, PARENT_ID VARCHAR(512) NOT NULL,"
                    + " ITEM_ID INT NOT NULL, NAME VARCHAR(4096) NOT NULL, LOCAL_PATH VARCHAR(16384),"
                    + " LOCAL_PATH_HASH CHAR(64), ITEM_TYPE VARCHAR(8) NOT NULL, SIZE_BYTES BIGINT NOT NULL,"
                    + " CREATED BIGINT NOT NULL)",
            "CREATE INDEX ITEMS_PARENT ON ITEMS (PARENT_ID)",
            "CREATE INDEX ITEMS_LOCAL_PATH ON ITEMS (LOCAL_PATH_HASH)",
            "CREATE TABLE VERSIONS (BACKUP_ID VARCHAR(600) NOT NULL PRIMARY KEY,"
                    + " PATH_ID VARCHAR(512) NOT NULL REFERENCES ITEMS (PATH_ID), VERSION_NAME VARCHAR(64) NOT NULL,"
                    + " VERSION_STATE VARCHAR(16) NOT NULL, BLOCKS INT NOT NULL, BYTES BIGINT NOT NULL,"
                    + " CREATED BIGINT NOT NULL, ECC_MAP VARCHAR(32) NOT NULL, MANIFEST VARCHAR(256))",
            "CREATE TABLE FRAGMENTS (BACKUP_ID VARCHAR(600) NOT NULL REFERENCES VERSIONS (BACKUP_ID),"
                    + " BLOCK_NO INT NOT NULL, SHARD_POSITION INT NOT NULL, PARITY SMALLINT NOT NULL,"
                    + " OBJECT_NAME VARCHAR(128) NOT NULL, SIZE_BYTES BIGINT NOT NULL, DELIVERED BIGINT,"
                    + " PRIMARY KEY (BACKUP_ID, BLOCK_NO, SHARD_POSITION, PARITY))",
            "CREATE INDEX FRAGMENTS_POSITION ON FRAGMENTS (SHARD_POSITION, DELIVERED)"),
            // 2: deleted versions are remembered, so that leftovers at a supplier that was away are not adopted
            List.of("CREATE TABLE DELETED_VERSIONS (BACKUP_ID VARCHAR(600) NOT NULL PRIMARY KEY,"
                    + " DELETED BIGINT NOT NULL, BLOCKS INT NOT NULL)")));

    private static final Logger LOG = LoggerFactory.getLogger(CatalogStore.class);
    private static final String TOP = "";
    private static final String ITEM_COLUMNS = "PATH_ID, PARENT_ID, NAME, LOCAL_PATH, ITEM_TYPE, SIZE_BYTES, CREATED";
    private static final String VERSION_COLUMNS = "BACKUP_ID, PATH_ID, VERSION_NAME, VERSION_STATE, BLOCKS, BYTES,"
            + " CREATED, ECC_MAP, MANIFEST";
    private static final String FRAGMENT_COLUMNS = "BACKUP_ID, BLOCK_NO, SHARD_POSITION, PARITY, OBJECT_NAME,"
            + " SIZE_BYTES, DELIVERED";
    private static final String FRAGMENT_KEY = "BACKUP_ID = ? AND BLOCK_NO = ? AND SHARD_POSITION = ? AND PARITY = ?";
    private static final DateTimeFormatter VERSION_DATE = DateTimeFormatter.ofPattern("yyyyMMddhhmmss", Locale.ROOT);
    private static final DateTimeFormatter VERSION_START = DateTimeFormatter.ofPattern("yyyyMMddhhmmssa",
            Locale.ROOT);
    private static final int MIN_ID_RANGE = 16;
    private static final int MAX_LOCAL_PATH = 16384;
    private static final int MAX_NAME = 4096;
    private static final int MAX_PATH_ID = 512;

    private final Database database;
    private final CatalogExport exports;
    private final Random random;
    private final Clock clock;

    /**
     * @param database the catalog area's database, opened with {@link #SCHEMA}; the caller closes it after this
     * @param keys     my keys: the export is signed with and sealed to them
     * @param random   picks item IDs and seals exports
     * @param clock    dates items, versions, deliveries and exports
     */
    public CatalogStore(Database database, KeyRing keys, SecureRandom random, Clock clock) {
        this.database = database;
        this.exports = new CatalogExport(keys, random);
        this.random = random;
        this.clock = clock;
    }

    @Override
    public List<CatalogItem> add(List<NewItem> entries) {
        List<List<String>> paths = new ArrayList<>();
        for (NewItem entry : entries) {
            paths.add(components(entry.localPath()));
        }
        return changing(connection -> {
            List<CatalogItem> result = new ArrayList<>();
            boolean changed = false;
            for (int i = 0; i < entries.size(); i++) {
                NewItem entry = entries.get(i);
                List<String> prefixes = paths.get(i);
                CatalogItem parent = null;
                for (int k = 0; k < prefixes.size(); k++) {
                    boolean last = k == prefixes.size() - 1;
                    String localPath = prefixes.get(k);
                    ItemType type = last ? entry.type() : ItemType.DIR;
                    Optional<CatalogItem> known = byLocalPath(connection, localPath);
                    if (known.isPresent()) {
                        if (known.get().type() != type) {
                            throw new BitDustException(ErrorCode.CONFLICT, (last ? "" : "the folder ") + localPath
                                    + " is a " + known.get().type() + " in the catalog, not a " + type);
                        }
                        parent = known.get();
                        continue;
                    }
                    String parentId = parent == null ? TOP : parent.pathId();
                    int itemId = newItemId(connection, parentId);
                    String pathId = parent == null ? Integer.toString(itemId) : parentId + "/" + itemId;
                    parent = new CatalogItem(pathId, parent == null ? null : parentId, name(localPath), localPath,
                            type, last ? entry.size() : 0, clock.instant());
                    insertItem(connection, parent, itemId);
                    changed = true;
                }
                result.add(parent);
            }
            if (changed) {
                bump(connection);
            }
            return result;
        });
    }

    @Override
    public Optional<CatalogItem> item(String pathId) {
        return database.first("SELECT " + ITEM_COLUMNS + " FROM ITEMS WHERE PATH_ID = ?", CatalogStore::item,
                pathId);
    }

    @Override
    public Optional<CatalogItem> itemByLocalPath(String localPath) {
        return database.read(connection -> byLocalPath(connection, localPath));
    }

    @Override
    public List<CatalogItem> children(String pathId) {
        return database.query("SELECT " + ITEM_COLUMNS + " FROM ITEMS WHERE PARENT_ID = ? ORDER BY ITEM_ID",
                CatalogStore::item, pathId == null ? TOP : pathId);
    }

    @Override
    public List<CatalogItem> tree() {
        return database.read(CatalogStore::allItems);
    }

    @Override
    public CatalogVersion startVersion(String pathId, String eccMap) {
        if (eccMap == null || eccMap.isEmpty() || eccMap.length() > 32) {
            throw BitDustException.invalid("not an ECC map: '" + eccMap + "'");
        }
        Instant now = clock.instant();
        String base = versionName(now);
        return changing(connection -> {
            requireItem(connection, pathId);
            String name = base;
            // a deleted backup ID is not used again either: the suppliers may still hold its objects
            for (int suffix = 1; Database.first(connection, "SELECT 1 FROM VERSIONS WHERE BACKUP_ID = ?",
                    rows -> 1, pathId + "/" + name).isPresent() || findDeleted(connection, pathId + "/" + name)
                    .isPresent(); suffix++) {
                name = base + suffix;
            }
            CatalogVersion version = new CatalogVersion(pathId + "/" + name, pathId, name, VersionState.RUNNING, 0, 0,
                    now, eccMap, null);
            insertVersion(connection, version);
            bump(connection);
            return version;
        });
    }

    @Override
    public Optional<CatalogVersion> version(String backupId) {
        return database.first("SELECT " + VERSION_COLUMNS + " FROM VERSIONS WHERE BACKUP_ID = ?",
                CatalogStore::version, backupId);
    }

    @Override
    public List<CatalogVersion> versions(String pathId) {
        return database.query("SELECT " + VERSION_COLUMNS + " FROM VERSIONS WHERE PATH_ID = ?"
                + " ORDER BY CREATED, BACKUP_ID", CatalogStore::version, pathId);
    }

    @Override
    public List<CatalogVersion> allVersions() {
        return database.query("SELECT " + VERSION_COLUMNS + " FROM VERSIONS ORDER BY PATH_ID, CREATED, BACKUP_ID",
                CatalogStore::version);
    }

    @Override
    public Map<String, VersionDelivery> deliveries() {
        return database.query("SELECT BACKUP_ID, COUNT(*), COUNT(DELIVERED) FROM FRAGMENTS GROUP BY BACKUP_ID",
                rows -> Map.entry(rows.getString(1), new VersionDelivery(rows.getInt(2), rows.getInt(3))))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public CatalogVersion completeVersion(String backupId, int blocks, long bytes, String manifest) {
        if (blocks < 0 || bytes < 0) {
            throw BitDustException.invalid("negative blocks " + blocks + " or bytes " + bytes + " of " + backupId);
        }
        if (manifest != null && manifest.length() > 256) {
            throw BitDustException.invalid("the manifest reference of " + backupId + " is longer than 256");
        }
        return changing(connection -> {
            running(connection, backupId);
            Database.update(connection, "UPDATE VERSIONS SET VERSION_STATE = ?, BLOCKS = ?, BYTES = ?, MANIFEST = ?"
                    + " WHERE BACKUP_ID = ?", VersionState.COMPLETE.name(), blocks, bytes, manifest, backupId);
            bump(connection);
            return requireVersion(connection, backupId);
        });
    }

    @Override
    public CatalogVersion endVersion(String backupId, VersionState state) {
        if (state != VersionState.FAILED && state != VersionState.ABORTED) {
            throw BitDustException.invalid("a version ends FAILED or ABORTED, not " + state);
        }
        return changing(connection -> {
            running(connection, backupId);
            Database.update(connection, "UPDATE VERSIONS SET VERSION_STATE = ? WHERE BACKUP_ID = ?", state.name(),
                    backupId);
            bump(connection);
            return requireVersion(connection, backupId);
        });
    }

    @Override
    public CatalogVersion adoptVersion(AdoptedVersion adopted) {
        String backupId = adopted.backupId();
        int slash = backupId.lastIndexOf('/');
        String pathId = slash < 0 ? "" : backupId.substring(0, slash);
        String name = backupId.substring(slash + 1);
        if (!CatalogExport.PATH_ID.matcher(pathId).matches() || !name.matches("F[0-9]{14}(AM|PM)[0-9]*")) {
            throw BitDustException.invalid("not a backup ID: '" + backupId + "'");
        }
        Instant created = versionStart(name);
        CatalogVersion version = new CatalogVersion(backupId, pathId, name, VersionState.COMPLETE, adopted.blocks(),
                adopted.bytes(), created, adopted.eccMap(), adopted.manifest());
        return changing(connection -> {
            if (findDeleted(connection, backupId).isPresent()) {
                throw new BitDustException(ErrorCode.CONFLICT, "version " + backupId + " was deleted: it is not "
                        + "adopted again");
            }
            Optional<CatalogVersion> known = findVersion(connection, backupId);
            if (known.isPresent()) {
                // a version an imported catalog copy had running (pushed while its backup ran elsewhere): no backup
                // here records its fragments, and its signed manifest says it completed
                boolean imported = known.get().state() == VersionState.RUNNING && Database.first(connection,
                        "SELECT 1 FROM FRAGMENTS WHERE BACKUP_ID = ?", rows -> 1, backupId).isEmpty();
                if (!imported) {
                    throw new BitDustException(ErrorCode.CONFLICT, "version " + backupId + " is in the catalog "
                            + "already, " + known.get().state());
                }
                if (!known.get().eccMap().equals(adopted.eccMap())) {
                    throw new BitDustException(ErrorCode.CONFLICT, "version " + backupId + " is "
                            + known.get().eccMap() + " in the catalog, " + adopted.eccMap() + " in its manifest");
                }
                Database.update(connection, "UPDATE VERSIONS SET VERSION_STATE = ?, BLOCKS = ?, BYTES = ?,"
                        + " MANIFEST = ? WHERE BACKUP_ID = ?", VersionState.COMPLETE.name(), adopted.blocks(),
                        adopted.bytes(), adopted.manifest(), backupId);
                insertFragments(connection, adopted.fragments());
                bump(connection);
                LOG.info("Completed version {} from its manifest at the suppliers (an imported catalog copy had it "
                        + "running): {} blocks, {} bytes", backupId, adopted.blocks(), adopted.bytes());
                return requireVersion(connection, backupId);
            }
            String[] ids = pathId.split("/");
            String parentId = TOP;
            String itemPath = "";
            for (String id : ids) {
                itemPath = itemPath.isEmpty() ? id : itemPath + "/" + id;
                Optional<CatalogItem> held = findItem(connection, itemPath);
                boolean last = itemPath.equals(pathId);
                if (held.isPresent() && !last && held.get().type() != ItemType.DIR) {
                    throw new BitDustException(ErrorCode.CONFLICT, "cannot adopt " + backupId + ": item "
                            + itemPath + " is a " + held.get().type() + ", not a folder");
                }
                if (held.isEmpty()) {
                    insertItem(connection, new CatalogItem(itemPath, parentId.equals(TOP) ? null : parentId,
                            CatalogItem.placeholderName(itemPath), null, ItemType.DIR, 0, created),
                            Integer.parseInt(id));
                }
                parentId = itemPath;
            }
            insertVersion(connection, version);
            insertFragments(connection, adopted.fragments());
            bump(connection);
            LOG.info("Adopted version {} from its manifest at the suppliers: {} blocks, {} bytes, {} fragments "
                    + "recorded", backupId, adopted.blocks(), adopted.bytes(), adopted.fragments().size());
            return version;
        });
    }

    private static void insertFragments(Connection connection, List<NewFragment> fragments) throws SQLException {
        for (NewFragment fragment : fragments) {
            insertFragment(connection, fragment);
        }
    }

    /** Records a fragment, not delivered. */
    private static void insertFragment(Connection connection, NewFragment fragment) throws SQLException {
        FragmentName ref = fragment.ref();
        Database.update(connection, "INSERT INTO FRAGMENTS (" + FRAGMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL)",
                ref.backupId(), blockNo(ref), ref.position(), parity(ref), fragment.objectName(), fragment.size());
    }

    /** @return when a version of this name started: its UTC date and 12-hour time, any suffix ignored */
    private static Instant versionStart(String versionName) {
        try {
            return LocalDateTime.parse(versionName.substring(1, 17), VERSION_START).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw BitDustException.invalid("not a version name: '" + versionName + "'");
        }
    }

    @Override
    public void recordFragments(List<NewFragment> fragments) {
        if (fragments.isEmpty()) {
            return;
        }
        for (NewFragment fragment : fragments) {
            blockNo(fragment.ref()); // a block number the catalog cannot hold is refused before anything changes
        }
        changing(connection -> {
            Set<String> versions = new HashSet<>();
            Set<FragmentName> known = new HashSet<>();
            Set<FragmentName> blocks = new HashSet<>();
            for (NewFragment fragment : fragments) {
                FragmentName ref = fragment.ref();
                if (versions.add(ref.backupId())) {
                    requireVersion(connection, ref.backupId());
                }
                // one look per block (its fragment 0 stands for it) at what it holds already: a new block's
                // fragments are inserted without first trying to update them
                if (blocks.add(new FragmentName(ref.backupId(), ref.block(), 0, false))) {
                    known.addAll(Database.query(connection, "SELECT SHARD_POSITION, PARITY FROM FRAGMENTS WHERE"
                            + " BACKUP_ID = ? AND BLOCK_NO = ?", row -> new FragmentName(ref.backupId(), ref.block(),
                                    row.getInt(1), row.getInt(2) != 0), ref.backupId(), blockNo(ref)));
                }
                if (known.add(ref)) {
                    insertFragment(connection, fragment);
                } else {
                    Database.update(connection, "UPDATE FRAGMENTS SET OBJECT_NAME = ?, SIZE_BYTES = ?, DELIVERED = NULL"
                            + " WHERE " + FRAGMENT_KEY, fragment.objectName(), fragment.size(), ref.backupId(),
                            blockNo(ref), ref.position(), parity(ref));
                }
            }
            bump(connection);
            return null;
        });
    }

    @Override
    public List<FragmentState> fragments(String backupId) {
        return database.query("SELECT " + FRAGMENT_COLUMNS + " FROM FRAGMENTS WHERE BACKUP_ID = ?"
                + " ORDER BY BLOCK_NO, SHARD_POSITION, PARITY", CatalogStore::fragment, backupId);
    }

    @Override
    public List<FragmentName> markDelivered(Collection<FragmentName> refs) {
        if (refs.isEmpty()) {
            return List.of();
        }
        for (FragmentName ref : refs) {
            blockNo(ref); // a block number the catalog cannot hold is refused before anything changes
        }
        long now = clock.instant().toEpochMilli();
        return changing(connection -> {
            List<FragmentName> unknown = new ArrayList<>();
            for (FragmentName ref : refs) {
                if (Database.update(connection, "UPDATE FRAGMENTS SET DELIVERED = ? WHERE " + FRAGMENT_KEY, now,
                        ref.backupId(), blockNo(ref), ref.position(), parity(ref)) == 0) {
                    unknown.add(ref);
                }
            }
            if (unknown.size() < refs.size()) {
                bump(connection);
            }
            return unknown;
        });
    }

    @Override
    public void markUndelivered(FragmentName ref) {
        delivery(ref, null);
    }

    @Override
    public int markPositionUndelivered(int position) {
        return changing(connection -> {
            int changed = Database.update(connection, "UPDATE FRAGMENTS SET DELIVERED = NULL"
                    + " WHERE SHARD_POSITION = ? AND DELIVERED IS NOT NULL", position);
            if (changed > 0) {
                bump(connection);
            }
            return changed;
        });
    }

    @Override
    public List<FragmentState> missingAt(int position) {
        return database.query("SELECT F.BACKUP_ID, F.BLOCK_NO, F.SHARD_POSITION, F.PARITY, F.OBJECT_NAME,"
                + " F.SIZE_BYTES, F.DELIVERED FROM FRAGMENTS F JOIN VERSIONS V ON V.BACKUP_ID = F.BACKUP_ID"
                + " WHERE F.SHARD_POSITION = ? AND F.DELIVERED IS NULL AND V.VERSION_STATE IN (?, ?)"
                + " ORDER BY F.BACKUP_ID, F.BLOCK_NO, F.PARITY", CatalogStore::fragment, position,
                VersionState.RUNNING.name(), VersionState.COMPLETE.name());
    }

    @Override
    public List<CatalogVersion> beyondMaxCopies(int maxCopies) {
        if (maxCopies < 1) {
            throw BitDustException.invalid("max copies must be at least 1, not " + maxCopies);
        }
        List<CatalogVersion> complete = database.query("SELECT " + VERSION_COLUMNS + " FROM VERSIONS"
                + " WHERE VERSION_STATE = ? ORDER BY PATH_ID, CREATED DESC, BACKUP_ID DESC", CatalogStore::version,
                VersionState.COMPLETE.name());
        List<CatalogVersion> beyond = new ArrayList<>();
        String item = null;
        int kept = 0;
        for (CatalogVersion version : complete) {
            if (!version.pathId().equals(item)) {
                item = version.pathId();
                kept = 0;
            }
            if (++kept > maxCopies) {
                beyond.add(version);
            }
        }
        beyond.sort(Comparator.comparing(CatalogVersion::created).thenComparing(CatalogVersion::backupId));
        return beyond;
    }

    @Override
    public List<FragmentState> deleteVersion(String backupId) {
        return changing(connection -> {
            requireVersion(connection, backupId);
            List<FragmentState> fragments = deleteVersion(connection, backupId);
            bump(connection);
            return fragments;
        });
    }

    @Override
    public List<FragmentState> deleteItem(String pathId) {
        return changing(connection -> {
            requireItem(connection, pathId);
            List<String> backupIds = Database.query(connection, "SELECT BACKUP_ID FROM VERSIONS"
                    + " WHERE PATH_ID = ? OR PATH_ID LIKE ? ORDER BY BACKUP_ID", rows -> rows.getString(1), pathId,
                    pathId + "/%");
            List<FragmentState> fragments = new ArrayList<>();
            for (String backupId : backupIds) {
                fragments.addAll(deleteVersion(connection, backupId));
            }
            Database.update(connection, "DELETE FROM ITEMS WHERE PATH_ID = ? OR PATH_ID LIKE ?", pathId,
                    pathId + "/%");
            bump(connection);
            return fragments;
        });
    }

    @Override
    public Optional<DeletedVersion> deletedVersion(String backupId) {
        return database.read(connection -> findDeleted(connection, backupId));
    }

    @Override
    public List<DeletedVersion> deletedVersions() {
        return database.read(CatalogStore::allDeleted);
    }

    private static List<DeletedVersion> allDeleted(Connection connection) throws SQLException {
        return Database.query(connection, "SELECT BACKUP_ID, DELETED, BLOCKS FROM DELETED_VERSIONS ORDER BY BACKUP_ID",
                CatalogStore::deleted);
    }

    @Override
    public long revision() {
        return database.read(CatalogStore::revision);
    }

    @Override
    public byte[] export() {
        byte[] content = changing(connection -> {
            long revision = revision(connection);
            String previous = Database.first(connection, "SELECT LAST_EXPORT FROM CATALOG_STATE WHERE ID = 1",
                    rows -> rows.getString(1)).orElse(null);
            List<CatalogVersion> versions = Database.query(connection, "SELECT " + VERSION_COLUMNS
                    + " FROM VERSIONS ORDER BY PATH_ID, CREATED, BACKUP_ID", CatalogStore::version);
            byte[] json = CatalogExport.content(revision, previous, clock.instant(), allItems(connection), versions,
                    allDeleted(connection));
            Database.update(connection, "UPDATE CATALOG_STATE SET LAST_EXPORT = ? WHERE ID = 1",
                    HexFormat.of().formatHex(Hashes.sha256(json)));
            return json;
        });
        return exports.seal(content);
    }

    @Override
    public ExportInfo inspectExport(byte[] export) {
        CatalogExport.Opened opened = exports.open(export);
        return new ExportInfo(opened.revision(), opened.previous(), opened.date(), opened.contentHash(),
                opened.items().size(), opened.versions().size());
    }

    @Override
    public ImportResult importExport(byte[] export) {
        CatalogExport.Opened opened = exports.open(export);
        int[] forgotten = new int[2];
        ImportResult result = changing(connection -> {
            long local = revision(connection);
            forgotten[0] = 0;
            forgotten[1] = 0;
            for (DeletedVersion deleted : opened.deleted()) {
                if (findDeleted(connection, deleted.backupId()).isEmpty()) {
                    Database.update(connection, "INSERT INTO DELETED_VERSIONS (BACKUP_ID, DELETED, BLOCKS)"
                            + " VALUES (?, ?, ?)", deleted.backupId(), deleted.deleted().toEpochMilli(),
                            deleted.blocks());
                    forgotten[0]++;
                }
                if (findVersion(connection, deleted.backupId()).isPresent()) {
                    // adopted here before the export that deleted it came: it goes, its objects with the next update
                    deleteVersion(connection, deleted.backupId());
                    forgotten[1]++;
                    LOG.info("Catalog export: version {} was deleted at {}: it leaves the catalog here too",
                            deleted.backupId(), deleted.deleted());
                }
            }
            int items = 0;
            List<CatalogItem> imported = new ArrayList<>(opened.items());
            imported.sort(Comparator.comparingInt((CatalogItem item) -> depth(item.pathId()))
                    .thenComparing(CatalogItem::pathId));
            Set<String> importedIds = new HashSet<>();
            imported.forEach(item -> importedIds.add(item.pathId()));
            Set<String> skipped = new HashSet<>();
            for (CatalogItem item : imported) {
                if (item.parentId() != null && skipped.contains(item.parentId())) {
                    skipped.add(item.pathId());
                    continue;
                }
                Optional<CatalogItem> held = findItem(connection, item.pathId());
                if (held.isPresent() && sameItem(held.get(), item)) {
                    continue;
                }
                if (held.isPresent() && held.get().placeholder()
                        && (item.type() == ItemType.DIR || !hasChildren(connection, item.pathId()))) {
                    String localPath = freeLocalPath(connection, item);
                    Database.update(connection, "UPDATE ITEMS SET NAME = ?, LOCAL_PATH = ?, LOCAL_PATH_HASH = ?,"
                            + " ITEM_TYPE = ?, SIZE_BYTES = ?, CREATED = ? WHERE PATH_ID = ?", item.name(), localPath,
                            localPath == null ? null : hash(localPath), item.type().name(), item.size(),
                            item.created().toEpochMilli(), item.pathId());
                    LOG.info("Catalog export: placeholder {} takes its name {} back", item.pathId(), item.name());
                    continue;
                }
                if (held.isPresent() && versionsUnder(connection, held.get().pathId()) > 0) {
                    LOG.warn("Catalog export: item {} ({}) is not imported, nor anything below it: the local item {}"
                            + " with versions has its path ID", item.pathId(), item.name(), held.get().name());
                    skipped.add(item.pathId());
                    continue;
                }
                if (held.isPresent()) {
                    moveAside(connection, held.get(), item, importedIds);
                }
                if (item.parentId() != null && findItem(connection, item.parentId())
                        .filter(parent -> parent.type() == ItemType.DIR).isEmpty()) {
                    throw BitDustException.invalid("catalog export: the folder " + item.parentId() + " of "
                            + item.pathId() + " is missing");
                }
                String localPath = freeLocalPath(connection, item);
                insertItem(connection, new CatalogItem(item.pathId(), item.parentId(), item.name(), localPath,
                        item.type(), item.size(), item.created()), itemId(item.pathId()));
                items++;
            }
            int versions = 0;
            for (CatalogVersion version : opened.versions()) {
                if (skipped.contains(version.pathId()) || findVersion(connection, version.backupId()).isPresent()
                        || findDeleted(connection, version.backupId()).isPresent()) {
                    continue;
                }
                if (findItem(connection, version.pathId()).isEmpty()) {
                    throw BitDustException.invalid("catalog export: the item " + version.pathId() + " of "
                            + version.backupId() + " is missing");
                }
                insertVersion(connection, version);
                versions++;
            }
            long revision = Math.max(local, opened.revision()) + 1;
            Database.update(connection, "UPDATE CATALOG_STATE SET REVISION = ? WHERE ID = 1", revision);
            if (opened.revision() >= local) {
                Database.update(connection, "UPDATE CATALOG_STATE SET LAST_EXPORT = ? WHERE ID = 1",
                        opened.contentHash());
            }
            return new ImportResult(opened.revision(), revision, items, versions);
        });
        LOG.info("Imported a catalog export of revision {}: {} items and {} versions added, {} deleted versions "
                + "newly remembered, {} versions held here deleted, revision now {}", result.exportRevision(),
                result.itemsAdded(), result.versionsAdded(), forgotten[0], forgotten[1], result.revision());
        return result;
    }

    /** @return the versions of an item and of every item below it */
    private static long versionsUnder(Connection connection, String pathId) throws SQLException {
        return Database.first(connection, "SELECT COUNT(*) FROM VERSIONS WHERE PATH_ID = ? OR PATH_ID LIKE ?",
                rows -> rows.getLong(1), pathId, pathId + "/%").orElse(0L);
    }

    private static boolean hasChildren(Connection connection, String pathId) throws SQLException {
        return Database.first(connection, "SELECT 1 FROM ITEMS WHERE PARENT_ID = ?", rows -> 1, pathId).isPresent();
    }

    /** @return an imported item's local path, or null when another item here has it */
    private static String freeLocalPath(Connection connection, CatalogItem imported) throws SQLException {
        return imported.localPath() != null && byLocalPath(connection, imported.localPath()).isEmpty()
                ? imported.localPath() : null;
    }

    private static boolean sameItem(CatalogItem local, CatalogItem imported) {
        return local.name().equals(imported.name()) && local.type() == imported.type();
    }

    /**
     * Gives a local item without versions that holds the path ID of another, imported item (path IDs are drawn at
     * random among siblings, so a node that added items before its catalog came back may have drawn the same) a new
     * item ID, with every item below it, so that the imported tree keeps the IDs its backups are named by.
     */
    private void moveAside(Connection connection, CatalogItem local, CatalogItem imported, Set<String> importedIds)
            throws SQLException {
        String prefix = local.pathId() + "/";
        String parentId = local.parentId();
        String moved;
        do {
            int id = newItemId(connection, parentId == null ? TOP : parentId);
            moved = parentId == null ? Integer.toString(id) : parentId + "/" + id;
        } while (importedIds.contains(moved));
        List<CatalogItem> subtree = Database.query(connection, "SELECT " + ITEM_COLUMNS + " FROM ITEMS WHERE PATH_ID"
                + " = ? OR PATH_ID LIKE ?", CatalogStore::item, local.pathId(), prefix + "%");
        Database.update(connection, "DELETE FROM ITEMS WHERE PATH_ID = ? OR PATH_ID LIKE ?", local.pathId(),
                prefix + "%");
        for (CatalogItem item : subtree) {
            String pathId = moved + item.pathId().substring(local.pathId().length());
            String itemParent = item.pathId().equals(local.pathId()) ? item.parentId()
                    : moved + item.parentId().substring(local.pathId().length());
            insertItem(connection, new CatalogItem(pathId, itemParent, item.name(), item.localPath(), item.type(),
                    item.size(), item.created()), itemId(pathId));
        }
        LOG.info("Local item {} moved from path ID {} to {}: the imported catalog has {} there", local.name(),
                local.pathId(), moved, imported.name());
    }

    /**
     * Runs a change after taking the lock of the state row, so that changes take turns: two adds of one path, or two
     * versions started in one second, would otherwise both find the path or the name free (repeatable read does not
     * keep rows from appearing), and every change raises the revision in that row anyway.
     */
    private <T> T changing(SqlWork<T> work) {
        return database.transaction(connection -> {
            Database.first(connection, "SELECT REVISION FROM CATALOG_STATE WHERE ID = 1 FOR UPDATE",
                    rows -> rows.getLong(1));
            return work.run(connection);
        });
    }

    private void delivery(FragmentName ref, Long delivered) {
        int block = blockNo(ref);
        changing(connection -> {
            int updated = Database.update(connection, "UPDATE FRAGMENTS SET DELIVERED = ? WHERE " + FRAGMENT_KEY,
                    delivered, ref.backupId(), block, ref.position(), parity(ref));
            if (updated == 0) {
                throw BitDustException.notFound("no fragment " + ref + " in the catalog");
            }
            bump(connection);
            return null;
        });
    }

    /** Deletes a version and its fragments' records, and remembers it deleted, with how many blocks it had. */
    private List<FragmentState> deleteVersion(Connection connection, String backupId) throws SQLException {
        List<FragmentState> fragments = Database.query(connection, "SELECT " + FRAGMENT_COLUMNS + " FROM FRAGMENTS"
                + " WHERE BACKUP_ID = ? ORDER BY BLOCK_NO, SHARD_POSITION, PARITY", CatalogStore::fragment, backupId);
        int blocks = findVersion(connection, backupId).map(CatalogVersion::blocks).orElse(0);
        for (FragmentState fragment : fragments) {
            blocks = Math.max(blocks, blockNo(fragment.ref()) + 1);
        }
        Database.update(connection, "DELETE FROM FRAGMENTS WHERE BACKUP_ID = ?", backupId);
        Database.update(connection, "DELETE FROM VERSIONS WHERE BACKUP_ID = ?", backupId);
        if (findDeleted(connection, backupId).isEmpty()) {
            Database.update(connection, "INSERT INTO DELETED_VERSIONS (BACKUP_ID, DELETED, BLOCKS) VALUES (?, ?, ?)",
                    backupId, clock.instant().toEpochMilli(), blocks);
        }
        return fragments;
    }

    private static Optional<DeletedVersion> findDeleted(Connection connection, String backupId) throws SQLException {
        return Database.first(connection, "SELECT BACKUP_ID, DELETED, BLOCKS FROM DELETED_VERSIONS WHERE BACKUP_ID"
                + " = ?", CatalogStore::deleted, backupId);
    }

    private static DeletedVersion deleted(ResultSet rows) throws SQLException {
        return new DeletedVersion(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getInt(3));
    }

    private int newItemId(Connection connection, String parentId) throws SQLException {
        Set<Integer> used = new HashSet<>(Database.query(connection, "SELECT ITEM_ID FROM ITEMS WHERE PARENT_ID = ?",
                rows -> rows.getInt(1), parentId));
        int range = Math.max(MIN_ID_RANGE, 2 * (used.size() + 1));
        while (true) {
            int id = random.nextInt(range);
            if (!used.contains(id)) {
                return id;
            }
        }
    }

    private static void bump(Connection connection) throws SQLException {
        Database.update(connection, "UPDATE CATALOG_STATE SET REVISION = REVISION + 1 WHERE ID = 1");
    }

    private static long revision(Connection connection) throws SQLException {
        return Database.first(connection, "SELECT REVISION FROM CATALOG_STATE WHERE ID = 1", rows -> rows.getLong(1))
                .orElseThrow();
    }

    private static void insertItem(Connection connection, CatalogItem item, int itemId) throws SQLException {
        Database.update(connection, "INSERT INTO ITEMS (PATH_ID, PARENT_ID, ITEM_ID, NAME, LOCAL_PATH,"
                + " LOCAL_PATH_HASH, ITEM_TYPE, SIZE_BYTES, CREATED) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                item.pathId(), item.parentId() == null ? TOP : item.parentId(), itemId, item.name(), item.localPath(),
                item.localPath() == null ? null : hash(item.localPath()), item.type().name(), item.size(),
                item.created().toEpochMilli());
    }

    private static void insertVersion(Connection connection, CatalogVersion version) throws SQLException {
        Database.update(connection, "INSERT INTO VERSIONS (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                version.backupId(), version.pathId(), version.name(), version.state().name(), version.blocks(),
                version.bytes(), version.created().toEpochMilli(), version.eccMap(), version.manifest());
    }

    private static List<CatalogItem> allItems(Connection connection) throws SQLException {
        List<CatalogItem> items = Database.query(connection, "SELECT " + ITEM_COLUMNS + " FROM ITEMS",
                CatalogStore::item);
        items.sort(Comparator.comparing(CatalogItem::pathId, CatalogStore::comparePathIds));
        return items;
    }

    private static Optional<CatalogItem> byLocalPath(Connection connection, String localPath) throws SQLException {
        return Database.first(connection, "SELECT " + ITEM_COLUMNS + " FROM ITEMS WHERE LOCAL_PATH_HASH = ?"
                + " AND LOCAL_PATH = ?", CatalogStore::item, hash(localPath), localPath);
    }

    private static Optional<CatalogItem> findItem(Connection connection, String pathId) throws SQLException {
        return Database.first(connection, "SELECT " + ITEM_COLUMNS + " FROM ITEMS WHERE PATH_ID = ?",
                CatalogStore::item, pathId);
    }

    private static CatalogItem requireItem(Connection connection, String pathId) throws SQLException {
        return findItem(connection, pathId)
                .orElseThrow(() -> BitDustException.notFound("no item " + pathId + " in the catalog"));
    }

    private static Optional<CatalogVersion> findVersion(Connection connection, String backupId) throws SQLException {
        return Database.first(connection, "SELECT " + VERSION_COLUMNS + " FROM VERSIONS WHERE BACKUP_ID = ?",
                CatalogStore::version, backupId);
    }

    private static CatalogVersion requireVersion(Connection connection, String backupId) throws SQLException {
        return findVersion(connection, backupId)
                .orElseThrow(() -> BitDustException.notFound("no version " + backupId + " in the catalog"));
    }

    private static void running(Connection connection, String backupId) throws SQLException {
        VersionState state = Database.first(connection, "SELECT VERSION_STATE FROM VERSIONS WHERE BACKUP_ID = ?"
                + " FOR UPDATE", rows -> VersionState.valueOf(rows.getString(1)), backupId)
                .orElseThrow(() -> BitDustException.notFound("no version " + backupId + " in the catalog"));
        if (state != VersionState.RUNNING) {
            throw new BitDustException(ErrorCode.CONFLICT, "version " + backupId + " is " + state + ", not RUNNING");
        }
    }

    private static CatalogItem item(ResultSet rows) throws SQLException {
        String parent = rows.getString(2);
        return new CatalogItem(rows.getString(1), TOP.equals(parent) ? null : parent, rows.getString(3),
                rows.getString(4), ItemType.valueOf(rows.getString(5)), rows.getLong(6),
                Instant.ofEpochMilli(rows.getLong(7)));
    }

    private static CatalogVersion version(ResultSet rows) throws SQLException {
        return new CatalogVersion(rows.getString(1), rows.getString(2), rows.getString(3),
                VersionState.valueOf(rows.getString(4)), rows.getInt(5), rows.getLong(6),
                Instant.ofEpochMilli(rows.getLong(7)), rows.getString(8), rows.getString(9));
    }

    private static FragmentState fragment(ResultSet rows) throws SQLException {
        long delivered = rows.getLong(7);
        Instant when = rows.wasNull() ? null : Instant.ofEpochMilli(delivered);
        return new FragmentState(new FragmentName(rows.getString(1), rows.getLong(2), rows.getInt(3),
                rows.getInt(4) != 0), rows.getString(5), rows.getLong(6), when);
    }

    /**
     * @return the fragment's block number as the catalog stores it (BLOCK_NO is an INT)
     * @throws BitDustException INVALID_ARGUMENT naming the fragment when its block number does not fit
     */
    private static int blockNo(FragmentName ref) {
        try {
            return Math.toIntExact(ref.block());
        } catch (ArithmeticException e) {
            throw BitDustException.invalid("fragment " + ref + ": block " + ref.block() + " is beyond the catalog's "
                    + "largest block number " + Integer.MAX_VALUE);
        }
    }

    private static int parity(FragmentName ref) {
        return ref.parity() ? 1 : 0;
    }

    /** The original's version name: 'F', the UTC date and 12-hour time, AM or PM. */
    static String versionName(Instant when) {
        ZonedDateTime utc = when.atZone(ZoneOffset.UTC);
        return "F" + VERSION_DATE.format(utc) + (utc.getHour() < 12 ? "AM" : "PM");
    }

    /**
     * @return the local paths of the folders above {@code localPath} and its own, outermost first
     */
    static List<String> components(String localPath) {
        if (localPath.length() > MAX_LOCAL_PATH) {
            throw BitDustException.invalid("local path longer than " + MAX_LOCAL_PATH + " characters: '"
                    + localPath.substring(0, 64) + "...'");
        }
        boolean rooted = localPath.startsWith("/");
        if (!rooted && !localPath.matches("[A-Za-z]:/.*")) {
            throw BitDustException.invalid("not an absolute local path: '" + localPath + "'");
        }
        List<String> prefixes = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        for (String part : localPath.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(".") || part.equals("..")) {
                throw BitDustException.invalid("local path '" + localPath + "' has a '" + part + "' component");
            }
            if (rooted || !prefixes.isEmpty()) {
                path.append('/');
            }
            path.append(part);
            prefixes.add(path.toString());
        }
        if (prefixes.size() * 10 > MAX_PATH_ID) {
            throw BitDustException.invalid("local path '" + localPath + "' is deeper than " + MAX_PATH_ID / 10
                    + " folders");
        }
        if (prefixes.stream().anyMatch(prefix -> name(prefix).length() > MAX_NAME)) {
            throw BitDustException.invalid("local path '" + localPath + "' has a name longer than " + MAX_NAME);
        }
        if (prefixes.isEmpty()) {
            throw BitDustException.invalid("not a file or folder: '" + localPath + "'");
        }
        return prefixes;
    }

    private static String name(String localPath) {
        return localPath.substring(localPath.lastIndexOf('/') + 1);
    }

    private static int depth(String pathId) {
        return (int) pathId.chars().filter(c -> c == '/').count();
    }

    private static int itemId(String pathId) {
        return Integer.parseInt(pathId.substring(pathId.lastIndexOf('/') + 1));
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

    private static String hash(String localPath) {
        return HexFormat.of().formatHex(Hashes.sha256(localPath.getBytes(StandardCharsets.UTF_8)));
    }
}
