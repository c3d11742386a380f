package io.bitdust.derby;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One area's embedded Derby database, the house pattern (CONTRIBUTING, "Derby"):
 * <ul>
 *   <li>it lives in {@code <data folder>/db/<area>}, the data folder being {@code ${karaf.data}/bitdust} in a node
 *   and the node's own folder in multi-node tests;</li>
 *   <li>a DS component opens it with {@link #open(DataSourceFactory, Path, Schema)}, referencing the factory with the
 *   target {@value #DERBY_FACTORY} (so it starts only once Derby is up); plain tests use {@link #embedded};</li>
 *   <li>opening creates the schema or upgrades it step by step ({@link Schema}); a database newer than the schema is
 *   refused, never touched;</li>
 *   <li>every multi-row change runs in {@link #transaction}, retried when Derby picks it as a deadlock victim;</li>
 *   <li>{@link #close} shuts the database down cleanly (the component's {@code @Deactivate}).</li>
 * </ul>
 * Thread-safe: each call takes a connection of its own for as long as it runs. Connections are kept open between calls
 * (at most {@value #IDLE_CONNECTIONS} idle ones): opening one costs Derby a session, its statements' activations and
 * a schema lookup, which a supplier paid for every fragment stored. Each kept connection keeps its prepared statements
 * too (the {@value #STATEMENTS_PER_CONNECTION} used last, by SQL text): preparing one costs a lookup in Derby's
 * statement cache and a new activation, and closing it the activation's teardown, which a supplier paid for every
 * statement of every fragment (a sixth of its time in Derby, and much of its JIT; docs/performance.md, "ninth pass").
 */
public final class Database implements AutoCloseable {
    /** The target filter of the {@link DataSourceFactory} reference of components that open a database. */
    public static final String DERBY_FACTORY = "(osgi.jdbc.driver.name=derby)";
    /** How often a transaction chosen as a deadlock victim or timed out on a lock is run again. */
    static final int ATTEMPTS = 4;
    /** Open connections kept for the next calls. */
    static final int IDLE_CONNECTIONS = 8;
    /** Prepared statements kept per connection. */
    static final int STATEMENTS_PER_CONNECTION = 32;

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String VERSION_TABLE = "SCHEMA_VERSION";
    private static final String SHUTDOWN_OK = "08006";
    /** The statements kept for each connection this class opened; a connection is used by one thread at a time. */
    private static final Map<Connection, Statements> STATEMENTS = new ConcurrentHashMap<>();

    private final String area;
    private final Path folder;
    private final DataSource source;
    private final Supplier<DataSource> shutdown;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private Database(String area, Path folder, DataSource source, Supplier<DataSource> shutdown) {
        this.area = area;
        this.folder = folder;
        this.source = source;
        this.shutdown = shutdown;
    }

    /**
     * @param dataFolder the node's data folder
     * @param area       an area's name
     * @return where that area's database lives
     */
    public static Path folder(Path dataFolder, String area) {
        return dataFolder.resolve("db").resolve(area).toAbsolutePath();
    }

    /**
     * Opens (creating or upgrading) an area's database through pax-jdbc-derby, as components do under OSGi.
     *
     * @param factory    the Derby {@link DataSourceFactory}
     * @param dataFolder the node's data folder, {@code ${karaf.data}/bitdust}
     * @param schema     the area's schema
     * @return the open database
     * @throws BitDustException INTERNAL when it cannot be opened or upgraded, CONFLICT when it is newer than the schema
     */
    public static Database open(DataSourceFactory factory, Path dataFolder, Schema schema) {
        Path folder = folder(dataFolder, schema.area());
        return open(schema, folder, () -> byUrl(factory, folder, "create=true"),
                () -> byUrl(factory, folder, "shutdown=true"));
    }

    /**
     * Opens (creating or upgrading) an area's database through Derby's embedded data source, without OSGi: for plain
     * tests and the multi-node test kit.
     *
     * @param dataFolder the node's data folder
     * @param schema     the area's schema
     * @return the open database
     * @throws BitDustException as {@link #open(DataSourceFactory, Path, Schema)}
     */
    public static Database embedded(Path dataFolder, Schema schema) {
        Path folder = folder(dataFolder, schema.area());
        return open(schema, folder, () -> embeddedSource(folder, "create"), () -> {
            EmbeddedDataSource source = embeddedSource(folder, null);
            source.setShutdownDatabase("shutdown");
            return source;
        });
    }

    private static Database open(Schema schema, Path folder, Supplier<DataSource> source,
            Supplier<DataSource> shutdown) {
        Database database = new Database(schema.area(), folder, source.get(), shutdown);
        try {
            database.upgrade(schema);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** @return the area's name */
    public String area() {
        return area;
    }

    /** @return the database's folder */
    public Path folder() {
        return folder;
    }

    /**
     * Runs read-only work on a connection in auto-commit mode.
     *
     * @param work the work
     * @return its result
     * @throws BitDustException INTERNAL naming the area when a statement fails; what the work throws otherwise
     */
    public <T> T read(SqlWork<T> work) {
        Connection connection = null;
        try {
            connection = connection();
            return work.run(connection);
        } catch (SQLException e) {
            throw failure("read", e);
        } finally {
            release(connection);
        }
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws (a
     * {@link BitDustException} the work throws to refuse something comes out unchanged, after the rollback). It runs
     * at repeatable-read isolation, so rows it read stay as read until it ends; to change rows on what they hold
     * (usage against a quota), read them with {@code SELECT ... FOR UPDATE}, so that concurrent transactions on the
     * same rows take turns instead of deadlocking. Work
     * that Derby chooses as a deadlock victim, or that times out waiting for a lock, is run again up to
     * {@value #ATTEMPTS} times in all, so it must not have effects outside the database.
     *
     * @param work the work
     * @return its result
     * @throws BitDustException INTERNAL naming the area when a statement fails
     */
    public <T> T transaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection connection = null;
            try {
                connection = connection();
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollback(connection);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && retriable(e)) {
                    LOG.debug("{} database: transaction attempt {} failed ({}), running it again", area, attempt,
                            e.getMessage());
                    continue;
                }
                throw failure("change", e);
            } finally {
                release(connection);
            }
        }
    }

    /**
     * Runs one statement that changes rows, in its own transaction.
     *
     * @param sql  the statement, with {@code ?} parameters
     * @param args the parameters
     * @return the number of rows changed
     */
    public int update(String sql, Object... args) {
        return transaction(connection -> update(connection, sql, args));
    }

    /**
     * Runs one query.
     *
     * @param sql  the query, with {@code ?} parameters
     * @param row  reads one row
     * @param args the parameters
     * @return the rows, in the query's order
     */
    public <T> List<T> query(String sql, Row<T> row, Object... args) {
        return read(connection -> query(connection, sql, row, args));
    }

    /**
     * Runs one query expected to find at most one row.
     *
     * @return the first row, if any
     */
    public <T> Optional<T> first(String sql, Row<T> row, Object... args) {
        return read(connection -> first(connection, sql, row, args));
    }

    /**
     * Runs one statement that changes rows on a connection, e.g. inside {@link #transaction}.
     *
     * @return the number of rows changed
     * @throws SQLException when it fails
     */
    public static int update(Connection connection, String sql, Object... args) throws SQLException {
        try (Prepared prepared = prepare(connection, sql, args)) {
            return prepared.statement.executeUpdate();
        }
    }

    /**
     * Runs one query on a connection, e.g. inside {@link #transaction}.
     *
     * @return the rows, in the query's order
     * @throws SQLException when it fails
     */
    public static <T> List<T> query(Connection connection, String sql, Row<T> row, Object... args)
            throws SQLException {
        try (Prepared prepared = prepare(connection, sql, args); ResultSet rows = prepared.statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(row.read(rows));
            }
            return result;
        }
    }

    /**
     * Runs one query on a connection and reads its first row.
     *
     * @return the first row, if any
     * @throws SQLException when it fails
     */
    public static <T> Optional<T> first(Connection connection, String sql, Row<T> row, Object... args)
            throws SQLException {
        try (Prepared prepared = prepare(connection, sql, args); ResultSet rows = prepared.statement.executeQuery()) {
            return rows.next() ? Optional.ofNullable(row.read(rows)) : Optional.empty();
        }
    }

    /** @return the schema version the database has */
    public int version() {
        return read(Database::readVersion);
    }

    /** Shuts the database down cleanly (committed work is on disk; the next open needs no recovery). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            closeQuietly(connection);
        }
        try (Connection ignored = shutdown.get().getConnection()) {
            LOG.warn("{} database: shutdown returned a connection", area);
        } catch (SQLException e) {
            if (!SHUTDOWN_OK.equals(e.getSQLState())) {
                LOG.warn("{} database: shutdown failed: {}", area, e.getMessage());
            }
        }
    }

    /** Reads one row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        /**
         * @param row the result set, on the row to read
         * @return the row's value
         * @throws SQLException when a column cannot be read
         */
        T read(ResultSet row) throws SQLException;
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw BitDustException.unavailable(area + " database is closed");
        }
        Connection kept = idle.poll();
        if (kept != null) {
            return kept;
        }
        Connection connection = source.getConnection();
        STATEMENTS.put(connection, new Statements());
        return connection;
    }

    /**
     * Keeps a connection for the next call, back in auto-commit mode at Derby's default isolation; closes it instead
     * when the database is closing, when enough are kept, or when it cannot be reset (Derby closes a connection after
     * an error of session severity).
     */
    private void release(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            if (!closed && !connection.isClosed() && idle.size() < IDLE_CONNECTIONS) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                idle.push(connection);
                if (!closed) {
                    return;
                }
                idle.remove(connection); // close() ran meanwhile and may have missed it
            }
        } catch (SQLException e) {
            LOG.debug("{} database: a connection could not be reset, closing it: {}", area, e.getMessage());
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        STATEMENTS.remove(connection);
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed: {}", e.getMessage());
        }
    }

    private void upgrade(Schema schema) {
        transaction(connection -> {
            if (!hasVersionTable(connection)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE " + VERSION_TABLE + " (VERSION INT NOT NULL)");
                    statement.execute("INSERT INTO " + VERSION_TABLE + " VALUES (0)");
                }
            }
            return null;
        });
        int version = version();
        if (version > schema.version()) {
            throw new BitDustException(ErrorCode.CONFLICT, area + " database at " + folder + " has schema version "
                    + version + ", newer than this version of BitDust knows (" + schema.version() + ")");
        }
        for (int step = version + 1; step <= schema.version(); step++) {
            List<String> statements = schema.steps().get(step - 1);
            int reached = step;
            transaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements) {
                        statement.execute(sql);
                    }
                }
                update(connection, "UPDATE " + VERSION_TABLE + " SET VERSION = ?", reached);
                return null;
            });
            LOG.info("{} database: schema version {}", area, reached);
        }
    }

    private static boolean hasVersionTable(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet tables = meta.getTables(null, null, VERSION_TABLE, null)) {
            return tables.next();
        }
    }

    private static int readVersion(Connection connection) throws SQLException {
        return first(connection, "SELECT VERSION FROM " + VERSION_TABLE, row -> row.getInt(1)).orElse(0);
    }

    /** @return how many prepared statements are kept for the connection (for tests) */
    static int keptStatements(Connection connection) {
        Statements kept = STATEMENTS.get(connection);
        return kept == null ? 0 : kept.size();
    }

    private static Prepared prepare(Connection connection, String sql, Object... args) throws SQLException {
        Statements kept = STATEMENTS.get(connection);
        PreparedStatement statement = kept == null ? null : kept.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            if (kept != null) {
                kept.put(sql, statement);
            }
        }
        Prepared prepared = new Prepared(statement, kept == null);
        try {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return prepared;
        } catch (SQLException e) {
            prepared.close();
            throw e;
        }
    }

    /** A statement ready to run: closed after use unless its connection keeps it. */
    private static final class Prepared implements AutoCloseable {
        final PreparedStatement statement;
        private final boolean closeAfterUse;

        Prepared(PreparedStatement statement, boolean closeAfterUse) {
            this.statement = statement;
            this.closeAfterUse = closeAfterUse;
        }

        @Override
        public void close() throws SQLException {
            if (closeAfterUse) {
                statement.close();
            }
        }
    }

    /** One connection's prepared statements by SQL text, the least recently used closed beyond the bound. */
    private static final class Statements extends LinkedHashMap<String, PreparedStatement> {
        private static final long serialVersionUID = 1L;

        Statements() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= STATEMENTS_PER_CONNECTION) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (SQLException e) {
                LOG.debug("closing a statement failed: {}", e.getMessage());
            }
            return true;
        }
    }

    private static boolean retriable(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            String state = cause.getSQLState();
            if ("40001".equals(state) || "40XL1".equals(state) || "40XL2".equals(state)) {
                return true;
            }
        }
        return false;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.getMessage());
        }
    }

    private BitDustException failure(String what, SQLException e) {
        return new BitDustException(ErrorCode.INTERNAL, area + " database: cannot " + what + ": " + e.getMessage(), e);
    }

    private static DataSource byUrl(DataSourceFactory factory, Path folder, String attribute) {
        Properties properties = new Properties();
        properties.setProperty(DataSourceFactory.JDBC_URL, "jdbc:derby:" + folder + ";" + attribute);
        try {
            return factory.createDataSource(properties);
        } catch (SQLException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot reach the database at " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    private static EmbeddedDataSource embeddedSource(Path folder, String create) {
        EmbeddedDataSource source = new EmbeddedDataSource();
        source.setDatabaseName(folder.toString());
        if (create != null) {
            source.setCreateDatabase(create);
        }
        return source;
    }
}
