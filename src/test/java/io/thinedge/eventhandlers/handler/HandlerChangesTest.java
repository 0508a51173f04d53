package io.thinedge.eventhandlers.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.Handlers;

class HandlerChangesTest {

    private final EventHandler active = Handlers.webhook("{\"uri\":\"http://127.0.0.1:1/a\"}");

    private EventHandler with(HandlerStatus status, int failures) {
        return active.withState(new HandlerState(status, failures, null, null));
    }

    @Test
    void should_name_every_change_an_operator_cares_about() {
        assertThat(HandlerChanges.change(null, active)).isEqualTo("created");
        assertThat(HandlerChanges.change(active, null)).isEqualTo("deleted");
        assertThat(HandlerChanges.change(active, new EventHandler(active.id(), active.type(), "renamed", true, null,
                active.domain(), active.filter(), active.connectionConfig(), active.state()))).isEqualTo("changed");
        assertThat(HandlerChanges.change(active, with(HandlerStatus.FAILED, 5))).isEqualTo("failed after 5 consecutive failures");
        assertThat(HandlerChanges.change(with(HandlerStatus.FAILED, 5), with(HandlerStatus.ACTIVE, 0))).isEqualTo("re-enabled");
        assertThat(HandlerChanges.change(active, with(HandlerStatus.DISABLED, 0))).isEqualTo("disabled");
        assertThat(HandlerChanges.change(with(HandlerStatus.DISABLED, 0), active)).isEqualTo("enabled");
    }

    @Test
    void should_say_nothing_when_only_counters_moved() {
        assertThat(HandlerChanges.change(active, with(HandlerStatus.ACTIVE, 3))).isNull();
        assertThat(HandlerChanges.change(null, null)).isNull();
    }
}
