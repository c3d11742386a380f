package io.bitdust.derby;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DatabaseTest {
    private static final Schema V1 = new Schema("probe", List.of(
            List.of("CREATE TABLE ITEM (ID INT PRIMARY KEY, NAME VARCHAR(40) NOT NULL)")));
    private static final Schema V2 = new Schema("probe", List.of(V1.steps().get(0),
            List.of("ALTER TABLE ITEM ADD COLUMN SIZE BIGINT NOT NULL DEFAULT 0",
                    "CREATE TABLE COUNTER (NAME VARCHAR(40) PRIMARY KEY, N BIGINT NOT NULL)")));

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aNewDatabaseGetsTheWholeSchemaInItsAreaFolder() throws Exception {
        Path data = temp.getRoot().toPath();
        try (Database db = Database.embedded(data, V2)) {
            assertEquals(2, db.version());
            assertEquals(data.resolve("db").resolve("probe").toAbsolutePath(), db.folder());
            db.update("INSERT INTO ITEM (ID, NAME, SIZE) VALUES (?, ?, ?)", 1, "one", 10L);
            assertEquals(List.of("one"), db.query("SELECT NAME FROM ITEM", row -> row.getString(1)));
        }
        assertTrue(Files.isDirectory(data.resolve("db/probe")));
    }

    @Test
    public void anOlderDatabaseIsUpgradedStepByStepKeepingItsRows() {
        Path data = temp.getRoot().toPath();
        try (Database db = Database.embedded(data, V1)) {
            db.update("INSERT INTO ITEM (ID, NAME) VALUES (?, ?)", 1, "kept");
        }
        try (Database db = Database.embedded(data, V2)) {
            assertEquals(2, db.version());
            assertEquals(List.of("kept:0"), db.query("SELECT NAME, SIZE FROM ITEM",
                    row -> row.getString(1) + ":" + row.getLong(2)));
        }
    }

    @Test
    public void aDatabaseNewerThanTheSchemaIsRefusedAndLeftAlone() {
        Path data = temp.getRoot().toPath();
        try (Database db = Database.embedded(data, V2)) {
            db.update("INSERT INTO COUNTER VALUES ('x', 1)");
        }
        try {
            Database.embedded(data, V1).close();
            fail("a version 2 database opened with a version 1 schema");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("schema version 2"));
        }
        try (Database db = Database.embedded(data, V2)) {
            assertEquals(List.of(1L), db.query("SELECT N FROM COUNTER", row -> row.getLong(1)));
        }
    }

    @Test
    public void aTransactionThatThrowsChangesNothingAndItsExceptionComesOut() {
        try (Database db = Database.embedded(temp.getRoot().toPath(), V2)) {
            BitDustException refusal = BitDustException.invalid("over quota");
            try {
                db.transaction(c -> {
                    Database.update(c, "INSERT INTO ITEM (ID, NAME) VALUES (1, 'a')");
                    Database.update(c, "INSERT INTO ITEM (ID, NAME) VALUES (2, 'b')");
                    throw refusal;
                });
                fail("the transaction did not throw");
            } catch (BitDustException e) {
                assertSame(refusal, e);
            }
            try {
                db.transaction(c -> {
                    Database.update(c, "INSERT INTO ITEM (ID, NAME) VALUES (3, 'c')");
                    return Database.update(c, "INSERT INTO ITEM (ID, NAME) VALUES (3, 'duplicate')");
                });
                fail("a duplicate key was accepted");
            } catch (BitDustException e) {
                assertEquals(ErrorCode.INTERNAL, e.code());
                assertTrue(e.getMessage(), e.getMessage().startsWith("probe database: cannot change"));
            }
            assertEquals(List.of(), db.query("SELECT ID FROM ITEM", row -> row.getInt(1)));
        }
    }

    @Test
    public void concurrentIncrementsInTransactionsAreNotLost() throws Exception {
        try (Database db = Database.embedded(temp.getRoot().toPath(), V2)) {
            db.update("INSERT INTO COUNTER VALUES ('n', 0)");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    done.add(pool.submit(() -> db.transaction(c -> {
                        long n = Database.first(c, "SELECT N FROM COUNTER WHERE NAME = 'n' FOR UPDATE",
                                row -> row.getLong(1)).orElseThrow();
                        return Database.update(c, "UPDATE COUNTER SET N = ? WHERE NAME = 'n'", n + 1);
                    })));
                }
                for (Future<?> future : done) {
                    future.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(400L, (long) db.first("SELECT N FROM COUNTER", row -> row.getLong(1)).orElseThrow());
        }
    }

    @Test
    public void aConnectionIsKeptForTheNextCallAndComesBackInAutoCommitAtReadCommitted() {
        try (Database db = Database.embedded(temp.getRoot().toPath(), V2)) {
            java.sql.Connection inTransaction = db.transaction(connection -> {
                Database.update(connection, "INSERT INTO ITEM (ID, NAME) VALUES (?, ?)", 1, "one");
                return connection;
            });
            db.read(connection -> {
                assertSame("the transaction's connection is used again", inTransaction, connection);
                assertTrue(connection.getAutoCommit());
                assertEquals(java.sql.Connection.TRANSACTION_READ_COMMITTED, connection.getTransactionIsolation());
                return null;
            });
            try {
                db.transaction(connection -> {
                    Database.update(connection, "INSERT INTO ITEM (ID, NAME) VALUES (?, ?)", 2, "rolled back");
                    throw BitDustException.invalid("refused");
                });
                fail("the transaction threw");
            } catch (BitDustException expected) {
                assertEquals("refused", expected.getMessage());
            }
            assertEquals(List.of("one"), db.query("SELECT NAME FROM ITEM ORDER BY ID", row -> row.getString(1)));
            db.read(connection -> {
                connection.close(); // work that closes its connection: the next call opens another
                return null;
            });
            assertEquals(List.of("one"), db.query("SELECT NAME FROM ITEM ORDER BY ID", row -> row.getString(1)));
        }
    }

    @Test
    public void aConnectionKeepsItsStatementsBoundedAndTheyGiveFreshAnswersAfterAFailureAndASchemaChange() {
        try (Database db = Database.embedded(temp.getRoot().toPath(), V1)) {
            String insert = "INSERT INTO ITEM (ID, NAME) VALUES (?, ?)";
            String select = "SELECT NAME FROM ITEM WHERE ID = ?";
            db.transaction(connection -> {
                int before = Database.keptStatements(connection);
                Database.update(connection, insert, 1, "one");
                Database.update(connection, insert, 2, "two");
                assertEquals("one statement kept for both inserts", before + 1, Database.keptStatements(connection));
                try {
                    Database.update(connection, insert, 1, "again");
                    fail("a duplicate key was inserted");
                } catch (java.sql.SQLException expected) {
                    assertEquals("23505", expected.getSQLState());
                }
                Database.update(connection, insert, 3, "three");
                assertEquals(Optional.of("two"), Database.first(connection, select, row -> row.getString(1), 2));
                assertEquals(Optional.of("three"), Database.first(connection, select, row -> row.getString(1), 3));
                for (int i = 0; i < Database.STATEMENTS_PER_CONNECTION * 2; i++) {
                    assertEquals(List.of(i), Database.query(connection, "SELECT " + i + " FROM ITEM WHERE ID = ?",
                            row -> row.getInt(1), 1));
                }
                assertEquals(Database.STATEMENTS_PER_CONNECTION, Database.keptStatements(connection));
                return null;
            });
            String all = "SELECT * FROM ITEM ORDER BY ID";
            assertEquals(List.of(2, 2, 2), db.query(all, row -> row.getMetaData().getColumnCount()));
            db.transaction(connection -> {
                Database.update(connection, "ALTER TABLE ITEM ADD COLUMN SIZE BIGINT NOT NULL DEFAULT 5");
                return null;
            });
            assertEquals(List.of("one/5", "two/5", "three/5"), db.query(all,
                    row -> row.getString(2) + "/" + row.getLong(3)));
            assertEquals(Optional.of("three"), db.first(select, row -> row.getString(1), 3));
            db.read(connection -> {
                assertTrue("the statements stay with the kept connection", Database.keptStatements(connection) > 0);
                return null;
            });
        }
    }

    @Test
    public void aClosedDatabaseSaysSoAndOpensAgainWithItsRows() {
        Path data = temp.getRoot().toPath();
        Database db = Database.embedded(data, V2);
        db.update("INSERT INTO ITEM (ID, NAME) VALUES (7, 'seven')");
        db.close();
        db.close();
        try {
            db.query("SELECT ID FROM ITEM", row -> row.getInt(1));
            fail("a closed database answered");
        } catch (BitDustException e) {
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
        }
        try (Database again = Database.embedded(data, V2)) {
            assertFalse(again.query("SELECT ID FROM ITEM WHERE NAME = 'seven'", row -> row.getInt(1)).isEmpty());
        }
    }
}
