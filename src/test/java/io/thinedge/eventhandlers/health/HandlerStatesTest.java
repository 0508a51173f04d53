package io.thinedge.eventhandlers.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.Handlers;

class HandlerStatesTest {

    private final EventHandler active = Handlers.webhook("{\"uri\":\"http://127.0.0.1:1/a\"}");

    private EventHandler with(HandlerStatus status, int failures) {
        return active.withState(new HandlerState(status, failures, null, null));
    }

    @Test
    void should_name_every_change_an_operator_cares_about() {
        assertThat(HandlerStates.change(null, active)).isEqualTo("created");
        assertThat(HandlerStates.change(active, null)).isEqualTo("deleted");
        assertThat(HandlerStates.change(active, new EventHandler(active.id(), active.type(), "renamed", true, null,
                active.domain(), active.filter(), active.connectionConfig(), active.state()))).isEqualTo("changed");
        assertThat(HandlerStates.change(active, with(HandlerStatus.FAILED, 5))).isEqualTo("failed after 5 consecutive failures");
        assertThat(HandlerStates.change(with(HandlerStatus.FAILED, 5), with(HandlerStatus.ACTIVE, 0))).isEqualTo("re-enabled");
        assertThat(HandlerStates.change(active, with(HandlerStatus.DISABLED, 0))).isEqualTo("disabled");
        assertThat(HandlerStates.change(with(HandlerStatus.DISABLED, 0), active)).isEqualTo("enabled");
    }

    @Test
    void should_say_nothing_when_only_counters_moved() {
        assertThat(HandlerStates.change(active, with(HandlerStatus.ACTIVE, 3))).isNull();
        assertThat(HandlerStates.change(null, null)).isNull();
    }
}
