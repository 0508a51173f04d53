package io.thinedge.eventhandlers.sink.smartrest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.thinedge.eventhandlers.event.DeviceEvent;

/** Exact wire strings of the SmartREST marshaller (SPEC §4). */
class SmartRestMarshallerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T = "2024-01-02T03:04:05Z";
    private static final String US = "c8y/s/us";
    private static final String CREATE = "c8y/event/events/create";
    private static final String POST = "POST https://tenant.example/event/events/";
    private static final SmartRestTarget FULL = SmartRestTarget.of("c8y",
            Optional.of(URI.create("https://tenant.example")), Optional.empty(), Optional.of("4711"));
    private static final int LIMIT = SmartRest.MQTT_MESSAGE_LIMIT_BYTES;

    /** One row: the event, whether its child is known, the target, and what must be sent. */
    record Case(DeviceEvent event, boolean childKnown, SmartRestTarget target, List<String> wire) {
    }

    static Stream<Arguments> conversions() {
        return Stream.of(
                row("plain text", main("login_event", "hi"), US + " ← 400,login_event,\"hi\"," + T),
                row("text defaulted to the type", main("login_event", "login_event"),
                        US + " ← 400,login_event,\"login_event\"," + T),
                row("comma in text", main("t", "a,b"), US + " ← 400,t,\"a,b\"," + T),
                row("quotes are backslash-escaped, not doubled", main("t", "say \"hi\""),
                        US + " ← 400,t,\"say \\\"hi\\\"\"," + T),
                row("only a quote", main("t", "\""), US + " ← 400,t,\"\\\"\"," + T),
                // one record is one line on the wire: a line break in text becomes a space
                row("newline", main("t", "line1\nline2"), US + " ← 400,t,\"line1 line2\"," + T),
                row("carriage return", main("t", "a\rb"), US + " ← 400,t,\"a b\"," + T),
                row("CRLF and comma and quote", main("t", "x,\"y\"\r\n"), US + " ← 400,t,\"x,\\\"y\\\" \"," + T),
                row("a forged second record", main("t", "hi\n400,evil,\"x\",2024-01-01T00:00:00Z"),
                        US + " ← 400,t,\"hi 400,evil,\\\"x\\\",2024-01-01T00:00:00Z\"," + T),
                row("other control characters are dropped, tab kept", main("t", "a\u0000b\u001bc\td"),
                        US + " ← 400,t,\"abc\td\"," + T),
                row("backslash is passed as it is", main("t", "C:\\temp"), US + " ← 400,t,\"C:\\temp\"," + T),
                row("unicode", main("t", "Zürich ✓ 温度"), US + " ← 400,t,\"Zürich ✓ 温度\"," + T),
                row("emoji", main("t", "🔥 hot"), US + " ← 400,t,\"🔥 hot\"," + T),
                row("empty text stays empty", main("t", ""), US + " ← 400,t,\"\"," + T),
                row("type with a comma is quoted", main("a,b", "x"), US + " ← 400,\"a,b\",\"x\"," + T),
                row("time with offset and fraction", event("t", "x", "2024-01-02T03:04:05.1+02:00", "{}", null),
                        US + " ← 400,t,\"x\",2024-01-02T03:04:05.1+02:00"),
                row("another topic prefix", new Case(main("t", "x"), true, SmartRestTarget.of("cloud",
                        Optional.empty(), Optional.empty(), Optional.empty()), null), "cloud/s/us ← 400,t,\"x\"," + T),
                row("extras go as JSON", event("t", "hi", T, "{\"foo\":\"bar\"}", null),
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\",\"foo\":\"bar\"}"),
                row("nested extras keep their shape", event("t", "hi", T,
                        "{\"c8y_Position\":{\"lat\":1.5,\"lng\":2},\"tags\":[\"a\",\"b\"],\"n\":null,\"flag\":true}", null),
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\","
                                + "\"c8y_Position\":{\"lat\":1.5,\"lng\":2},\"tags\":[\"a\",\"b\"],\"n\":null,\"flag\":true}"),
                row("extras keep payload order", event("t", "hi", T, "{\"z\":1,\"a\":2,\"m\":3}", null),
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\",\"z\":1,\"a\":2,\"m\":3}"),
                row("payload type overrides the topic's and is not repeated",
                        event("t", "hi", T, "{\"foo\":1,\"type\":\"custom\",\"bar\":2}", null),
                        CREATE + " ← {\"type\":\"custom\",\"time\":\"" + T + "\",\"text\":\"hi\",\"foo\":1,\"bar\":2}"),
                row("payload type alone is an extra: JSON", event("t", "hi", T, "{\"type\":\"custom\"}", null),
                        CREATE + " ← {\"type\":\"custom\",\"time\":\"" + T + "\",\"text\":\"hi\"}"),
                row("null payload type keeps the topic's", event("t", "hi", T, "{\"type\":null}", null),
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\"}"),
                row("JSON escapes quotes and newlines its own way", event("t", "a \"b\"\nc", T, "{\"k\":\"ü🔥\"}", null),
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"a \\\"b\\\"\\nc\",\"k\":\"ü🔥\"}"),
                row("main device keeps a payload externalSource", event("t", "hi", T,
                        "{\"externalSource\":{\"externalId\":\"x\",\"type\":\"y\"}}", null),
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\","
                                + "\"externalSource\":{\"externalId\":\"x\",\"type\":\"y\"}}"),
                row("new child is registered first", new Case(event("t", "hi", T, "{}", "pump-7"), false, FULL, null),
                        US + " ← 101,pump-7,pump-7,thin-edge.io-child",
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\","
                                + "\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"}}"),
                row("known child is not registered again", new Case(event("t", "hi", T, "{}", "pump-7"), true, FULL, null),
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\","
                                + "\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"}}"),
                row("child replaces a payload externalSource", new Case(event("t", "hi", T,
                        "{\"a\":1,\"externalSource\":{\"externalId\":\"evil\",\"type\":\"x\"},\"b\":2}", "pump-7"), true, FULL, null),
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\",\"a\":1,\"b\":2,"
                                + "\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"}}"),
                row("child id with a comma is quoted in 101", new Case(event("t", "hi", T, "{}", "a,b"), false, FULL, null),
                        US + " ← 101,\"a,b\",\"a,b\",thin-edge.io-child",
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\","
                                + "\"externalSource\":{\"externalId\":\"a,b\",\"type\":\"c8y_Serial\"}}"),
                row("SmartREST of 16183 bytes goes over MQTT", main("t", smartRestTextOf(LIMIT - 1, "x")),
                        US + " ← 400,t,\"" + smartRestTextOf(LIMIT - 1, "x") + "\"," + T),
                row("SmartREST of 16184 bytes is POSTed", main("t", smartRestTextOf(LIMIT, "x")),
                        POST + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"" + smartRestTextOf(LIMIT, "x")
                                + "\",\"source\":{\"id\":\"4711\"}}"),
                row("2-byte characters up to 16183 bytes go over MQTT", main("t", smartRestTextOf(LIMIT - 1, "é")),
                        US + " ← 400,t,\"" + smartRestTextOf(LIMIT - 1, "é") + "\"," + T),
                row("a 4-byte emoji ending at 16183 bytes goes over MQTT", main("t", smartRestTextOf(LIMIT - 5, "x") + "🔥"),
                        US + " ← 400,t,\"" + smartRestTextOf(LIMIT - 5, "x") + "🔥\"," + T),
                row("a 4-byte emoji ending at 16184 bytes is POSTed", main("t", smartRestTextOf(LIMIT - 4, "x") + "🔥"),
                        POST + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"" + smartRestTextOf(LIMIT - 4, "x")
                                + "🔥\",\"source\":{\"id\":\"4711\"}}"),
                row("a 4-byte emoji crossing the limit is POSTed", main("t", smartRestTextOf(LIMIT - 3, "x") + "🔥"),
                        POST + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"" + smartRestTextOf(LIMIT - 3, "x")
                                + "🔥\",\"source\":{\"id\":\"4711\"}}"),
                row("JSON of 16183 bytes goes over MQTT", event("t", "hi", T, "{\"k\":\"" + jsonValueOf(LIMIT - 1) + "\"}", null),
                        CREATE + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\",\"k\":\"" + jsonValueOf(LIMIT - 1) + "\"}"),
                row("JSON of 16184 bytes is POSTed with source.id", event("t", "hi", T, "{\"k\":\"" + jsonValueOf(LIMIT) + "\"}", null),
                        POST + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\",\"k\":\"" + jsonValueOf(LIMIT)
                                + "\",\"source\":{\"id\":\"4711\"}}"),
                row("large event of a new child: 101 over MQTT, then the GET of its own managed-object id",
                        new Case(event("t", "hi", T, "{\"k\":\"" + "y".repeat(LIMIT) + "\"}", "pump-7"), false, FULL, null),
                        US + " ← 101,pump-7,pump-7,thin-edge.io-child",
                        "GET https://tenant.example/identity/externalIds/c8y_Serial/pump-7"),
                row("large event of a child whose id is not a plain path segment", new Case(event("t", "hi", T,
                        "{\"k\":\"" + "y".repeat(LIMIT) + "\"}", "pump 7/a+b"), true, FULL, null),
                        "GET https://tenant.example/identity/externalIds/c8y_Serial/pump%207%2Fa%2Bb"),
                row("tenant URL with a trailing slash", new Case(main("t", "z".repeat(LIMIT)), true,
                        SmartRestTarget.of("c8y", Optional.of(URI.create("https://tenant.example/")), Optional.empty(),
                                Optional.of("1")), null),
                        POST + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"" + "z".repeat(LIMIT)
                                + "\",\"source\":{\"id\":\"1\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void should_convert_to_the_exact_wire_messages(String name, Case row) {
        List<String> wire = new SmartRestMarshaller(row.target()).marshal(row.event(), row.childKnown(), Optional.empty()).stream()
                .map(SmartRestMarshallerTest::wire).toList();

        assertThat(wire).containsExactlyElementsOf(row.wire());
    }

    static Stream<Arguments> undeliverable() {
        SmartRestTarget noUrl = SmartRestTarget.builtIn(settings(null, "4711"), Optional.empty());
        SmartRestTarget noSourceId = SmartRestTarget.builtIn(settings("https://tenant.example", null), Optional.empty());
        SmartRestTarget handlerNoUrl = SmartRestTarget.of("c8y", Optional.empty(), Optional.empty(), Optional.empty());
        return Stream.of(
                arguments("no c8y.url", noUrl, main("t", "x".repeat(LIMIT)), "c8y.url is not set"),
                arguments("no c8y.source-id", noSourceId, main("t", "x".repeat(LIMIT)), "c8y.source-id is not set"),
                arguments("handler without uri", handlerNoUrl, event("t", "hi", T, "{\"k\":\"" + "x".repeat(LIMIT) + "\"}", null),
                        "connectionConfig.uri is not set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undeliverable")
    void should_fail_with_a_clear_error_when_too_large_and_no_https(String name, SmartRestTarget target, DeviceEvent event,
            String expected) {
        assertThatThrownBy(() -> new SmartRestMarshaller(target).marshal(event, true, Optional.empty()))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining("too large for MQTT")
                .hasMessageContaining(event.sourceTopic())
                .satisfies(e -> assertThat(((MessageTooLargeException) e).sizeBytes()).isGreaterThanOrEqualTo(LIMIT));
    }

    @Test
    void should_post_a_large_event_of_a_child_with_the_childs_own_managed_object_id() {
        DeviceEvent large = event("t", "hi", T, "{\"k\":\"" + "y".repeat(LIMIT) + "\"}", "pump-7");

        C8yMessage message = new SmartRestMarshaller(FULL).convert(large, Optional.of("9001"));

        assertThat(wire(message)).isEqualTo(POST + " ← {\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\",\"k\":\""
                + "y".repeat(LIMIT) + "\",\"externalSource\":{\"externalId\":\"pump-7\",\"type\":\"c8y_Serial\"},"
                + "\"source\":{\"id\":\"9001\"}}");
    }

    @Test
    void should_look_up_a_large_childs_id_even_without_the_main_devices_source_id() {
        SmartRestTarget noSourceId = SmartRestTarget.of("c8y", Optional.of(URI.create("https://tenant.example/")),
                Optional.empty(), Optional.empty());

        C8yMessage message = new SmartRestMarshaller(noSourceId)
                .convert(event("t", "y".repeat(LIMIT), T, "{}", "pump-7"), Optional.empty());

        assertThat(message).isEqualTo(new C8yMessage.IdentityLookup(
                URI.create("https://tenant.example/identity/externalIds/c8y_Serial/pump-7"), "pump-7"));
    }

    @Test
    void should_keep_the_configured_source_id_for_the_main_device_whatever_child_id_is_given() {
        C8yMessage message = new SmartRestMarshaller(FULL).convert(main("t", "z".repeat(LIMIT)), Optional.of("9001"));

        assertThat(message.payload()).endsWith(",\"source\":{\"id\":\"4711\"}}");
    }

    @Test
    void should_measure_the_boundary_cases_in_utf8_bytes() {
        // the table's boundary rows are only meaningful if the helpers hit the sizes exactly
        SmartRestMarshaller marshaller = new SmartRestMarshaller(SmartRestTarget.of("c8y", Optional.empty(),
                Optional.empty(), Optional.empty()));
        assertThat(marshaller.convert(main("t", smartRestTextOf(LIMIT - 1, "x"))).sizeBytes()).isEqualTo(LIMIT - 1);
        assertThat(marshaller.convert(main("t", smartRestTextOf(LIMIT - 1, "é"))).sizeBytes()).isEqualTo(LIMIT - 1);
        assertThat(marshaller.convert(event("t", "hi", T, "{\"k\":\"" + jsonValueOf(LIMIT - 1) + "\"}", null))
                .sizeBytes()).isEqualTo(LIMIT - 1);
        assertThat(("400,t,\"" + smartRestTextOf(LIMIT, "x") + "\"," + T).getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);
        assertThat(("400,t,\"" + smartRestTextOf(LIMIT - 3, "x") + "🔥\"," + T).length()).isLessThan(LIMIT);
    }

    @Test
    void should_reject_an_invalid_topic_prefix_or_url() {
        assertThatThrownBy(() -> SmartRestTarget.of("c8y/", Optional.empty(), Optional.empty(), Optional.empty()))
                .hasMessageContaining("topic prefix");
        assertThatThrownBy(() -> SmartRestTarget.builtIn(settings("ftp://tenant", null), Optional.empty()))
                .hasMessageContaining("c8y.url");
    }

    // --- helpers --------------------------------------------------------------------------------

    private static Arguments row(String name, DeviceEvent event, String... wire) {
        return row(name, new Case(event, true, FULL, null), wire);
    }

    private static Arguments row(String name, Case row, String... wire) {
        return arguments(name, new Case(row.event(), row.childKnown(), row.target(), List.of(wire)));
    }

    private static String wire(C8yMessage message) {
        if (message instanceof C8yMessage.Mqtt mqtt) {
            return mqtt.topic() + " ← " + mqtt.payload();
        }
        if (message instanceof C8yMessage.IdentityLookup lookup) {
            return "GET " + lookup.uri();
        }
        return "POST " + ((C8yMessage.HttpPost) message).uri() + " ← " + message.payload();
    }

    /** A text that makes {@code 400,t,"<text>",<T>} exactly {@code bytes} long in UTF-8. */
    private static String smartRestTextOf(int bytes, String unit) {
        int overhead = ("400,t,\"\"," + T).getBytes(StandardCharsets.UTF_8).length;
        int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
        int room = bytes - overhead;
        return unit.repeat(room / unitBytes) + "x".repeat(room % unitBytes);
    }

    /** A value that makes {@code {"type":"t","time":T,"text":"hi","k":"<value>"}} exactly {@code bytes} long. */
    private static String jsonValueOf(int bytes) {
        int overhead = ("{\"type\":\"t\",\"time\":\"" + T + "\",\"text\":\"hi\",\"k\":\"\"}").length();
        return "v".repeat(bytes - overhead);
    }

    static DeviceEvent main(String type, String text) {
        return event(type, text, T, "{}", null);
    }

    static DeviceEvent event(String type, String text, String time, String extrasJson, String child) {
        return io.thinedge.eventhandlers.support.Handlers.deviceEvent(type, text, time, extrasJson, child);
    }

    static io.thinedge.eventhandlers.config.Settings settings(String url, String sourceId) {
        Map<String, String> values = new LinkedHashMap<>(Map.ofEntries(
                Map.entry("tedge.mqtt.host", "127.0.0.1"), Map.entry("tedge.mqtt.port", "1883"),
                Map.entry("tedge.mqtt.client-id", "x"), Map.entry("tedge.mqtt.session-expiry-seconds", "60"),
                Map.entry("tedge.mqtt.receive-maximum", "10"), Map.entry("tedge.mqtt.reconnect-delay", "1s"),
                Map.entry("tedge.device.id", "main"), Map.entry("tedge.device.domain", "/"),
                Map.entry("tedge.errors.topic", "tedge/errors"), Map.entry("store.dir", "data"),
                Map.entry("api.tokens-file", "t"), Map.entry("webhook.timeout", "10s"),
                Map.entry("handlers.retest-interval", "60s"), Map.entry("deadletter.max-events", "10"),
                Map.entry("c8y.enabled", "true"), Map.entry("c8y.topic-prefix", "c8y")));
        if (url != null) {
            values.put("c8y.url", url);
        }
        if (sourceId != null) {
            values.put("c8y.source-id", sourceId);
        }
        return io.thinedge.eventhandlers.config.Settings.load(key -> Optional.ofNullable(values.get(key)));
    }
}
