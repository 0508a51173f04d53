package io.thinedge.eventhandlers.sink.kamelet;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/** The property checks on the real catalog Kamelets of the default allow list. */
class KameletSchemaTest {

    static final Set<String> HTTP = Set.of("http", "https");
    static final Set<String> MQTT = Set.of("paho-mqtt5");

    static KameletSchema catalog(String name) throws IOException {
        try (InputStream in = KameletSchemaTest.class.getClassLoader().getResourceAsStream("kamelets/" + name + ".kamelet.yaml")) {
            return KameletSchema.of(name, new ObjectMapper(new YAMLFactory()).readTree(in));
        }
    }

    static void refused(KameletSchema schema, Map<String, String> properties, Set<String> schemes, String field) {
        assertThatThrownBy(() -> schema.validate(properties, schemes)).isInstanceOf(InvalidHandlerException.class)
                .hasMessageStartingWith("connectionConfig.properties." + field);
    }

    @Test
    void should_accept_what_an_integrator_sends_to_the_default_sinks() throws IOException {
        assertThatCode(() -> catalog("http-sink").validate(Map.of("url", "https://example.org/hook?x=1&y=(2)", "method", "PUT"), HTTP))
                .doesNotThrowAnyException();
        assertThatCode(() -> catalog("mqtt5-sink").validate(Map.of("topic", "site/events", "brokerUrl", "tcp://10.0.0.1:1883",
                "username", "gw", "password", "p)w}d#%+"), MQTT)).doesNotThrowAnyException();
        assertThatCode(() -> catalog("kafka-not-secured-sink").validate(Map.of("topic", "events",
                "bootstrapServers", "10.0.0.1:9092,10.0.0.2:9092"), Set.of("kafka"))).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_other_schemes_placeholders_options_and_references_naming_the_property() throws IOException {
        KameletSchema http = catalog("http-sink");
        refused(http, Map.of("url", "file:/tmp?fileName=x"), HTTP, "url");
        refused(http, Map.of("url", "http://h/{{env:HOME}}"), HTTP, "url");
        refused(http, Map.of("url", "http://h/?x=RAW(#class:java.lang.Object)"), HTTP, "url");
        refused(http, Map.of("url", "http://h/", "method", "CONNECT"), HTTP, "method");
        refused(http, Map.of("url", "http://h/", "colour", "red"), HTTP, "colour");
        refused(http, Map.of("url", "http://h/", "location", "file:/tmp"), HTTP, "location");
        KameletSchema mqtt = catalog("mqtt5-sink");
        refused(mqtt, Map.of("topic", "t", "brokerUrl", "tcp://h:1&client=#bean:x"), MQTT, "brokerUrl");
        refused(mqtt, Map.of("topic", "t?x=y", "brokerUrl", "tcp://h:1"), MQTT, "topic");
        refused(mqtt, Map.of("topic", "t", "brokerUrl", "#class:x"), MQTT, "brokerUrl");
        assertThatThrownBy(() -> mqtt.validate(Map.of("brokerUrl", "tcp://h:1"), MQTT))
                .hasMessage("connectionConfig.properties.topic: is required by Kamelet mqtt5-sink (Topic)");
        refused(mqtt, Map.of("topic", "t", "brokerUrl", "tcp://h:1", "password", "a)&b}&c"), MQTT, "password");
    }
}
