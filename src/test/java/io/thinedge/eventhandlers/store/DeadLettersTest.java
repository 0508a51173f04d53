package io.thinedge.eventhandlers.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

            assertThat(letters.oldestWaiting("h1", 10)).extracting(DeadLetters.Letter::eventJson)
                    .containsExactly("event-3", "event-4", "event-5");
            assertThat(letters.dropped("h1")).isEqualTo(2);
            assertThat(letters.size("h2")).isEqualTo(1);

            letters.remove(letters.oldestWaiting("h1", 1).get(0).sequence());
            assertThat(letters.oldestWaiting("h1", 10)).extracting(DeadLetters.Letter::eventJson)
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
    void should_park_rejected_letters_apart_and_make_them_wait_again_on_retry() throws Exception {
        try (Database database = Database.inDirectory(Files.createTempDirectory("store"))) {
            DeadLetters letters = new DeadLetters(database, 10);
            letters.add("h1", "waits", "HttpOperationFailedException: 503");
            letters.park("h1", "poison", "HttpOperationFailedException: 400");
            letters.add("h1", "waits too");

            assertThat(letters.oldestWaiting("h1", 10)).extracting(DeadLetters.Letter::eventJson).containsExactly("waits", "waits too");
            assertThat(letters.waiting("h1")).isEqualTo(2);
            assertThat(letters.parked("h1")).isEqualTo(1);
            List<DeadLetters.Letter> all = letters.page("h1", 10, 0);
            assertThat(all).extracting(DeadLetters.Letter::eventJson).containsExactly("waits", "poison", "waits too");
            assertThat(all.get(1).parked()).isTrue();
            assertThat(all.get(1).error()).contains("400");
            assertThat(all.get(1).attempts()).isEqualTo(1);
            assertThat(all.get(0).storedAt()).isNotNull();
            assertThat(letters.page("h1", 1, 1)).extracting(DeadLetters.Letter::eventJson).containsExactly("poison");

            letters.recordAttempt(all.get(0).sequence(), "HttpHostConnectException: refused");
            letters.markParked(all.get(2).sequence(), "HttpOperationFailedException: 422");
            assertThat(letters.page("h1", 10, 0)).extracting(DeadLetters.Letter::attempts).containsExactly(2, 1, 1);
            assertThat(letters.parked("h1")).isEqualTo(2);

            assertThat(letters.unpark("h1")).isEqualTo(2);
            assertThat(letters.oldestWaiting("h1", 10)).hasSize(3);
            assertThat(letters.clear("h1")).isEqualTo(3);
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
