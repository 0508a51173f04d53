package io.thinedge.eventhandlers.sink.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.support.Handlers;

/** The exact bodies a template gives: which names it knows, and how values are escaped where. */
class BodyTemplateTest {

    static final Event EVENT = Handlers.event("door", "say \"hi\"\nbye", extras());
    static final Event TELEMETRY = Handlers.telemetry("/Climate/humidity", "50.50");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // plain text: values as they are
        "$endpointName: $eventType at $time ($timestamp) in $domain | pump-1: door at 2024-05-01T10:00:00.5Z (1714557600500) in /tenant/site/",
        "${deviceId}/${variable.type}/$data.user/${data.the key}   | pump-1/door/al\"ice/v",
        "costs $5, $$text is literal, a lone $                    | costs $5, $text is literal, a lone $",
        "$data                                                    | {\"user\":\"al\\\"ice\",\"floor\":3,\"the key\":\"v\"}",
        "at [$url/$value] $eventType.length()                     | at [/] door.length()",
        // JSON: escaped inside strings, JSON values outside them
        "{\"t\":\"$text\"}                                        | {\"t\":\"say \\\"hi\\\"\\nbye\"}",
        "{\"t\":$text,\"u\":$data.user,\"f\":$data.floor}         | {\"t\":\"say \\\"hi\\\"\\nbye\",\"u\":\"al\\\"ice\",\"f\":3}",
        "{\"q\":\"a \\\"$text\\\" b\",\"n\":$value}               | {\"q\":\"a \\\"say \\\"hi\\\"\\nbye\\\" b\",\"n\":null}",
        "{\"floor\":\"$data.floor\",\"none\":\"$data.missing\"}   | {\"floor\":\"3\",\"none\":\"\"}",
        "{\"d\":\"$data\"}                                        | {\"d\":\"{\\\"user\\\":\\\"al\\\\\\\"ice\\\",\\\"floor\\\":3,\\\"the key\\\":\\\"v\\\"}\"}"})
    void should_render_an_event(String template, String body) {
        assertThat(BodyTemplate.parse(template, "f").render(EVENT, NO_HEADERS)).isEqualTo(body);
    }

    private static final java.util.function.Function<String, Object> NO_HEADERS = name -> null;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "at $header.X-Site, ${header.X-Site}, [$header.X-None]   | at plant \"7\", plant \"7\", []",
        "{\"site\":\"$header.X-Site\",\"none\":$header.X-None} | {\"site\":\"plant \\\"7\\\"\",\"none\":null}"})
    void should_put_headers_set_before_dispatch_as_text(String template, String body) {
        Map<String, Object> headers = Map.of("X-Site", "plant \"7\"");
        assertThat(BodyTemplate.parse(template.strip(), "f").render(EVENT, headers::get)).isEqualTo(body.strip());
    }

    private static Map<String, JsonNode> extras() {
        Map<String, JsonNode> extras = new LinkedHashMap<>();
        extras.put("user", new TextNode("al\"ice"));
        extras.put("floor", new IntNode(3));
        extras.put("the key", new TextNode("v"));
        return extras;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"path\":\"$url\",\"v\":$value,\"text\":$text} | {\"path\":\"/Climate/humidity\",\"v\":50.50,\"text\":null}",
        "$path=$value at $time                         | /Climate/humidity=50.50 at 2024-05-01T10:00:00Z"})
    void should_render_telemetry(String template, String body) {
        assertThat(BodyTemplate.parse(template.strip(), "f").render(TELEMETRY, NO_HEADERS)).isEqualTo(body.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "${sys.user.home}", "$HOME", "${env:PATH}", "$textual", "${data}x${bean:db}", "${open", "$datax"})
    void should_refuse_any_other_name(String template) {
        assertThatThrownBy(() -> BodyTemplate.parse(template, "connectionConfig.bodyTemplate"))
                .isInstanceOf(InvalidHandlerException.class).hasMessageStartingWith("connectionConfig.bodyTemplate: ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"{} | application/json", "  [1] | application/json", "hi {x} | text/plain; charset=utf-8"})
    void should_send_json_only_for_a_json_looking_template(String template, String contentType) {
        assertThat(BodyTemplate.parse(template, "f").contentType()).isEqualTo(contentType.strip());
    }
}
