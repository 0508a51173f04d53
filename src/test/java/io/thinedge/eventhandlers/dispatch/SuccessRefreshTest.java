package io.thinedge.eventhandlers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.store.Database;
import io.thinedge.eventhandlers.store.JdbcHandlerStore;

/**
 * The deferred refresh of lastSuccessAt against a real (H2) store: written for several handlers at
 * once, and never after a failure that came later (it would reset the failure's count).
 */
class SuccessRefreshTest {

    static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;
    Database database;
    JdbcHandlerStore store;
    SuccessRefresh refresh;

    @BeforeEach
    void open() {
        database = Database.inDirectory(dir);
        store = new JdbcHandlerStore(database);
        // an hour between refreshes: only the test's own flush() writes
        refresh = new SuccessRefresh(new DefaultCamelContext(), store, 3_600_000);
    }

    @AfterEach
    void close() {
        database.close();
    }

    String handler() throws Exception {
        return store.create(new EventHandler(null, HandlerType.WEBHOOK, "hook", true, "desc", "/",
                new EventFilter.Lifecycle(List.of("login_event")), new ObjectMapper().readTree("{\"uri\":\"http://127.0.0.1:1/x\"}"),
                HandlerState.initial(true)), 10).id();
    }

    @Test
    void should_write_the_latest_success_of_each_handler_when_flushed() throws Exception {
        String first = handler();
        String second = handler();
        refresh.later(first, AT);
        refresh.later(first, AT.plusSeconds(1));
        refresh.later(second, AT.plusSeconds(2));
        assertThat(store.find(first).orElseThrow().state().lastSuccessAt()).as("not before the refresh").isNull();

        refresh.flush();

        assertThat(store.find(first).orElseThrow().state().lastSuccessAt()).isEqualTo(AT.plusSeconds(1));
        assertThat(store.find(second).orElseThrow().state().lastSuccessAt()).isEqualTo(AT.plusSeconds(2));
    }

    @Test
    void should_drop_a_waiting_success_when_a_failure_of_the_handler_is_written() throws Exception {
        String id = handler();
        refresh.later(id, AT);

        refresh.beforeFailure(id, () -> store.recordFailure(id, "boom"));
        refresh.flush();

        assertThat(store.find(id).orElseThrow().state()).as("the failure still counts")
                .isEqualTo(new HandlerState(HandlerStatus.ACTIVE, 1, "boom", null));
    }

    @Test
    void should_write_what_waits_when_it_stops() throws Exception {
        String id = handler();
        refresh.start();
        refresh.later(id, AT);

        refresh.stop();

        assertThat(store.find(id).orElseThrow().state().lastSuccessAt()).isEqualTo(AT);
    }
}
