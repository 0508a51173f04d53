package io.thinedge.eventhandlers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;

/** The client on its own against a real Mosquitto that goes away while messages are in flight. */
class ReliableMqttClientTest {

    /** A message as the client handed it over, not yet acknowledged. */
    private record Arrived(String payload, int id) {
    }

    /** Messages held unacknowledged at once: Paho's default Receive Maximum lets this many in. */
    private static final int HELD = 200;

    private MosquittoBroker broker;
    private MqttTestClient device;
    private ReliableMqttClient client;
    private final List<Arrived> arrived = new CopyOnWriteArrayList<>();
    /** Paho is done with the lost connection (it has told its callback). */
    private final AtomicBoolean disconnected = new AtomicBoolean();

    @BeforeEach
    void start() throws MqttException {
        broker = MosquittoBroker.start();
        device = new MqttTestClient(broker.uri());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(300L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 1);
        client = new ReliableMqttClient(broker.uri(), "reliable-client-test", options, 1000);
        client.setCallback(new Recorder());
        client.subscribe("t/#", 1);
        await().atMost(Duration.ofSeconds(20)).until(client::isReady);
    }

    @AfterEach
    void stop() {
        client.close();
        device.close();
        broker.close();
    }

    @Test
    void should_reconnect_and_redeliver_when_a_message_completes_while_the_broker_is_down() {
        device.publish("t/a", "before");
        await().atMost(Duration.ofSeconds(20)).until(() -> payloads().contains("before"));

        broker.stop();
        await().atMost(Duration.ofSeconds(20)).untilTrue(disconnected);
        // a Kafka callback finishing after the connection is gone: nothing may reach the next one
        client.messageArrivedComplete(arrived.get(0).id(), 1);
        broker.restart();

        awaitReadyAndThrough("after");
        // the acknowledgement was for a connection that is gone, so the broker sends the message again
        assertThat(payloads()).containsSubsequence("before", "before");
    }

    @Test
    void should_reconnect_when_messages_complete_while_the_connection_is_torn_down() throws Exception {
        for (int i = 0; i < HELD; i++) {
            device.publish("t/a", "held-" + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> arrived.size() >= HELD);
        // completions keep coming (Kafka callbacks) while Paho tears the connection down: an
        // acknowledgement queued after Paho cleared its queue stopped the next connection's sender
        Thread completer = new Thread(() -> {
            while (client.isConnected()) {
                Thread.onSpinWait();
            }
            for (Arrived message : List.copyOf(arrived)) {
                try {
                    client.messageArrivedComplete(message.id(), 1);
                    Thread.sleep(1);
                } catch (Exception e) {
                    return;
                }
            }
        });
        completer.start();
        broker.restart();
        completer.join();

        awaitReadyAndThrough("after");
    }

    @Test
    void should_acknowledge_on_the_connection_the_message_came_on() throws Exception {
        device.publish("t/a", "acknowledged");
        await().atMost(Duration.ofSeconds(20)).until(() -> payloads().contains("acknowledged"));
        client.messageArrivedComplete(arrived.get(0).id(), 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.inFlight() == 0);

        broker.restart();
        awaitReadyAndThrough("marker");
        assertThat(payloads()).containsExactly("acknowledged", "marker");
    }

    @Test
    void should_not_let_a_late_completion_acknowledge_a_new_message_after_the_broker_lost_its_session() {
        device.publish("t/a", "old");
        await().atMost(Duration.ofSeconds(20)).until(() -> payloads().contains("old"));

        broker.restartForgettingSessions();
        // the broker's new session numbers its messages from 1 again: "new" gets the id "old" had
        awaitReadyAndThrough("new");
        // the exchange of "old" finishes only now; "new" is still on its way and must stay unacknowledged
        client.messageArrivedComplete(arrived.get(0).id(), 1);

        broker.restart();
        awaitReadyAndThrough("marker");
        // unacknowledged, so the broker sent it again on the next connection
        assertThat(payloads()).containsSubsequence("new", "new");
    }

    /** Waits until the client is back, then until a message published after that has arrived. */
    @Test
    void should_take_nothing_while_paused_and_get_what_the_session_kept_on_resume() {
        device.publish("t/a", "taken");
        await().atMost(Duration.ofSeconds(20)).until(() -> payloads().contains("taken"));

        client.pause();
        await().atMost(Duration.ofSeconds(20)).until(() -> !client.isConnected());
        device.publish("t/a", "kept");
        client.resume();
        client.pause();
        client.resume(); // quick flaps end connected: the disconnect queued first cannot win

        await().atMost(Duration.ofSeconds(20)).until(() -> payloads().contains("kept"));
        // "taken" was never acknowledged: it comes again, ahead of what was kept meanwhile
        assertThat(payloads()).containsSubsequence("taken", "taken", "kept");
        awaitReadyAndThrough("after");
    }

    @Test
    void should_subscribe_to_the_shared_group_topic_when_sharing() throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        List<String> shared = new CopyOnWriteArrayList<>();
        try (ReliableMqttClient first = new ReliableMqttClient(broker.uri(), "shared-1", options, 1000).shareIn("g");
                ReliableMqttClient second = new ReliableMqttClient(broker.uri(), "shared-2", options, 1000).shareIn("g")) {
            for (ReliableMqttClient member : List.of(first, second)) {
                member.setCallback(new Recorder() {
                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        shared.add(member.getClientId() + " " + topic);
                    }
                });
                member.subscribe("s/#", 1);
                await().atMost(Duration.ofSeconds(20)).until(member::isReady);
            }
            for (int i = 0; i < 10; i++) {
                device.publish("s/x", "one of the group");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> shared.size() >= 10);
            assertThat(shared).hasSize(10).contains("shared-1 s/x", "shared-2 s/x");
        }
    }

    private void awaitReadyAndThrough(String payload) {
        await().atMost(Duration.ofSeconds(30)).until(client::isReady);
        device.publishOnceConnected("t/a", payload, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> payloads().contains(payload));
    }

    private List<String> payloads() {
        return arrived.stream().map(Arrived::payload).toList();
    }

    /** Records what arrives and completes nothing by itself, like an exchange still on its way. */
    private class Recorder implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrived.add(new Arrived(new String(message.getPayload(), StandardCharsets.UTF_8), message.getId()));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnected.set(true);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
