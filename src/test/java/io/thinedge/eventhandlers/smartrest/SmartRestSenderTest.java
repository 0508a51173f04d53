package io.thinedge.eventhandlers.smartrest;

import static io.thinedge.eventhandlers.smartrest.SmartRestMarshallerTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.thinedge.eventhandlers.store.Database;
import io.thinedge.eventhandlers.store.KnownChildren;

/** Child registration with the persistent {@link KnownChildren}: once, retried after a failure, kept across restarts. */
class SmartRestSenderTest {

    private static final SmartRestTarget TARGET = SmartRestTarget.of("c8y", Optional.empty(), Optional.empty(),
            Optional.empty());
    private static final String T = "2024-01-02T03:04:05Z";

    @TempDir
    Path storeDir;
    Database database;
    final List<String> sent = new ArrayList<>();
    int failuresToCome;

    @BeforeEach
    void open() {
        database = Database.inDirectory(storeDir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private SmartRestSender sender() {
        return new SmartRestSender(TARGET, new KnownChildren(database), message -> {
            if (failuresToCome > 0) {
                failuresToCome--;
                throw new IllegalStateException("broker gone");
            }
            sent.add(message.payload());
        });
    }

    @Test
    void should_register_a_child_only_before_its_first_event() throws Exception {
        SmartRestSender sender = sender();

        sender.send(event("t", "one", T, "{}", "pump-7"));
        sender.send(event("t", "two", T, "{}", "pump-7"));

        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).isEqualTo("101,pump-7,pump-7,thin-edge.io-child");
        assertThat(sent.get(1)).contains("\"text\":\"one\"");
        assertThat(sent.get(2)).contains("\"text\":\"two\"");
    }

    @Test
    void should_remember_known_children_after_a_restart() throws Exception {
        sender().send(event("t", "before", T, "{}", "pump-7"));
        database.close();

        database = Database.inDirectory(storeDir);
        sender().send(event("t", "after", T, "{}", "pump-7"));

        assertThat(sent).containsExactly("101,pump-7,pump-7,thin-edge.io-child",
                "{\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"before\",\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"}}",
                "{\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"after\",\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"}}");
        assertThat(new KnownChildren(database).remember(TARGET.knownChildrenScope(), "pump-7")).isFalse();
    }

    @Test
    void should_forget_a_child_whose_registration_failed_so_it_is_retried() throws Exception {
        SmartRestSender sender = sender();
        failuresToCome = 1;

        assertThatThrownBy(() -> sender.send(event("t", "hi", T, "{}", "pump-7")))
                .isInstanceOf(SmartRestException.class).hasMessageContaining("c8y/s/us").hasMessageContaining("broker gone");
        sender.send(event("t", "hi", T, "{}", "pump-7"));

        assertThat(sent).hasSize(2).first().isEqualTo("101,pump-7,pump-7,thin-edge.io-child");
    }

    @Test
    void should_fail_and_not_register_again_when_only_the_event_failed() throws Exception {
        SmartRestSender sender = sender();
        sender.send(event("t", "first", T, "{}", "pump-7"));
        failuresToCome = 1;

        assertThatThrownBy(() -> sender.send(event("t", "hi", T, "{}", "pump-7")))
                .isInstanceOf(SmartRestException.class).hasMessageContaining("c8y/event/events/create");
        sender.send(event("t", "hi", T, "{}", "pump-7"));

        assertThat(sent).filteredOn(payload -> payload.startsWith("101,")).hasSize(1);
    }

    @Test
    void should_not_register_a_child_whose_event_cannot_be_sent() {
        SmartRestSender sender = sender();

        assertThatThrownBy(() -> sender.send(event("t", "x".repeat(SmartRest.MQTT_MESSAGE_LIMIT_BYTES), T, "{}", "pump-7")))
                .isInstanceOf(MessageTooLargeException.class);

        assertThat(sent).isEmpty();
        assertThat(new KnownChildren(database).remember(TARGET.knownChildrenScope(), "pump-7")).isTrue();
    }

    @Test
    void should_send_main_device_events_without_registration() throws Exception {
        sender().send(event("login_event", "hi", T, "{}", null));

        assertThat(sent).containsExactly("400,login_event,\"hi\"," + T);
    }
}
