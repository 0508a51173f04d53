package io.thinedge.eventhandlers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;

/**
 * {@link ReliableMqttClient#publishWithoutWaiting} against a real Mosquitto that takes only a few
 * unacknowledged publishes per connection: Paho would refuse the fifth with 32202 "Too many
 * publishes in progress" if the client did not keep to its window.
 */
class PublishWithoutWaitingTest {

    private static final int BROKER_RECEIVE_MAXIMUM = 4;

    private MosquittoBroker broker;
    private MqttTestClient cloud;
    private ReliableMqttClient client;

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoBroker.start(BROKER_RECEIVE_MAXIMUM);
        cloud = new MqttTestClient(broker.uri()).subscribe("t/#");
        client = new ReliableMqttClient(broker.uri(), "publish-without-waiting-test", new MqttConnectionOptions(), 1000)
                .connectForPublishing();
        await().atMost(Duration.ofSeconds(20)).until(client::isConnected);
    }

    @AfterEach
    void stop() {
        client.close();
        cloud.close();
        broker.close();
    }

    private static MqttMessage message(String payload) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        return message;
    }

    @Test
    void should_keep_to_half_the_brokers_receive_maximum_and_publish_everything_in_order() throws Exception {
        assertThat(client.publishWindow()).isEqualTo(BROKER_RECEIVE_MAXIMUM / 2);

        List<CompletableFuture<Void>> acknowledged = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            acknowledged.add(client.publishWithoutWaiting("t/n", message("m" + i), 5000));
        }
        CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(20)).until(() -> cloud.received().size() >= 200);
        assertThat(cloud.payloadsOn("t/n")).containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "m" + i).toList());
    }
}
