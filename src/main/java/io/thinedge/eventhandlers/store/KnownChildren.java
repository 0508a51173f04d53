package io.thinedge.eventhandlers.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The child devices already seen, kept across restarts, so each is registered with Cumulocity
 * (and announced as {@code deviceFirstRegistration} or {@code deviceCreated}) only once. A scope
 * may hold other ids announced once, such as the topics of successful commands until cleared.
 *
 * <p>A lifecycle event's change ({@link #announce}, {@link #retire}) is recorded for good only once
 * the event was dispatched ({@link Announcement}); in memory it holds at once, so the messages
 * behind it see the child as it will be. On an embedded store the row is written once dispatched;
 * on a shared store it is written at once, as the test that makes exactly one of several instances
 * announce the child, and removed again if the dispatch fails (a crash in between still loses it there).
 */
public class KnownChildren {

    private final Database database;
    private final Set<String> cache = ConcurrentHashMap.newKeySet();
    /** Stored still, but forgotten by a removal being dispatched. */
    private final Set<String> retiring = ConcurrentHashMap.newKeySet();

    public KnownChildren(Database database) {
        this.database = database;
    }

    /**
     * Remembers a child for a scope (e.g. {@code registration} or {@code c8y:<prefix>}). The insert
     * is the test: of several instances seeing the same new child at once, exactly one inserts the
     * row and is told the child is new.
     *
     * @return true when the child was new to that scope
     */
    public synchronized boolean remember(String scope, String childId) {
        String key = key(scope, childId);
        if (cache.contains(key)) {
            return false;
        }
        boolean inserted = insert(scope, childId);
        retiring.remove(key);
        cache.add(key);
        return inserted;
    }

    private boolean insert(String scope, String childId) {
        try (Connection connection = database.connection();
                PreparedStatement insert = connection.prepareStatement(
                        database.dialect().insertIfAbsent("known_child", "scope", "child_id"))) {
            insert.setString(1, scope);
            insert.setString(2, childId);
            return insert.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Known children cannot be stored: " + e.getMessage(), e);
        }
    }

    private static String key(String scope, String childId) {
        return scope + '\u0000' + childId;
    }

    /**
     * Starts announcing a child new to the scope; null when it is known (or being announced).
     * The caller dispatches the event and then settles the {@link Announcement}.
     */
    public synchronized Announcement announce(String scope, String childId) {
        String key = key(scope, childId);
        if (isKnown(scope, childId)) {
            return null;
        }
        if (database.shared()) {
            if (!insert(scope, childId)) {
                cache.add(key); // another instance announces it
                return null;
            }
            retiring.remove(key);
            cache.add(key);
            return new Announcement(() -> { }, () -> undo(key, () -> forget(scope, childId)));
        }
        retiring.remove(key);
        cache.add(key);
        return new Announcement(() -> insert(scope, childId), () -> undo(key, () -> cache.remove(key)));
    }

    /**
     * Starts announcing the removal of a known child; null when it is not known (or being removed).
     * The caller dispatches the event and then settles the {@link Announcement}.
     */
    public synchronized Announcement retire(String scope, String childId) {
        String key = key(scope, childId);
        if (!isKnown(scope, childId)) {
            return null;
        }
        if (database.shared()) {
            if (!forget(scope, childId)) {
                return null; // another instance announces it
            }
            return new Announcement(() -> { }, () -> undo(key, () -> remember(scope, childId)));
        }
        cache.remove(key);
        retiring.add(key);
        return new Announcement(() -> {
            synchronized (this) {
                if (retiring.remove(key)) {
                    delete(scope, childId);
                }
            }
        }, () -> undo(key, () -> {
            if (retiring.remove(key)) {
                cache.add(key);
            }
        }));
    }

    private synchronized void undo(String key, Runnable change) {
        change.run();
    }

    /** True when the child is remembered for the scope. */
    public boolean isKnown(String scope, String childId) {
        String key = key(scope, childId);
        if (cache.contains(key)) {
            return true;
        }
        if (retiring.contains(key)) {
            return false;
        }
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT 1 FROM known_child WHERE scope = ? AND child_id = ?")) {
            select.setString(1, scope);
            select.setString(2, childId);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Known children cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Forgets a child in a scope, so that a registration that could not be sent is tried again.
     *
     * @return true when the child was known in that scope
     */
    public synchronized boolean forget(String scope, String childId) {
        String key = key(scope, childId);
        cache.remove(key);
        boolean known = !retiring.remove(key);
        return delete(scope, childId) && known;
    }

    private boolean delete(String scope, String childId) {
        try (Connection connection = database.connection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM known_child WHERE scope = ? AND child_id = ?")) {
            delete.setString(1, scope);
            delete.setString(2, childId);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Known children cannot be stored: " + e.getMessage(), e);
        }
    }
}
