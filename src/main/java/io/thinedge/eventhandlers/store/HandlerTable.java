package io.thinedge.eventhandlers.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;

/** The SQL statements on {@code event_handler} and {@code handler_domain}; plain SQL PostgreSQL accepts too. */
final class HandlerTable {

    private static final String SELECT = "SELECT " + HandlerRows.COLUMNS + " FROM event_handler";

    private HandlerTable() {
    }

    static List<EventHandler> all(Connection connection) throws SQLException {
        return list(connection.prepareStatement(SELECT + " ORDER BY seq"));
    }

    static Optional<EventHandler> find(Connection connection, String id, boolean forUpdate) throws SQLException {
        PreparedStatement select = connection.prepareStatement(SELECT + " WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""));
        select.setString(1, id);
        return list(select).stream().findFirst();
    }

    /** Locks the domain's row until the transaction ends: creates in one domain take turns. */
    static void lockDomain(Connection connection, String domain) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT domain FROM handler_domain WHERE domain = ? FOR UPDATE")) {
            lock.setString(1, domain);
            lock.executeQuery().close();
        }
    }

    static int countInDomain(Connection connection, String domain) throws SQLException {
        // the forwarder's own built-in outputs do not count toward an operator's limit
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM event_handler WHERE domain = ? AND id NOT LIKE '"
                + HandlerStore.BUILT_IN_PREFIX + "%'")) {
            count.setString(1, domain);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Handlers in {@code scope} and every domain below it, built-in outputs aside. */
    static int countAtOrBelow(Connection connection, String scope) throws SQLException {
        // LEFT(...) = ? rather than LIKE: '_' is a LIKE wildcard and may appear in domain names
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM event_handler WHERE LEFT(domain, ?) = ? "
                + "AND id NOT LIKE '" + HandlerStore.BUILT_IN_PREFIX + "%'")) {
            count.setInt(1, scope.length());
            count.setString(2, scope);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Adds the domain's lock row unless it exists (also when another instance adds it at the same time). */
    static void ensureDomain(Connection connection, Dialect dialect, String domain) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(dialect.insertIfAbsent("handler_domain", "domain"))) {
            insert.setString(1, domain);
            insert.executeUpdate();
        }
    }

    static void insert(Connection connection, EventHandler handler) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO event_handler (" + HandlerRows.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            HandlerRows.bind(insert, handler);
            insert.executeUpdate();
        }
    }

    static void update(Connection connection, EventHandler handler) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE event_handler SET id = ?, domain = ?, type = ?, "
                + "name = ?, description = ?, enabled = ?, filter_json = ?, connection_config = ?, status = ?, "
                + "consecutive_failures = ?, last_error = ?, last_success_at = ? WHERE id = ?")) {
            HandlerRows.bind(update, handler);
            update.setString(13, handler.id());
            update.executeUpdate();
        }
    }

    static void updateState(Connection connection, String id, boolean enabled, HandlerState state) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE event_handler SET enabled = ?, status = ?, "
                + "consecutive_failures = ?, last_error = ?, last_success_at = ? WHERE id = ?")) {
            update.setBoolean(1, enabled);
            HandlerRows.bindState(update, 2, state);
            update.setString(6, id);
            update.executeUpdate();
        }
    }

    static boolean delete(Connection connection, String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM event_handler WHERE id = ?")) {
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
        }
    }

    private static List<EventHandler> list(PreparedStatement select) throws SQLException {
        try (select; ResultSet rows = select.executeQuery()) {
            List<EventHandler> handlers = new ArrayList<>();
            while (rows.next()) {
                handlers.add(HandlerRows.read(rows));
            }
            return handlers;
        }
    }
}
