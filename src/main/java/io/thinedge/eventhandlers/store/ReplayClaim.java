package io.thinedge.eventhandlers.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One instance's right to replay a handler's dead letters ({@link DeadLetters#claimReplay}): an
 * open transaction holding the lock of the handler's {@code dead_letter_replay} row. Closing it
 * (or the instance dying) releases the lock for the next instance.
 */
public final class ReplayClaim implements AutoCloseable {

    /** The claim of an embedded store, which no other instance shares. */
    static final ReplayClaim UNSHARED = new ReplayClaim(null);

    private final Connection connection;

    private ReplayClaim(Connection connection) {
        this.connection = connection;
    }

    /** Locks the handler's replay row, or gives up at once when another instance holds it. */
    static Optional<ReplayClaim> take(Database database, String handlerId) throws SQLException {
        try (Connection setup = database.connection();
                PreparedStatement insert = setup.prepareStatement(
                        database.dialect().insertIfAbsent("dead_letter_replay", "handler_id"))) {
            insert.setString(1, handlerId);
            insert.executeUpdate();
        }
        // a connection of its own, not the pool's: a long replay must not hold a pooled one
        Connection connection = database.openUnpooled();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT handler_id FROM dead_letter_replay "
                    + "WHERE handler_id = ?" + database.dialect().forUpdateSkipLocked())) {
                lock.setString(1, handlerId);
                try (ResultSet rows = lock.executeQuery()) {
                    if (rows.next()) {
                        return Optional.of(new ReplayClaim(connection));
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try (connection) {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone, and its lock with it
        }
    }
}
