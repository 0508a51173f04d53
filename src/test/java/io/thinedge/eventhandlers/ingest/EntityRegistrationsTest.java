package io.thinedge.eventhandlers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.thinedge.eventhandlers.dispatch.FirstRegistrations;
import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.store.Database;
import io.thinedge.eventhandlers.store.Announcement;
import io.thinedge.eventhandlers.store.KnownChildren;

class EntityRegistrationsTest {

    @TempDir
    Path dir;

    private Database database;
    private KnownChildren knownChildren;
    private EntityRegistrations registrations;

    private List<DeviceEvent> receive(String topic, String payload) {
        if (registrations == null) {
            database = Database.inDirectory(dir);
            knownChildren = new KnownChildren(database);
            registrations = new EntityRegistrations(new DeviceIdentity("gw", "/", Map.of("c2", "/site/")), knownChildren,
                    Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        }
        // dispatched at once: what they change is recorded
        List<Announcement> announcements = new java.util.ArrayList<>();
        List<DeviceEvent> events = registrations.lifecycleEvents(topic, payload.getBytes(StandardCharsets.UTF_8), announcements);
        announcements.forEach(Announcement::dispatched);
        return events;
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void should_create_a_registered_child_once_and_delete_it_once() {
        List<DeviceEvent> created = receive("te/device/c1//", "{\"@type\":\"child-device\",\"name\":\"Pump\"}");
        assertThat(created).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("deviceCreated");
            assertThat(event.deviceId()).isEqualTo("c1");
            assertThat(event.childDevice()).isTrue();
            assertThat(event.domain()).isEqualTo("/");
            assertThat(event.time()).isEqualTo("2026-12-01T10:00:00Z");
            assertThat(event.extras()).containsOnlyKeys("@type", "name");
            assertThat(event.text()).isEqualTo("Child device c1 registered");
        });
        assertThat(receive("te/device/c1//", "{\"@type\":\"child-device\",\"name\":\"Pump\"}")).as("replayed").isEmpty();

        assertThat(receive("te/device/c1//", "")).extracting(DeviceEvent::type).containsExactly("deviceDeleted");
        assertThat(receive("te/device/c1//", "")).as("cleared again").isEmpty();
        assertThat(receive("te/device/c1//", "{\"@type\":\"child-device\"}")).as("registered again")
                .extracting(DeviceEvent::type).containsExactly("deviceCreated");
    }

    @Test
    void should_name_a_service_after_the_device_it_runs_on() {
        assertThat(receive("te/device/c2/service/nodered", "{\"@type\":\"service\"}")).singleElement()
                .satisfies(event -> {
                    assertThat(event.deviceId()).isEqualTo("c2/service/nodered");
                    assertThat(event.domain()).isEqualTo("/site/");
                });
        assertThat(receive("te/device/main/service/tedge-agent", "{\"@type\":\"service\"}")).singleElement()
                .satisfies(event -> {
                    assertThat(event.deviceId()).isEqualTo("gw/service/tedge-agent");
                    assertThat(event.childDevice()).isFalse();
                });
    }

    @Test
    void should_raise_nothing_for_the_main_device() {
        assertThat(receive("te/device/main//", "{\"@type\":\"device\",\"type\":\"Gateway\"}")).isEmpty();
        assertThat(receive("te/device/main//", "")).isEmpty();
    }

    @Test
    void should_not_create_a_child_again_that_its_first_event_created() {
        receive("te/device/c9//", "{\"@type\":\"child-device\"}");
        DeviceEvent event = new DeviceEvent("c3", true, "/", "door", "door", "2026-12-01T10:00:00Z", 0L, Map.of(),
                "tedge/events/door/c3");
        List<Announcement> announcements = new java.util.ArrayList<>();
        List<Event> first = new FirstRegistrations(knownChildren).precede(event, announcements);
        announcements.forEach(Announcement::dispatched);
        assertThat(first).extracting(Event::eventType).containsExactly("deviceCreated", "deviceFirstRegistration", "door");

        assertThat(receive("te/device/c3//", "{\"@type\":\"child-device\"}")).isEmpty();
        assertThat(receive("te/device/c3//", "")).extracting(DeviceEvent::type).containsExactly("deviceDeleted");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "te/device/c1//          | {\"@type\":                 | Invalid JSON",
        "te/device/c1//          | []                          | Payload must be a JSON object",
        "te/device/c1//          | {\"name\":\"x\"}            | @type must be a string (device, child-device or service), not nothing",
        "te/device/c1//          | {\"@type\":\"service\"}     | @type must be child-device on this topic, not 'service'",
        "te/device/main//        | {\"@type\":\"child-device\"} | @type must be device on this topic, not 'child-device'",
        "te/device/c1/service/s  | {\"@type\":\"child-device\"} | @type must be service on this topic, not 'child-device'",
        "te/factory/shop/plc/s1  | {\"@type\":\"child-device\"} | Unsupported entity topic id",
        "te/device/c1            | {\"@type\":\"child-device\"} | Unsupported topic: expected te/device/<name>//",
    })
    void should_reject_a_malformed_registration_naming_what_is_wrong(String topic, String payload, String detail) {
        assertThatThrownBy(() -> receive(topic, payload)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("topic: " + topic + " failed due to error: " + detail);
    }
}
