package io.thinedge.eventhandlers.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.EventCodec;
import io.thinedge.eventhandlers.event.TelemetryEvent;

class DeadLettersTest {

    @Test
    void should_keep_letters_in_order_and_drop_the_oldest_beyond_the_limit() throws Exception {
        Path dir = Files.createTempDirectory("store");
        try (Database database = Database.inDirectory(dir)) {
            DeadLetters letters = new DeadLetters(database, 3);
            for (int i = 1; i <= 5; i++) {
                letters.add("h1", "event-" + i);
            }
            letters.add("h2", "other");

            assertThat(letters.oldest("h1", 10)).extracting(DeadLetters.Letter::eventJson)
                    .containsExactly("event-3", "event-4", "event-5");
            assertThat(letters.dropped("h1")).isEqualTo(2);
            assertThat(letters.size("h2")).isEqualTo(1);

            letters.remove(letters.oldest("h1", 1).get(0).sequence());
            assertThat(letters.oldest("h1", 10)).extracting(DeadLetters.Letter::eventJson)
                    .containsExactly("event-4", "event-5");
        }
        try (Database reopened = Database.inDirectory(dir)) {
            DeadLetters letters = new DeadLetters(reopened, 3);
            assertThat(letters.size("h1")).isEqualTo(2);
            letters.clear("h1");
            assertThat(letters.size("h1")).isZero();
            assertThat(letters.dropped("h1")).isZero();
        }
    }

    @Test
    void should_read_back_stored_events_unchanged() {
        DeviceEvent device = new DeviceEvent("child1", true, "/t/", "door", "Door \"open\"", "2021-04-23T19:00:00.1Z",
                1619204400100L, Map.of("n", JsonNodeFactory.instance.numberNode(new BigDecimal("1.50"))), "tedge/events/door/child1");
        TelemetryEvent telemetry = new TelemetryEvent("gw", false, "/", "/Climate/humidity", new BigDecimal("50.25"),
                "2021-04-23T19:00:00Z", 1619204400000L, "tedge/measurements");
        for (Event event : new Event[] {device, telemetry}) {
            assertThat(EventCodec.fromJson(EventCodec.toJson(event))).isEqualTo(event);
        }
    }
}
