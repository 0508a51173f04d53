package io.thinedge.eventhandlers.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in one JDBC transaction: committed as a whole or rolled back as a whole. */
final class Transactions {

    /** Work on an open connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Database database;

    Transactions(Database database) {
        this.database = database;
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Handler store: " + e.getMessage(), e);
        }
    }
}
