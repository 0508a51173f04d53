package io.thinedge.eventhandlers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.thinedge.eventhandlers.event.DeviceEvent;

class EventParserTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:15:30.123456Z"), ZoneOffset.UTC);
    private final EventParser parser = new EventParser(
            new DeviceIdentity("gateway-1", "/tenant/", Map.of("pump-7", "/tenant/site-b/")), CLOCK);

    private DeviceEvent parse(String topic, String payload) {
        return parser.parse(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} is raised by {1} of type {2}")
    @CsvSource({
        "tedge/events/login_event,               gateway-1, login_event, false",
        "tedge/events/login_event/child1,        child1,    login_event, true",
        "tedge/events/login_event/,              gateway-1, login_event, false",
        "te/device/main///e/login_event,         gateway-1, login_event, false",
        "te/device/child1///e/door_open,         child1,    door_open,   true",
        "te/device/child1/service/nodered/e/up,  child1,    up,          true",
        "te/device/main/service/tedge-agent/e/restart, gateway-1, restart, false",
    })
    void should_read_device_and_type_from_the_topic(String topic, String device, String type, boolean child) {
        DeviceEvent event = parse(topic, "{}");
        assertThat(event.deviceId()).isEqualTo(device);
        assertThat(event.type()).isEqualTo(type);
        assertThat(event.childDevice()).isEqualTo(child);
        assertThat(event.sourceTopic()).isEqualTo(topic);
    }

    @ParameterizedTest(name = "time {0} is forwarded as {1}")
    @CsvSource({
        "2021-04-23T19:00:00+05:00,            2021-04-23T19:00:00+05:00",
        "2021-04-23T19:00:00+00:00,            2021-04-23T19:00:00Z",
        "2021-04-23T19:00:00Z,                 2021-04-23T19:00:00Z",
        "2021-04-23T19:00:00.100+00:00,        2021-04-23T19:00:00.1Z",
        "2021-04-23T19:00:00.120Z,             2021-04-23T19:00:00.12Z",
        "2021-04-23T19:00:00.000Z,             2021-04-23T19:00:00Z",
        "2021-04-23T19:00:00.123456789+02:00,  2021-04-23T19:00:00.123456789+02:00",
        "2021-04-23T19:00:00.000000001Z,       2021-04-23T19:00:00.000000001Z",
        "2021-04-23T19:00:00-03:30,            2021-04-23T19:00:00-03:30",
        "2021-04-23t19:00:00z,                 2021-04-23T19:00:00Z",
        "2021-04-23 19:00:00+01:00,            2021-04-23T19:00:00+01:00",
    })
    void should_normalise_the_time(String given, String forwarded) {
        DeviceEvent event = parse("tedge/events/t", "{\"time\":\"" + given + "\"}");
        assertThat(event.time()).isEqualTo(forwarded);
    }

    @Test
    void should_keep_the_instant_of_a_negative_offset() {
        DeviceEvent event = parse("tedge/events/t", "{\"time\":\"2021-04-23T19:00:00-03:30\"}");
        assertThat(event.timestampMillis()).isEqualTo(Instant.parse("2021-04-23T22:30:00Z").toEpochMilli());
    }

    @Test
    void should_treat_an_empty_payload_as_an_event_with_no_text_and_no_time() {
        DeviceEvent event = parser.parse("tedge/events/login_event", new byte[0]);
        assertThat(event.text()).isEqualTo("login_event");
        assertThat(event.time()).isEqualTo("2026-11-23T10:15:30.123Z");
        assertThat(event.extras()).isEmpty();
    }

    @Test
    void should_default_null_text_and_time() {
        DeviceEvent event = parse("tedge/events/login_event", "{\"text\":null,\"time\":null}");
        assertThat(event.text()).isEqualTo("login_event");
        assertThat(event.time()).isEqualTo("2026-11-23T10:15:30.123Z");
    }

    @Test
    void should_keep_an_empty_text_empty() {
        assertThat(parse("tedge/events/login_event", "{\"text\":\"\"}").text()).isEmpty();
    }

    @Test
    void should_keep_unicode_text() {
        assertThat(parse("tedge/events/t", "{\"text\":\"Tür offen 🚪 \\u00e9\"}").text()).isEqualTo("Tür offen 🚪 é");
    }

    @Test
    void should_keep_extras_of_every_json_kind_as_the_tree_reader_reads_them() throws Exception {
        String payload = "{\"s\":\"x \\u00e9\",\"empty\":\"\",\"t\":true,\"f\":false,\"n\":null,\"i\":1,"
                + "\"l\":12345678901,\"big\":123456789012345678901234567890,\"d\":1.50,\"e\":-2e-3,"
                + "\"o\":{\"a\":[1,\"b\",null]},\"a\":[1.0,true]}";
        JsonNode expected = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(payload);
        DeviceEvent event = parse("tedge/events/t", payload);
        assertThat(event.extras().keySet()).containsExactlyElementsOf(() -> expected.fieldNames());
        expected.fields().forEachRemaining(field -> {
            JsonNode value = event.extras().get(field.getKey());
            assertThat(value).as(field.getKey()).isEqualTo(field.getValue());
            assertThat(value.getNodeType()).as(field.getKey()).isEqualTo(field.getValue().getNodeType());
            assertThat(value.getClass()).as(field.getKey()).isEqualTo(field.getValue().getClass());
        });
    }

    @Test
    void should_keep_other_keys_as_extras_in_payload_order() {
        DeviceEvent event = parse("tedge/events/t", "{\"z\":1,\"text\":\"x\",\"a\":{\"b\":[1,2]},\"type\":\"other\"}");
        assertThat(event.extras().keySet()).containsExactly("z", "a", "type");
        assertThat(event.extras().get("a").toString()).isEqualTo("{\"b\":[1,2]}");
    }

    @Test
    void should_tag_devices_with_their_domain() {
        assertThat(parse("tedge/events/t", "{}").domain()).isEqualTo("/tenant/");
        assertThat(parse("tedge/events/t/child1", "{}").domain()).isEqualTo("/tenant/");
        assertThat(parse("tedge/events/t/pump-7", "{}").domain()).isEqualTo("/tenant/site-b/");
    }

    @ParameterizedTest(name = "{0} with {1} fails: {2}")
    @CsvSource(delimiter = '|', value = {
        "tedge/events/t          | {\"text\": \"hi\"          | Invalid JSON",
        "tedge/events/t          | [1,2]                      | Payload must be a JSON object, not an array",
        "tedge/events/t          | \"text\"                   | Payload must be a JSON object, not a string",
        "tedge/events/t          | 42                         | Payload must be a JSON object, not a number",
        "tedge/events/t          | null                       | Payload must be a JSON object, not null",
        "tedge/events/t          | {\"text\":5}               | text must be a string, not a number",
        "tedge/events/t          | {\"text\":{}}              | text must be a string, not an object",
        "tedge/events/t          | {\"time\":\"2021-04-23T19:00:00\"} | Invalid time '2021-04-23T19:00:00'",
        "tedge/events/t          | {\"time\":\"yesterday\"}   | Invalid time 'yesterday'",
        "tedge/events/t          | {\"time\":1700000000}      | time must be an RFC 3339 string, not a number",
        "tedge/events/t          | {\"text\":\"a\",\"text\":\"b\"} | Duplicate field `text`",
        "tedge/events/t          | {} {}                      | Trailing characters after the JSON object",
        "tedge/events/           | {}                         | Event type is missing from the topic",
        "tedge/events            | {}                         | Event type is missing from the topic",
        "tedge/events/t/child/x  | {}                         | Unsupported topic",
        "te/device/child1///e/   | {}                         | Event type is missing from the topic",
        "te/device/child1/x/y/e/t | {}                        | Unsupported entity topic id",
    })
    void should_reject_malformed_input(String topic, String payload, String detail) {
        assertThatThrownBy(() -> parse(topic, payload))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("Parsing of event message received on topic: " + topic + " failed due to error: ")
                .hasMessageContaining(detail);
    }

    @Test
    void should_reject_a_whitespace_only_payload() {
        assertThatThrownBy(() -> parse("tedge/events/t", "  \n "))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("Payload is blank");
    }

    @Test
    void should_say_when_a_payload_is_not_utf8() {
        byte[] payload = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> parser.parse("tedge/events/t", payload))
                .isInstanceOf(BadInputException.class)
                .hasMessage("Parsing of event message received on topic: tedge/events/t failed due to error: "
                        + "Payload is not valid UTF-8. Snipped payload: <13 bytes, not UTF-8>");
    }

    @Test
    void should_snip_the_payload_to_50_characters() {
        String text = "x".repeat(100);
        assertThatThrownBy(() -> parse("tedge/events/t", "{\"text\":\"" + text))
                .hasMessageEndingWith("Snipped payload: {\"text\":\"" + "x".repeat(41));
    }

    @Test
    void should_reject_deeply_nested_json_without_failing_hard() {
        String nested = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> parse("tedge/events/t", nested))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("Invalid JSON");
    }
}
