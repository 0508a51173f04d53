package io.thinedge.eventhandlers.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.ingest.DeviceIdentity;
import io.thinedge.eventhandlers.ingest.EventParser;
import io.thinedge.eventhandlers.sink.webhook.InfluxPrecision;
import io.thinedge.eventhandlers.support.Handlers;

class EventPayloadsTest {

    @Test
    void should_write_an_event_without_extras_with_an_empty_data_object() {
        assertThat(EventPayloads.genericJson(Handlers.event("boot", "Booted", Map.of()))).isEqualTo(
                "{\"eventType\":\"boot\",\"endpointName\":\"pump-1\",\"domain\":\"/tenant/site/\",\"timestamp\":1714557600500,"
                        + "\"time\":\"2024-05-01T10:00:00.5Z\",\"text\":\"Booted\",\"data\":{}}");
    }

    @Test
    void should_write_the_kafka_payload_as_utf8_json() {
        DeviceEvent event = Handlers.event("tür", "Tür geöffnet ✓ 𝄞", Map.of());

        byte[] bytes = EventPayloads.genericJsonBytes(event);

        assertThat(bytes).isEqualTo(("{\"eventType\":\"tür\",\"endpointName\":\"pump-1\",\"domain\":\"/tenant/site/\","
                + "\"timestamp\":1714557600500,\"time\":\"2024-05-01T10:00:00.5Z\",\"text\":\"Tür geöffnet ✓ 𝄞\","
                + "\"data\":{}}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_write_extras_of_every_json_kind_as_the_device_sent_them() {
        String extras = "{\"s\":\"x é 𝄞\",\"empty\":\"\",\"t\":true,\"f\":false,\"n\":null,\"i\":1,"
                + "\"l\":12345678901,\"big\":123456789012345678901234567890,\"d\":1.50,\"e\":-0.0000002,"
                + "\"o\":{\"a\":[1,\"b\",null],\"none\":[]},\"a\":[1.0,true]}";
        EventParser parser = new EventParser(new DeviceIdentity("gw", "/", Map.of()), java.time.Clock.systemUTC());
        DeviceEvent event = parser.parse("tedge/events/t", ("{\"text\":\"x\",\"time\":\"2024-05-01T10:00:00Z\","
                + extras.substring(1)).getBytes(StandardCharsets.UTF_8));

        // decimals as the parser keeps them (trailing zeros stripped), everything else as sent
        assertThat(EventPayloads.genericJson(event)).endsWith(",\"data\":" + extras.replace("1.50", "1.5").replace("1.0,", "1,") + "}");
    }

    @Test
    void should_write_telemetry_values_as_plain_numbers() {
        assertThat(EventPayloads.genericJson(Handlers.telemetry("/Climate/humidity", "1E+3")))
                .contains("\"url\":\"/Climate/humidity\",\"value\":1000,");
    }

    @Test
    void should_escape_tags_field_keys_and_string_fields_of_line_protocol() {
        DeviceEvent event = new DeviceEvent("dev,1 a=b", true, "/t s/", "x=y", "back\\slash \"q\"\nline", "t", 5,
                Map.of(), "topic");
        assertThat(EventPayloads.influxLine(event, InfluxPrecision.MILLISECONDS)).isEqualTo(
                "deviceEvent,domain=/t\\ s/,endpointName=dev\\,1\\ a\\=b,eventType=x\\=y text=\"back\\\\slash \\\"q\\\"\\nline\" 5");
        assertThat(EventPayloads.influxLine(Handlers.telemetry("/a b,c=d", "-2.50"), InfluxPrecision.MILLISECONDS))
                .isEqualTo("telemetryEvent,domain=/,endpointName=main,eventType=telemetry /a\\ b\\,c\\=d=-2.50 1714557600000");
    }

    @Test
    void should_write_an_empty_tag_value_as_an_escaped_space() {
        assertThat(EventPayloads.influxLine(new DeviceEvent("", false, "/", "t", "", "t", 1, Map.of(), "x"),
                InfluxPrecision.MILLISECONDS))
                .isEqualTo("deviceEvent,domain=/,endpointName=\\ ,eventType=t text=\"\" 1");
    }
}
