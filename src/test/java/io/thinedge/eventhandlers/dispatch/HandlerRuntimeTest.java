package io.thinedge.eventhandlers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.thinedge.eventhandlers.dispatch.HandlerRuntime.SuccessWrite;
import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.handler.HandlerType;

/** When a route's successes reach the store: at once when they reset the failure count, else with the refresh. */
class HandlerRuntimeTest {

    static HandlerRuntime runtime() throws Exception {
        EventHandler handler = new EventHandler("h1", HandlerType.WEBHOOK, "hook", true, "desc", "/",
                new EventFilter.Lifecycle(List.of("login_event")), new ObjectMapper().readTree("{\"uri\":\"http://127.0.0.1:1/x\"}"),
                new HandlerState(HandlerStatus.ACTIVE, 0, null, null));
        return new HandlerRuntime(handler, null, null);
    }

    @Test
    void should_write_the_first_success_at_once_then_at_most_once_an_interval_with_the_refresh() throws Exception {
        HandlerRuntime runtime = runtime();
        long interval = HandlerRuntime.SUCCESS_WRITE_INTERVAL_MILLIS;

        assertThat(runtime.successWrite(0)).isEqualTo(SuccessWrite.NOW);
        assertThat(runtime.successWrite(interval - 1)).isEqualTo(SuccessWrite.NOT);
        assertThat(runtime.successWrite(interval)).isEqualTo(SuccessWrite.WITH_REFRESH);
        assertThat(runtime.successWrite(interval + 1)).isEqualTo(SuccessWrite.NOT);
    }

    @Test
    void should_write_the_first_success_after_a_failure_at_once() throws Exception {
        HandlerRuntime runtime = runtime();
        runtime.successWrite(0);

        runtime.failed();

        assertThat(runtime.successWrite(1)).as("it resets the count").isEqualTo(SuccessWrite.NOW);
        assertThat(runtime.successWrite(2)).isEqualTo(SuccessWrite.NOT);
    }
}
