package io.thinedge.eventhandlers.sink.smartrest;

import static io.thinedge.eventhandlers.sink.smartrest.SmartRestMarshallerTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class SmartRestDataFormatTest {

    private final SmartRestDataFormat format = new SmartRestDataFormat(new SmartRestMarshaller(SmartRestTarget.of("c8y",
            Optional.of(URI.create("https://tenant.example")), Optional.empty(), Optional.of("4711"))));

    @Test
    void should_marshal_an_event_to_its_smartrest_line_and_say_where_it_goes() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        format.marshal(exchange, event("login_event", "hi", "2024-01-02T03:04:05Z", "{}", null), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("400,login_event,\"hi\",2024-01-02T03:04:05Z");
        assertThat(exchange.getVariable(SmartRestDataFormat.TRANSPORT)).isEqualTo("mqtt");
        assertThat(exchange.getVariable(SmartRestDataFormat.DESTINATION)).isEqualTo("c8y/s/us");
    }

    @Test
    void should_marshal_a_large_event_to_the_json_to_post() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        format.marshal(exchange, event("t", "x".repeat(SmartRest.MQTT_MESSAGE_LIMIT_BYTES), "2024-01-02T03:04:05Z", "{}",
                null), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith(",\"source\":{\"id\":\"4711\"}}");
        assertThat(exchange.getVariable(SmartRestDataFormat.TRANSPORT)).isEqualTo("http");
        assertThat(exchange.getVariable(SmartRestDataFormat.DESTINATION))
                .isEqualTo("https://tenant.example/event/events/");
    }

    @Test
    void should_ask_for_the_lookup_of_a_large_childs_id_then_post_with_it() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        var largeChildEvent = event("t", "x".repeat(SmartRest.MQTT_MESSAGE_LIMIT_BYTES), "2024-01-02T03:04:05Z", "{}", "pump-7");

        format.marshal(exchange, largeChildEvent, new ByteArrayOutputStream());
        assertThat(exchange.getVariable(SmartRestDataFormat.TRANSPORT)).isEqualTo("lookup");
        assertThat(exchange.getVariable(SmartRestDataFormat.DESTINATION))
                .isEqualTo("https://tenant.example/identity/externalIds/c8y_Serial/pump-7");

        exchange.setVariable(SmartRestDataFormat.CHILD_SOURCE_ID, "9001");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.marshal(exchange, largeChildEvent, out);
        assertThat(exchange.getVariable(SmartRestDataFormat.TRANSPORT)).isEqualTo("http");
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith(",\"source\":{\"id\":\"9001\"}}");
    }
}
