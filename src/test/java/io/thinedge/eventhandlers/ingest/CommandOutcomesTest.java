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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.TextNode;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.store.Database;
import io.thinedge.eventhandlers.store.Announcement;
import io.thinedge.eventhandlers.store.KnownChildren;

class CommandOutcomesTest {

    private static final String FIRMWARE = "te/device/c1///cmd/firmware_update/42";

    @TempDir
    Path dir;

    private Database database;
    private CommandOutcomes commands;

    @BeforeEach
    void open() {
        database = Database.inDirectory(dir);
        commands = new CommandOutcomes(new DeviceIdentity("gw", "/", Map.of()), new KnownChildren(database),
                Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private List<DeviceEvent> receive(String topic, String payload) {
        // dispatched at once: what they change is recorded
        List<Announcement> announcements = new java.util.ArrayList<>();
        List<DeviceEvent> events = commands.lifecycleEvents(topic, payload.getBytes(StandardCharsets.UTF_8), announcements);
        announcements.forEach(Announcement::dispatched);
        return events;
    }

    @Test
    void should_raise_a_fota_update_once_when_a_firmware_update_succeeds() {
        String fields = ",\"name\":\"os\",\"version\":\"2.0\",\"url\":\"http://user:secret@host/fw\"}";
        assertThat(receive(FIRMWARE, "{\"status\":\"init\"" + fields)).isEmpty();
        assertThat(receive(FIRMWARE, "{\"status\":\"executing\"" + fields)).isEmpty();
        assertThat(receive(FIRMWARE, "{\"status\":\"successful\"" + fields)).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("deviceUpdatedViaFota");
            assertThat(event.deviceId()).isEqualTo("c1");
            assertThat(event.text()).isEqualTo("Firmware os 2.0 installed on c1");
            assertThat(event.extras()).isEqualTo(Map.of("commandId", new TextNode("42"), "name", new TextNode("os"),
                    "version", new TextNode("2.0")));
        });
        assertThat(receive(FIRMWARE, "{\"status\":\"successful\"" + fields)).as("replayed").isEmpty();

        assertThat(receive(FIRMWARE, "")).as("cleared").isEmpty();
        assertThat(receive(FIRMWARE, "{\"status\":\"successful\"" + fields)).as("the id used again").hasSize(1);
    }

    @Test
    void should_raise_a_write_update_when_a_configuration_update_of_the_main_device_succeeds() {
        assertThat(receive("te/device/main///cmd/config_update/7", "{\"status\":\"successful\",\"type\":\"mosquitto\"}"))
                .singleElement().satisfies(event -> {
                    assertThat(event.type()).isEqualTo("deviceUpdatedViaWrite");
                    assertThat(event.deviceId()).isEqualTo("gw");
                    assertThat(event.childDevice()).isFalse();
                    assertThat(event.text()).isEqualTo("Configuration mosquitto updated on gw");
                });
    }

    @Test
    void should_raise_nothing_for_failed_commands_and_other_command_types() {
        assertThat(receive("te/device/c1///cmd/config_update/1", "{\"status\":\"failed\",\"reason\":\"x\"}")).isEmpty();
        assertThat(receive("te/device/c1///cmd/config_update/2", "{}")).as("no status is init").isEmpty();
        assertThat(receive("te/device/c1///cmd/software_update/3", "{\"status\":\"successful\"}")).isEmpty();
        assertThat(receive("te/device/c1///cmd/restart/4", "not even JSON")).isEmpty();
    }

    @Test
    void should_reject_a_malformed_command_naming_what_is_wrong() {
        assertThatThrownBy(() -> receive(FIRMWARE, "{\"status\":true}")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("status must be a string, not a boolean");
        assertThatThrownBy(() -> receive(FIRMWARE, "[1]")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("Payload must be a JSON object");
        assertThatThrownBy(() -> receive("te/device/c1/x/y/cmd/firmware_update/1", "{}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Unsupported entity topic id");
    }
}
