package io.thinedge.eventhandlers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.EventRecorder;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;

/** The MQTT side of SPEC §6 against a real Mosquitto: persistent sessions, manual acks, reconnects. */
class MqttDeliveryTest {

    private MosquittoBroker broker;
    private MqttTestClient device;
    private RunningForwarder forwarder;
    private final AtomicReference<EventRecorder> recorder = new AtomicReference<>();

    @BeforeEach
    void start() {
        broker = MosquittoBroker.start();
        device = new MqttTestClient(broker.uri());
        forwarder = RunningForwarder.start(RunningForwarder.defaults(broker),
                context -> recorder.set(EventRecorder.attachTo(context)));
        awaitConnected();
    }

    @AfterEach
    void stop() {
        device.close();
        forwarder.close();
        broker.close();
    }

    @Test
    void should_process_the_whole_backlog_in_order_on_the_first_connection_after_a_restart() {
        forwarder.close();
        List<String> texts = IntStream.range(0, 5000).mapToObj(i -> "event-" + i).collect(Collectors.toList());
        texts.forEach(text -> device.publish("tedge/events/backlog", "{\"text\":\"" + text + "\"}"));

        forwarder = forwarder.restart(context -> recorder.set(EventRecorder.attachTo(context)));

        await().atMost(Duration.ofSeconds(90)).until(() -> recorder.get().texts().size() >= 5000);
        assertThat(recorder.get().texts()).containsExactlyElementsOf(texts);
    }

    @Test
    void should_retry_an_event_whose_processing_failed_and_acknowledge_it_once_handled() throws Exception {
        // fails twice: the third of tedge.mqtt.failed-message-attempts (3 by default) goes through
        AtomicInteger failuresLeft = new AtomicInteger(2);
        forwarder.close();
        forwarder = forwarder.restart(context -> {
            recorder.set(EventRecorder.attachTo(context));
            failPoisonEvents(context, failuresLeft);
        });
        awaitConnected();

        device.publish("tedge/events/t", "{\"text\":\"poison\"}");
        device.publish("tedge/events/t", "{\"text\":\"after-poison\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.get().texts().containsAll(List.of("poison", "after-poison")));
        assertThat(failuresLeft).hasValue(0);

        // both were acknowledged, so neither is delivered a second time after a restart
        forwarder = forwarder.restart(context -> recorder.set(EventRecorder.attachTo(context)));
        awaitConnected();
        device.publish("tedge/events/t", "{\"text\":\"marker\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.get().texts().contains("marker"));
        assertThat(recorder.get().texts()).containsExactly("marker");
    }

    @Test
    void should_reconnect_by_itself_when_the_broker_restarts() {
        device.publish("tedge/events/t", "{\"text\":\"before\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.get().texts().contains("before"));

        broker.restart();
        device.close();
        device = new MqttTestClient(broker.uri());
        awaitConnected();

        device.publish("tedge/events/t", "{\"text\":\"after\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.get().texts().contains("after"));
    }

    @Test
    void should_start_while_the_broker_is_down_and_connect_when_it_comes() {
        forwarder.close();
        broker.stop();
        forwarder = RunningForwarder.start(forwarder.properties(), context -> recorder.set(EventRecorder.attachTo(context)));
        assertThat(forwarder.context().isStarted()).isTrue();

        broker.restart();
        device.close();
        device = new MqttTestClient(broker.uri());
        awaitConnected();
        device.publish("tedge/events/t", "{\"text\":\"late\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.get().texts().contains("late"));
    }

    private void awaitConnected() {
        MqttClients clients = forwarder.context().getRegistry().findSingleByType(MqttClients.class);
        await("forwarder connected").atMost(Duration.ofSeconds(30))
                .until(() -> clients.all().stream().allMatch(ReliableMqttClient::isConnected));
        // connected, and subscribed: a first probe event comes through
        String probe = "probe-" + System.nanoTime();
        await("forwarder subscribed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            device.publish("tedge/events/probe", "{\"text\":\"" + probe + "\"}");
            return recorder.get().probes().contains(probe);
        });
    }

    private static void failPoisonEvents(org.apache.camel.CamelContext context, AtomicInteger failuresLeft) {
        try {
            AdviceWith.adviceWith(context, "parse-event",
                    route -> route.weaveAddFirst().process(exchange -> {
                        if (exchange.getMessage().getBody(String.class).contains("\"poison\"")
                                && failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                            throw new IllegalStateException("simulated processing failure");
                        }
                    }));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
