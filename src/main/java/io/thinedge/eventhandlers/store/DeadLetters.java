package io.thinedge.eventhandlers.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries that failed, kept per handler on disk and replayed in order when the handler is
 * enabled again (SPEC §6). Bounded: past {@code maxPerHandler} the oldest are dropped and counted.
 */
public class DeadLetters {

    /** One stored delivery; {@code sequence} orders them. */
    public record Letter(long sequence, String eventJson) {
    }

    private final Database database;
    private final long maxPerHandler;

    public DeadLetters(Database database, long maxPerHandler) {
        this.database = database;
        this.maxPerHandler = maxPerHandler;
    }

    /**
     * Claims the replay of a handler's letters for this instance, until the claim is closed; empty
     * when another instance holds it (it replays them, this one must not: the letters would go
     * twice and out of order). On a shared store the claim is a row lock taken with
     * {@code FOR UPDATE SKIP LOCKED} on a connection of its own, so an instance that dies releases
     * it with its connection. The embedded store has no other instance: the claim is always granted.
     */
    public Optional<ReplayClaim> claimReplay(String handlerId) {
        if (!database.shared()) {
            return Optional.of(ReplayClaim.UNSHARED);
        }
        try {
            return ReplayClaim.take(database, handlerId);
        } catch (SQLException e) {
            throw new IllegalStateException("Dead letter replay cannot be claimed: " + e.getMessage(), e);
        }
    }

    /** Keeps a failed delivery; drops the handler's oldest one when it is full. */
    public synchronized void add(String handlerId, String eventJson) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                // other instances adding to the same handler wait: the bound holds across them
                database.dialect().lockUntilCommit(connection, "dead_letter:" + handlerId);
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO dead_letter (handler_id, event_json) VALUES (?, ?)")) {
                    insert.setString(1, handlerId);
                    insert.setString(2, eventJson);
                    insert.executeUpdate();
                }
                long excess = count(connection, handlerId) - maxPerHandler;
                if (excess > 0) {
                    dropOldest(connection, handlerId, excess);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                // the pool hands the connection on as it gets it back
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Dead letter cannot be stored: " + e.getMessage(), e);
        }
    }


    /** The oldest letters of a handler, at most {@code limit}, oldest first. */
    public List<Letter> oldest(String handlerId, int limit) {
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT sequence, event_json FROM dead_letter WHERE handler_id = ? ORDER BY sequence LIMIT ?")) {
            select.setString(1, handlerId);
            select.setInt(2, limit);
            List<Letter> letters = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    letters.add(new Letter(rows.getLong(1), rows.getString(2)));
                }
            }
            return letters;
        } catch (SQLException e) {
            throw new IllegalStateException("Dead letters cannot be read: " + e.getMessage(), e);
        }
    }

    /** Removes one letter once it has been delivered. */
    public void remove(long sequence) {
        execute("DELETE FROM dead_letter WHERE sequence = ?", statement -> statement.setLong(1, sequence));
    }

    /** Removes everything of a handler (it was deleted). */
    public void clear(String handlerId) {
        execute("DELETE FROM dead_letter WHERE handler_id = ?", statement -> statement.setString(1, handlerId));
        execute("DELETE FROM dead_letter_dropped WHERE handler_id = ?", statement -> statement.setString(1, handlerId));
    }

    public long size(String handlerId) {
        try (Connection connection = database.connection()) {
            return count(connection, handlerId);
        } catch (SQLException e) {
            throw new IllegalStateException("Dead letters cannot be read: " + e.getMessage(), e);
        }
    }

    /** How many letters of a handler were dropped because its store was full. */
    public long dropped(String handlerId) {
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT dropped FROM dead_letter_dropped WHERE handler_id = ?")) {
            select.setString(1, handlerId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Dead letters cannot be read: " + e.getMessage(), e);
        }
    }

    private static long count(Connection connection, String handlerId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM dead_letter WHERE handler_id = ?")) {
            select.setString(1, handlerId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private void dropOldest(Connection connection, String handlerId, long count) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM dead_letter WHERE sequence IN "
                + "(SELECT sequence FROM dead_letter WHERE handler_id = ? ORDER BY sequence LIMIT ?)");
                PreparedStatement counted = connection.prepareStatement(
                        database.dialect().addToCounter("dead_letter_dropped", "handler_id", "dropped"))) {
            delete.setString(1, handlerId);
            delete.setLong(2, count);
            delete.executeUpdate();
            counted.setString(1, handlerId);
            counted.setLong(2, count);
            counted.executeUpdate();
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void execute(String sql, Binder binder) {
        try (Connection connection = database.connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Dead letters cannot be written: " + e.getMessage(), e);
        }
    }
}
