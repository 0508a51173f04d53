package io.thinedge.eventhandlers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.event.TelemetryEvent;

class QueuedEventTest {

    private static QueuedEvent event(String path, Map<String, Object> properties) {
        return new QueuedEvent(new TelemetryEvent("d", false, "/", path, BigDecimal.ONE, "2026-01-01T00:00:00Z", 0,
                "tedge/measurements"), Map.of(), properties);
    }

    private static List<List<String>> paths(List<List<QueuedEvent>> runs) {
        return runs.stream().map(run -> run.stream().map(queued -> ((TelemetryEvent) queued.event()).path()).toList()).toList();
    }

    @Test
    void should_keep_events_without_properties_in_one_run() {
        List<QueuedEvent> events = List.of(event("/a", Map.of()), event("/b", Map.of()), event("/c", Map.of()));

        assertThat(QueuedEvent.runsOfEqualProperties(events)).containsExactly(events);
    }

    @Test
    void should_start_a_new_run_in_order_wherever_the_properties_change() {
        List<QueuedEvent> events = List.of(event("/a", Map.of("site", "x")), event("/b", Map.of("site", "x")),
                event("/c", Map.of()), event("/d", Map.of("site", "y")), event("/e", Map.of("site", "x")));

        assertThat(paths(QueuedEvent.runsOfEqualProperties(events)))
                .containsExactly(List.of("/a", "/b"), List.of("/c"), List.of("/d"), List.of("/e"));
    }
}
