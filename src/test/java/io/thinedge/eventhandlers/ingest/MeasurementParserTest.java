package io.thinedge.eventhandlers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.event.TelemetryEvent;

class MeasurementParserTest {

    private final MeasurementParser parser = new MeasurementParser(new DeviceIdentity("gw", "/", Map.of()),
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    private List<TelemetryEvent> parse(String topic, String payload) {
        return parser.parse(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_give_one_telemetry_event_per_series() {
        List<TelemetryEvent> series = parse("tedge/measurements",
                "{\"temperature\":25,\"Climate\":{\"humidity\":50,\"pressure\":1013.25},\"time\":\"2021-04-23T19:00:00+00:00\"}");
        assertThat(series).extracting(TelemetryEvent::path)
                .containsExactly("/temperature", "/Climate/humidity", "/Climate/pressure");
        assertThat(series).extracting(TelemetryEvent::value)
                .containsExactly(new BigDecimal("25"), new BigDecimal("50"), new BigDecimal("1013.25"));
        assertThat(series).allSatisfy(event -> {
            assertThat(event.deviceId()).isEqualTo("gw");
            assertThat(event.time()).isEqualTo("2021-04-23T19:00:00Z");
            assertThat(event.eventType()).isEqualTo("telemetry");
        });
    }

    @Test
    void should_name_the_child_from_the_topic() {
        TelemetryEvent event = parse("tedge/measurements/child1", "{\"t\":1}").get(0);
        assertThat(event.deviceId()).isEqualTo("child1");
        assertThat(event.childDevice()).isTrue();
    }

    @Test
    void should_read_thin_edge_1_measurement_topics_like_the_classic_ones() {
        assertThat(parse("te/device/child1///m/environment", "{\"Climate\":{\"t\":1}}")).singleElement()
                .satisfies(event -> {
                    assertThat(event.deviceId()).isEqualTo("child1");
                    assertThat(event.childDevice()).isTrue();
                    assertThat(event.path()).isEqualTo("/Climate/t");
                });
        assertThat(parse("te/device/main///m/", "{\"t\":1}").get(0).deviceId()).isEqualTo("gw");
        assertThat(parse("te/device/main/service/collectd/m/cpu", "{\"t\":1}").get(0).childDevice()).isFalse();
        assertThatThrownBy(() -> parse("te/device/child1/x/y/m/env", "{\"t\":1}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Unsupported entity topic id");
    }

    @Test
    void should_accept_unix_seconds_as_time() {
        assertThat(parse("tedge/measurements", "{\"t\":1,\"time\":1700000000.5}").get(0).timestampMillis())
                .isEqualTo(1700000000500L);
    }

    @Test
    void should_reject_values_that_are_not_numbers() {
        assertThatThrownBy(() -> parse("tedge/measurements", "{\"t\":\"hot\"}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Measurement t must be a number");
        assertThatThrownBy(() -> parse("tedge/measurements", "{\"g\":{\"a\":{\"b\":1}}}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Measurement g.a must be a number");
        assertThatThrownBy(() -> parse("tedge/measurements", "{}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no series");
        assertThatThrownBy(() -> parse("tedge/measurements/a/b", "{\"t\":1}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Unsupported topic");
    }
}
