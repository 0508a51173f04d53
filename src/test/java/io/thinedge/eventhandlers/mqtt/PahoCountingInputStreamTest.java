package io.thinedge.eventhandlers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream;
import org.junit.jupiter.api.Test;

/** Our replacement of Paho's CountingInputStream (bulk reads): in use, counting right, decoding Paho's packets. */
class PahoCountingInputStreamTest {

    @Test
    void should_replace_the_class_of_paho_1_2_5_it_was_written_for() {
        assertThat(CountingInputStream.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .as("our CountingInputStream, not Paho's, is loaded")
                .doesNotContain("org.eclipse.paho.mqttv5.client");
        assertThat(MqttWireMessage.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .as("the replacement copies Paho 1.2.5's class: compare it with the new Paho's before upgrading")
                .endsWith("org.eclipse.paho.mqttv5.client-1.2.5.jar");
    }

    @Test
    void should_count_bytes_read_one_by_one_and_in_bulk() throws Exception {
        CountingInputStream counting = new CountingInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5}));

        assertThat(counting.read()).isEqualTo(1);
        assertThat(counting.read(new byte[10], 0, 10)).isEqualTo(4);
        assertThat(counting.read()).isEqualTo(-1);
        assertThat(counting.read(new byte[10], 0, 10)).isEqualTo(-1);
        assertThat(counting.getCounter()).isEqualTo(5);
    }

    @Test
    void should_let_paho_decode_a_publish_packet_it_encoded() throws Exception {
        byte[] payload = "{\"text\":\"Door opened\",\"time\":\"2024-05-01T10:00:00Z\",\"note\":\"é✓\"}"
                .getBytes(StandardCharsets.UTF_8);
        MqttMessage message = new MqttMessage(payload, 1, false, new MqttProperties());
        MqttProperties properties = new MqttProperties();
        properties.setContentType("application/json");
        MqttPublish sent = new MqttPublish("te/device/pump-1///e/door", message, properties);
        sent.setMessageId(4711);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(sent.getHeader());
        packet.write(sent.getPayload());

        MqttWireMessage decoded = MqttWireMessage.createWireMessage(packet.toByteArray());

        assertThat(decoded).isInstanceOf(MqttPublish.class);
        MqttPublish received = (MqttPublish) decoded;
        assertThat(received.getTopicName()).isEqualTo("te/device/pump-1///e/door");
        assertThat(received.getMessageId()).isEqualTo(4711);
        assertThat(received.getProperties().getContentType()).isEqualTo("application/json");
        assertThat(received.getMessage().getPayload()).isEqualTo(payload);
        assertThat(received.getMessage().getQos()).isEqualTo(1);
    }
}
