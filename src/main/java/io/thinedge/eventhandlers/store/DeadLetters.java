package io.thinedge.eventhandlers.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries that failed, kept per handler on disk and replayed in order when the handler is
 * enabled again (SPEC §6). Bounded: past {@code maxPerHandler} the oldest are dropped and counted.
 */
public class DeadLetters {

    /**
     * One stored delivery; {@code sequence} orders them. A parked letter was rejected by the
     * receiver for good: it is kept and listed but never replayed automatically.
     */
    public record Letter(long sequence, String eventJson, boolean parked, String error, int attempts, Instant storedAt) {
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

    /** Keeps an event waiting to be replayed; drops the handler's oldest letter when it is full. */
    public void add(String handlerId, String eventJson) {
        add(handlerId, eventJson, null);
    }

    /** Keeps an event waiting to be replayed, with the error of its failed delivery (or null). */
    public void add(String handlerId, String eventJson, String error) {
        insert(handlerId, eventJson, false, error);
    }

    /** Keeps an event the receiver rejected for good: listed, never replayed automatically. */
    public void park(String handlerId, String eventJson, String error) {
        insert(handlerId, eventJson, true, error);
    }

    private synchronized void insert(String handlerId, String eventJson, boolean parked, String error) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                // other instances adding to the same handler wait: the bound holds across them
                database.dialect().lockUntilCommit(connection, "dead_letter:" + handlerId);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dead_letter "
                        + "(handler_id, event_json, parked, error, attempts, stored_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, handlerId);
                    insert.setString(2, eventJson);
                    insert.setBoolean(3, parked);
                    insert.setString(4, truncate(error));
                    insert.setInt(5, error == null ? 0 : 1);
                    insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
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


    /** The oldest letters of a handler waiting to be replayed (not parked), at most {@code limit}, oldest first. */
    public List<Letter> oldestWaiting(String handlerId, int limit) {
        return select("WHERE handler_id = ? AND parked = FALSE ORDER BY sequence LIMIT ?", handlerId, limit, 0);
    }

    /** A page of a handler's letters, waiting and parked, oldest first. */
    public List<Letter> page(String handlerId, int limit, long offset) {
        return select("WHERE handler_id = ? ORDER BY sequence LIMIT ? OFFSET ?", handlerId, limit, offset);
    }

    private List<Letter> select(String where, String handlerId, int limit, long offset) {
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT sequence, event_json, parked, error, attempts, stored_at FROM dead_letter " + where)) {
            select.setString(1, handlerId);
            select.setInt(2, limit);
            if (where.contains("OFFSET")) {
                select.setLong(3, offset);
            }
            List<Letter> letters = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    OffsetDateTime stored = rows.getObject(6, OffsetDateTime.class);
                    letters.add(new Letter(rows.getLong(1), rows.getString(2), rows.getBoolean(3), rows.getString(4),
                            rows.getInt(5), stored == null ? null : stored.toInstant()));
                }
            }
            return letters;
        } catch (SQLException e) {
            throw new IllegalStateException("Dead letters cannot be read: " + e.getMessage(), e);
        }
    }

    /** A replay of the letter failed again: one more attempt, and its latest error. */
    public void recordAttempt(long sequence, String error) {
        execute("UPDATE dead_letter SET attempts = attempts + 1, error = ? WHERE sequence = ?", statement -> {
            statement.setString(1, truncate(error));
            statement.setLong(2, sequence);
        });
    }

    /** The receiver rejected the letter for good: it stays, parked. */
    public void markParked(long sequence, String error) {
        execute("UPDATE dead_letter SET parked = TRUE, attempts = attempts + 1, error = ? WHERE sequence = ?", statement -> {
            statement.setString(1, truncate(error));
            statement.setLong(2, sequence);
        });
    }

    /** An operator's retry: every parked letter of the handler waits to be replayed again; how many. */
    public int unpark(String handlerId) {
        return execute("UPDATE dead_letter SET parked = FALSE WHERE handler_id = ? AND parked = TRUE",
                statement -> statement.setString(1, handlerId));
    }

    /** Letters waiting to be replayed. */
    public long waiting(String handlerId) {
        return count("SELECT COUNT(*) FROM dead_letter WHERE handler_id = ? AND parked = FALSE", handlerId);
    }

    /** Letters parked. */
    public long parked(String handlerId) {
        return count("SELECT COUNT(*) FROM dead_letter WHERE handler_id = ? AND parked = TRUE", handlerId);
    }

    private long count(String sql, String handlerId) {
        try (Connection connection = database.connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, handlerId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Dead letters cannot be read: " + e.getMessage(), e);
        }
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 2000 ? error : error.substring(0, 2000);
    }

    /** Removes one letter once it has been delivered. */
    public void remove(long sequence) {
        execute("DELETE FROM dead_letter WHERE sequence = ?", statement -> statement.setLong(1, sequence));
    }

    /** Removes every letter of a handler (purged, or the handler was deleted); how many. */
    public int clear(String handlerId) {
        int removed = execute("DELETE FROM dead_letter WHERE handler_id = ?", statement -> statement.setString(1, handlerId));
        execute("DELETE FROM dead_letter_dropped WHERE handler_id = ?", statement -> statement.setString(1, handlerId));
        return removed;
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

    private int execute(String sql, Binder binder) {
        try (Connection connection = database.connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Dead letters cannot be written: " + e.getMessage(), e);
        }
    }
}
