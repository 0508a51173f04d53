package io.thinedge.eventhandlers.sink.webhook;

import static io.thinedge.eventhandlers.support.Handlers.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.TelemetryEvent;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.InfluxServer;
import io.thinedge.eventhandlers.support.SinkHarness;

/**
 * influxDb webhook handlers against a real InfluxDB 1.x: each point is stored at its event's time,
 * in the unit the URI's {@code precision} names, nanoseconds when it names none.
 */
class InfluxWriteTest {

    static InfluxServer influx;
    static SinkHarness camel;

    @BeforeAll
    static void start() {
        influx = InfluxServer.start();
        camel = SinkHarness.start(Optional.empty(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
        influx.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        // InfluxDB's default unit: the forwarder's milliseconds were read as nanoseconds (1970)
        "'',             2024-05-01T10:00:00.123456789Z",
        "precision=n&,   2024-05-01T10:00:00.987654321Z",
        "precision=u&,   2024-05-01T10:00:00.123456Z",
        "precision=ms&,  2024-05-01T10:00:00.5Z",
        "precision=s&,   2024-05-01T10:00:01Z"})
    void should_store_each_point_at_its_event_time(String precision, String time) throws Exception {
        String database = "events_" + Math.abs(precision.hashCode());
        influx.createDatabase(database);
        String config = "{\"uri\":\"" + influx.url() + "/write?" + precision + "db=" + database
                + "\",\"format\":\"influxDb\"}";
        Instant instant = Instant.parse(time);
        camel.deliver(webhook(config), new DeviceEvent("pump-1", true, "/", "door_open", "Door opened", time,
                instant.toEpochMilli(), Map.of(), "tedge/events/door_open/pump-1"));
        camel.deliver(webhook(config), new TelemetryEvent("pump-1", true, "/", "/temperature", new BigDecimal("21.5"), time,
                instant.toEpochMilli(), "tedge/measurements/pump-1"));

        long expected = instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        assertThat(storedTimes(database, "deviceEvent")).containsExactly(expected);
        assertThat(storedTimes(database, "telemetryEvent")).containsExactly(expected);
    }

    private static java.util.List<Long> storedTimes(String database, String measurement) {
        JsonNode answer = Handlers.json(influx.select(database, "SELECT * FROM \"" + measurement + "\""));
        JsonNode values = answer.path("results").path(0).path("series").path(0).path("values");
        assertThat(values.isArray()).as("points of %s in %s: %s", measurement, database, answer).isTrue();
        java.util.List<Long> times = new java.util.ArrayList<>();
        values.forEach(row -> times.add(row.get(0).asLong()));
        return times;
    }
}
