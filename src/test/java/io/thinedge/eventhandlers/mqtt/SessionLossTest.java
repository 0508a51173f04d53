package io.thinedge.eventhandlers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * A broker that comes back without the forwarder's sessions (restarted without persistence) is
 * reported: one WARN per client and {@code tedge_mqtt_sessions_lost_total}; one that kept them is not.
 */
class SessionLossTest {

    private MosquittoBroker broker;
    private RunningForwarder forwarder;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger clientLogger = (Logger) LoggerFactory.getLogger(ReliableMqttClient.class);

    @BeforeEach
    void start() {
        log.start();
        clientLogger.addAppender(log);
        broker = MosquittoBroker.start();
        forwarder = RunningForwarder.start(RunningForwarder.defaults(broker));
    }

    @AfterEach
    void stop() {
        clientLogger.detachAppender(log);
        forwarder.close();
        broker.close();
    }

    @Test
    void should_warn_once_and_count_when_the_broker_lost_the_sessions() {
        String client = forwarder.properties().get("tedge.mqtt.client-id") + "-events";
        assertThat(sessionsLost(client)).isEqualTo(0.0);

        broker.restartForgettingSessions();

        await().atMost(Duration.ofSeconds(30)).until(() -> sessionsLost(client) == 1.0);
        MqttClients clients = forwarder.context().getRegistry().lookupByNameAndType("mqttClients", MqttClients.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> clients.all().stream().allMatch(ReliableMqttClient::isReady));
        List<String> warnings = log.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).filter(message -> message.contains("no longer had the session"))
                .toList();
        // one per subscribing client (each has a session of its own); the publisher starts clean and has none
        long subscribers = clients.all().stream().filter(each -> !each.getClientId().endsWith("-publisher")).count();
        assertThat(subscribers).isGreaterThanOrEqualTo(3);
        assertThat(warnings).hasSize((int) subscribers).anyMatch(message -> message.contains(client) && message.contains("may be lost"));
        assertThat(sessionsLost(forwarder.properties().get("tedge.mqtt.client-id") + "-publisher")).isEqualTo(0.0);
    }

    @Test
    void should_not_report_a_broker_that_kept_the_sessions() {
        String client = forwarder.properties().get("tedge.mqtt.client-id") + "-events";
        MqttClients clients = forwarder.context().getRegistry().lookupByNameAndType("mqttClients", MqttClients.class);

        broker.restart();

        await().atMost(Duration.ofSeconds(30)).until(() -> log.list.stream()
                .filter(event -> event.getFormattedMessage().contains(client + " connected")
                        && event.getFormattedMessage().contains("(reconnect)")).count() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> clients.all().stream().allMatch(ReliableMqttClient::isReady));
        assertThat(sessionsLost(client)).isEqualTo(0.0);
        assertThat(log.list).noneMatch(event -> event.getFormattedMessage().contains("no longer had the session"));
    }

    /** The counter as Prometheus scrapes it from /observe/metrics. */
    private double sessionsLost(String client) {
        try {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(forwarder.httpBase()
                    + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            String prefix = "tedge_mqtt_sessions_lost_total{client=\"" + client + "\"";
            return metrics.lines().filter(line -> line.startsWith(prefix)).findFirst()
                    .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .orElseThrow(() -> new AssertionError("no " + prefix + " in " + metrics));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
