package io.thinedge.eventhandlers.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.thinedge.eventhandlers.handler.EventFilters;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.handler.HandlerType;

/**
 * The {@code event_handler} table (its schema: {@code db/migration}): the mapping of a row to an {@link EventHandler}.
 * Filter and connectionConfig are kept as JSON text; plain SQL types only, so PostgreSQL can
 * hold the same table.
 */
final class HandlerRows {

    static final String COLUMNS = "id, domain, type, name, description, enabled, filter_json, connection_config, "
            + "status, consecutive_failures, last_error, last_success_at";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HandlerRows() {
    }

    static EventHandler read(ResultSet row) throws SQLException {
        HandlerState state = new HandlerState(status(row.getString("status")), row.getInt("consecutive_failures"),
                row.getString("last_error"), instant(row.getString("last_success_at")));
        return new EventHandler(
                row.getString("id"),
                HandlerType.fromApiName(row.getString("type")).orElseThrow(),
                row.getString("name"),
                row.getBoolean("enabled"),
                row.getString("description"),
                row.getString("domain"),
                EventFilters.fromJson(json(row.getString("filter_json"))),
                json(row.getString("connection_config")),
                state);
    }

    /** Binds every column of {@link #COLUMNS}, in that order, starting at parameter 1. */
    static void bind(PreparedStatement statement, EventHandler handler) throws SQLException {
        statement.setString(1, handler.id());
        statement.setString(2, handler.domain());
        statement.setString(3, handler.type().apiName());
        statement.setString(4, handler.name());
        statement.setString(5, handler.description());
        statement.setBoolean(6, handler.enabled());
        statement.setString(7, EventFilters.toJson(handler.filter()).toString());
        statement.setString(8, handler.connectionConfig() == null ? "null" : handler.connectionConfig().toString());
        bindState(statement, 9, handler.state());
    }

    /** Binds status, consecutive_failures, last_error and last_success_at from {@code first} on. */
    static void bindState(PreparedStatement statement, int first, HandlerState state) throws SQLException {
        statement.setString(first, state.status().apiName());
        statement.setInt(first + 1, state.consecutiveFailures());
        statement.setString(first + 2, state.lastError());
        statement.setString(first + 3, state.lastSuccessAt() == null ? null : state.lastSuccessAt().toString());
    }

    private static HandlerStatus status(String apiName) {
        for (HandlerStatus status : HandlerStatus.values()) {
            if (status.apiName().equals(apiName)) {
                return status;
            }
        }
        throw new IllegalStateException("Unknown handler status in the store: " + apiName);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static JsonNode json(String text) throws SQLException {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("Stored JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
