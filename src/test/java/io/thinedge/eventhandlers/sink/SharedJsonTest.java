package io.thinedge.eventhandlers.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.support.Handlers;

class SharedJsonTest {

    private final SharedJson json = new SharedJson();

    @Test
    void should_write_a_shared_event_once_for_all_its_handlers_and_another_event_afresh() {
        DeviceEvent event = Handlers.deviceEvent("door", "open", "2024-05-01T10:00:00Z", "{\"n\":1}", "pump-1");
        DeviceEvent equalButAnother = Handlers.deviceEvent("door", "open", "2024-05-01T10:00:00Z", "{\"n\":1}", "pump-1");
        DeviceEvent other = Handlers.deviceEvent("door", "closed", "2024-05-01T10:00:01Z", "{}", "pump-1");
        json.share(event);
        json.share(equalButAnother);
        try {
            byte[] first = json.bytes(event);

            assertThat(json.bytes(event)).as("the same event: written once").isSameAs(first);
            assertThat(json.bytes(equalButAnother)).as("an equal event of another message")
                    .isNotSameAs(first).isEqualTo(first);
            assertThat(new String(json.bytes(other), StandardCharsets.UTF_8)).contains("\"text\":\"closed\"");
            assertThat(new String(first, StandardCharsets.UTF_8)).contains("\"text\":\"open\"");
        } finally {
            json.release(event);
            json.release(equalButAnother);
        }
    }

    @Test
    void should_keep_nothing_of_an_event_not_shared_or_released() {
        DeviceEvent event = Handlers.deviceEvent("door", "open", "2024-05-01T10:00:00Z", "{}", "pump-1");
        byte[] unshared = json.bytes(event);
        assertThat(json.bytes(event)).as("not shared: nothing kept").isNotSameAs(unshared).isEqualTo(unshared);

        json.share(event);
        byte[] shared = json.bytes(event);
        json.release(event);

        assertThat(json.bytes(event)).as("released: nothing kept").isNotSameAs(shared).isEqualTo(shared);
    }
}
