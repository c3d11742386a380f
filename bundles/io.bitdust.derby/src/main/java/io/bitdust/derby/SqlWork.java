package io.bitdust.derby;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work on one connection of a {@link Database}: a query, or the statements of one transaction.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param connection the connection, valid only during the call
     * @return the work's result
     * @throws SQLException when a statement fails; a transaction is then rolled back
     */
    T run(Connection connection) throws SQLException;
}
