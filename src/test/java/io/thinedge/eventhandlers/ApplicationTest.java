package io.thinedge.eventhandlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;

class ApplicationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(RunningForwarder forwarder, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(forwarder.httpBase() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_report_ready_only_while_connected_to_the_broker() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                RunningForwarder forwarder = RunningForwarder.start(RunningForwarder.defaults(broker))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> get(forwarder, "/observe/health").statusCode() == 200);
            assertThat(get(forwarder, "/observe/health").body()).contains("UP");

            broker.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(forwarder, "/observe/health").statusCode() == 503);

            broker.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(forwarder, "/observe/health").statusCode() == 200);
        }
    }

    @Test
    void should_count_events_and_parse_errors_in_prometheus_metrics() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                RunningForwarder forwarder = RunningForwarder.start(RunningForwarder.defaults(broker));
                MqttTestClient device = new MqttTestClient(broker.uri()).subscribe("tedge/errors")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> get(forwarder, "/observe/health").statusCode() == 200);
            device.publish("tedge/events/bad", "[]");
            device.publish("tedge/events/good", "{}");
            device.publish("tedge/events/good", "{}");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> metrics = get(forwarder, "/observe/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).containsPattern("(?m)^tedge_parse_errors_total(\\{[^}]*\\})? 1\\.0$")
                        .containsPattern("(?m)^tedge_events_in_total(\\{[^}]*\\})? 2\\.0$");
            });
        }
    }

    @Test
    void should_refuse_to_start_with_an_invalid_setting_and_name_the_key() {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Map<String, String> properties = RunningForwarder.defaults(broker);
            properties.put("tedge.mqtt.port", "not-a-port");
            assertThatThrownBy(() -> RunningForwarder.start(properties))
                    .hasStackTraceContaining("Configuration key tedge.mqtt.port must be a whole number, not 'not-a-port'");
        }
    }

    @Test
    void should_set_kafkas_guard_against_jndi_login_modules() {
        Application.create();
        assertThat(System.getProperty("org.apache.kafka.disallowed.login.modules"))
                .contains("com.sun.security.auth.module.JndiLoginModule");
    }
}
