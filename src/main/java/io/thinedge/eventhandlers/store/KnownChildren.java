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
 */
public class KnownChildren {

    private final Database database;
    private final Set<String> cache = ConcurrentHashMap.newKeySet();

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
        String key = scope + '\u0000' + childId;
        if (cache.contains(key)) {
            return false;
        }
        try (Connection connection = database.connection();
                PreparedStatement insert = connection.prepareStatement(
                        database.dialect().insertIfAbsent("known_child", "scope", "child_id"))) {
            insert.setString(1, scope);
            insert.setString(2, childId);
            boolean inserted = insert.executeUpdate() > 0;
            cache.add(key);
            return inserted;
        } catch (SQLException e) {
            throw new IllegalStateException("Known children cannot be stored: " + e.getMessage(), e);
        }
    }

    /** True when the child is remembered for the scope. */
    public boolean isKnown(String scope, String childId) {
        if (cache.contains(scope + '\u0000' + childId)) {
            return true;
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
        cache.remove(scope + '\u0000' + childId);
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
