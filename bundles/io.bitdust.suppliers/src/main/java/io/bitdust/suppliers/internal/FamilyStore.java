package io.bitdust.suppliers.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.derby.Database;
import io.bitdust.derby.Schema;
import io.bitdust.suppliers.CatalogHead;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The family of suppliers in Derby (docs/storage.md, "Customer side"): one row per position. Only settled states are
 * kept ({@code active}, {@code refused}, {@code empty}); a hire in progress lives in memory and starts again after a
 * restart. The rows are also held in memory, written through: a backup asks for the supplier at a position for every
 * fragment it sends, and a Derby query each time kept Derby's code busy in the JIT compiler. Thread-safe.
 */
final class FamilyStore {
    /**
     * The area's schema: version 1 creates the SUPPLIERS table, version 2 CATALOG_HEAD (at most one row), version 3
     * UNCANCELLED (the suppliers I fired that have not answered their CancelService yet).
     */
    static final Schema SCHEMA = new Schema("suppliers", List.of(List.of(
            "CREATE TABLE SUPPLIERS ("
                    + "POSITION INT NOT NULL PRIMARY KEY, "
                    + "IDURL VARCHAR(256), "
                    + "SIGNING_KEY VARCHAR(64), "
                    + "CONTRACT VARCHAR(16) NOT NULL, "
                    + "ECC VARCHAR(16), "
                    + "BYTES BIGINT NOT NULL, "
                    + "ALLOCATED BIGINT NOT NULL, "
                    + "USED BIGINT NOT NULL, "
                    + "HIRED BIGINT, "
                    + "LAST_SEEN BIGINT, "
                    + "LISTED BIGINT, "
                    + "REASON VARCHAR(512))"),
            List.of("CREATE TABLE CATALOG_HEAD (ID INT NOT NULL PRIMARY KEY, REVISION BIGINT NOT NULL, "
                    + "CONTENT_HASH CHAR(64) NOT NULL)"),
            List.of("CREATE TABLE UNCANCELLED (IDURL VARCHAR(256) NOT NULL PRIMARY KEY, FIRED BIGINT NOT NULL, "
                    + "REASON VARCHAR(512))")));

    static final String ACTIVE = "active";
    static final String REFUSED = "refused";
    static final String EMPTY = "empty";
    static final String HIRING = "hiring";
    private static final int MAX_REASON = 512;
    private static final String COLUMNS = "POSITION, IDURL, SIGNING_KEY, CONTRACT, ECC, BYTES, ALLOCATED, USED, HIRED, "
            + "LAST_SEEN, LISTED, REASON";

    private static final String SELECT = "SELECT " + COLUMNS + " FROM SUPPLIERS";

    private final Database database;
    private final Object writing = new Object();
    /** The rows by position, as Derby holds them; null until first read. Replaced whole on every change. */
    private volatile SortedMap<Integer, Row> rows;

    FamilyStore(Database database) {
        this.database = database;
    }

    /**
     * One position's row.
     *
     * @param position   the position
     * @param idurl      the supplier, {@code null} when empty
     * @param signingKey the supplier's signing key pinned when it accepted, base64url
     * @param contract   {@link #ACTIVE}, {@link #REFUSED} or {@link #EMPTY}
     * @param ecc        the ECC map the contract was requested for
     * @param bytes      the bytes the contract requested
     * @param allocated  the bytes the supplier says it allocates (its last listing; {@code bytes} until then)
     * @param used       the bytes the supplier says I use (its last listing)
     * @param hired      when the contract was accepted
     * @param lastSeen   when the supplier last answered
     * @param listed     when the supplier last sent its listing
     * @param reason     why the position is not active, in words
     */
    record Row(int position, IdUrl idurl, String signingKey, String contract, String ecc, long bytes, long allocated,
            long used, Instant hired, Instant lastSeen, Instant listed, String reason) {
        static Row empty(int position, String reason) {
            return new Row(position, null, null, EMPTY, null, 0, 0, 0, null, null, null, reason);
        }

        boolean active() {
            return ACTIVE.equals(contract);
        }

        Row refused(String why) {
            return new Row(position, idurl, signingKey, REFUSED, ecc, bytes, allocated, used, hired, lastSeen, listed,
                    why);
        }

        Row withReason(String why) {
            return new Row(position, idurl, signingKey, contract, ecc, bytes, allocated, used, hired, lastSeen, listed,
                    why);
        }

        Row seen(Instant when) {
            return new Row(position, idurl, signingKey, contract, ecc, bytes, allocated, used, hired, when, listed,
                    reason);
        }

        Row listed(long allocatedNow, long usedNow, Instant when) {
            return new Row(position, idurl, signingKey, contract, ecc, bytes, allocatedNow, usedNow, hired, when, when,
                    reason);
        }
    }

    /** @return every row, by position */
    List<Row> all() {
        return List.copyOf(rows().values());
    }

    Optional<Row> get(int position) {
        return Optional.ofNullable(rows().get(position));
    }

    void put(Row row) {
        synchronized (writing) {
            Row stored = database.transaction(connection -> {
                Database.update(connection, "DELETE FROM SUPPLIERS WHERE POSITION = ?", row.position());
                Database.update(connection, "INSERT INTO SUPPLIERS (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?)", row.position(), text(row.idurl()), row.signingKey(), row.contract(), row.ecc(),
                        row.bytes(), row.allocated(), row.used(), millis(row.hired()), millis(row.lastSeen()),
                        millis(row.listed()), cut(row.reason()));
                // what Derby keeps (the reason cut, times in milliseconds) is what the next read gets
                return Database.first(connection, SELECT + " WHERE POSITION = ?", FamilyStore::read, row.position())
                        .orElseThrow();
            });
            SortedMap<Integer, Row> next = new TreeMap<>(rows());
            next.put(stored.position(), stored);
            rows = Collections.unmodifiableSortedMap(next);
        }
    }

    void delete(int position) {
        synchronized (writing) {
            database.update("DELETE FROM SUPPLIERS WHERE POSITION = ?", position);
            SortedMap<Integer, Row> next = new TreeMap<>(rows());
            next.remove(position);
            rows = Collections.unmodifiableSortedMap(next);
        }
    }

    private SortedMap<Integer, Row> rows() {
        SortedMap<Integer, Row> current = rows;
        if (current != null) {
            return current;
        }
        synchronized (writing) {
            if (rows == null) {
                SortedMap<Integer, Row> read = new TreeMap<>();
                database.query(SELECT, FamilyStore::read).forEach(row -> read.put(row.position(), row));
                rows = Collections.unmodifiableSortedMap(read);
            }
            return rows;
        }
    }

    /** @return the head of my catalog my recovery record carries */
    Optional<CatalogHead> catalogHead() {
        return database.first("SELECT REVISION, CONTENT_HASH FROM CATALOG_HEAD WHERE ID = 1",
                row -> new CatalogHead(row.getLong(1), row.getString(2)));
    }

    /** @param head the head of my catalog my recovery record carries from now on; null for none */
    void catalogHead(CatalogHead head) {
        database.transaction(connection -> {
            Database.update(connection, "DELETE FROM CATALOG_HEAD WHERE ID = 1");
            if (head != null) {
                Database.update(connection, "INSERT INTO CATALOG_HEAD (ID, REVISION, CONTENT_HASH) VALUES (1, ?, ?)",
                        head.revision(), head.contentHash());
            }
            return null;
        });
    }

    /**
     * A supplier I fired whose CancelService has not been answered: it may still keep my space and objects.
     *
     * @param idurl  the supplier
     * @param fired  when it was first fired
     * @param reason why, in words
     */
    record Uncancelled(IdUrl idurl, Instant fired, String reason) {
    }

    /** @return the suppliers fired whose CancelService is not answered yet, the longest waiting first */
    List<Uncancelled> uncancelled() {
        return database.query("SELECT IDURL, FIRED, REASON FROM UNCANCELLED ORDER BY FIRED, IDURL",
                row -> new Uncancelled(IdUrl.parse(row.getString(1)), Instant.ofEpochMilli(row.getLong(2)),
                        row.getString(3)));
    }

    /** Notes a supplier fired, unless it is noted already (it keeps the date it was first fired). */
    void uncancelled(IdUrl idurl, Instant fired, String reason) {
        database.transaction(connection -> {
            if (Database.first(connection, "SELECT 1 FROM UNCANCELLED WHERE IDURL = ?", row -> 1, idurl.toString())
                    .isEmpty()) {
                Database.update(connection, "INSERT INTO UNCANCELLED (IDURL, FIRED, REASON) VALUES (?, ?, ?)",
                        idurl.toString(), fired.toEpochMilli(), cut(reason));
            }
            return null;
        });
    }

    /** Forgets a fired supplier: it answered its CancelService, is my supplier again, or was given up on. */
    void cancelled(IdUrl idurl) {
        database.update("DELETE FROM UNCANCELLED WHERE IDURL = ?", idurl.toString());
    }

    /** Forgets every fired supplier (their CancelServices would be signed for an identity this node left). */
    void forgetUncancelled() {
        database.update("DELETE FROM UNCANCELLED");
    }

    private static Row read(ResultSet row) throws SQLException {
        String idurl = row.getString("IDURL");
        return new Row(row.getInt("POSITION"), idurl == null ? null : IdUrl.parse(idurl), row.getString("SIGNING_KEY"),
                row.getString("CONTRACT"), row.getString("ECC"), row.getLong("BYTES"), row.getLong("ALLOCATED"),
                row.getLong("USED"), instant(row, "HIRED"), instant(row, "LAST_SEEN"), instant(row, "LISTED"),
                row.getString("REASON"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String cut(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
    }
}
