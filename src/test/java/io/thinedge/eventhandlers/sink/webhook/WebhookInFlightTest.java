package io.thinedge.eventhandlers.sink.webhook;

import static io.thinedge.eventhandlers.support.Handlers.json;
import static io.thinedge.eventhandlers.support.Handlers.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.SinkHarness;

/**
 * A batch through the webhook Kamelet (the events that queued up for a handler, one message each)
 * against a real receiver that counts the requests it has open at once: several devices' requests
 * in flight, up to maxInFlight, each device's in order; maxInFlight 1 one at a time, in arrival order.
 */
class WebhookInFlightTest {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    static SinkHarness context;
    static HttpReceiver receiver;

    @BeforeAll
    static void start() {
        context = SinkHarness.start(Optional.empty(), TIMEOUT);
        receiver = HttpReceiver.http();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        context.close();
    }

    @AfterEach
    void reset() {
        receiver.release();
        receiver.answer(200).clear();
    }

    /** {@code perDevice} events of each device, interleaved as they would arrive: a-0, b-0, ..., a-1, b-1, ... */
    static List<DeviceEvent> interleaved(int perDevice, String... devices) {
        List<DeviceEvent> events = new ArrayList<>();
        for (int i = 0; i < perDevice; i++) {
            for (String device : devices) {
                events.add(Handlers.deviceEvent("burst", device + "-" + i, "2024-05-01T10:00:00Z", "{}", device));
            }
        }
        return events;
    }

    static List<Message> batch(List<? extends Event> events) {
        return context.batch(events.toArray(Event[]::new));
    }

    static String config(int maxInFlight) {
        return "{\"uri\":\"" + receiver.url("/burst") + "\",\"maxInFlight\":" + maxInFlight + "}";
    }

    /** The texts the receiver got, per device, in the order it got them. */
    static Map<String, List<String>> receivedPerDevice() {
        Map<String, List<String>> texts = new LinkedHashMap<>();
        receiver.bodies().stream().map(Handlers::json).forEach(body -> texts
                .computeIfAbsent(body.path("endpointName").asText(), device -> new ArrayList<>()).add(body.path("text").asText()));
        return texts;
    }

    static List<String> texts(String device, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> device + "-" + i).toList();
    }

    @Test
    void should_have_up_to_max_in_flight_requests_open_at_once_each_devices_in_order() throws Exception {
        // answers nothing until 4 requests are open at once: a sink sending fewer times out and fails
        receiver.answerWhenOpen(4);
        try (SinkHarness.OpenSink sink = context.open(webhook(config(4)))) {
            sink.deliver(batch(interleaved(5, "a", "b", "c", "d", "e", "f")));
        }

        assertThat(receiver.requests()).hasSize(30);
        assertThat(receiver.maxOpen()).as("requests open at once").isEqualTo(4);
        Map<String, List<String>> perDevice = receivedPerDevice();
        assertThat(perDevice).containsOnlyKeys("a", "b", "c", "d", "e", "f");
        perDevice.forEach((device, texts) -> assertThat(texts).as(device).containsExactlyElementsOf(texts(device, 5)));
    }

    @Test
    void should_send_one_request_at_a_time_in_arrival_order_with_max_in_flight_1() throws Exception {
        List<DeviceEvent> events = interleaved(4, "a", "b", "c");
        try (SinkHarness.OpenSink sink = context.open(webhook(config(1)))) {
            sink.deliver(batch(events));

            assertThat(receiver.maxOpen()).isEqualTo(1);
            assertThat(receiver.bodies()).extracting(body -> json(body).path("text").asText())
                    .containsExactlyElementsOf(events.stream().map(DeviceEvent::text).toList());

            // a receiver that answers only once 2 requests are open never gets the second one
            receiver.clear();
            receiver.answerWhenOpen(2);
            assertThatThrownBy(() -> sink.deliver(batch(events))).isInstanceOf(java.io.IOException.class);
            assertThat(receiver.requests()).hasSize(1);
            assertThat(receiver.maxOpen()).isEqualTo(1);
        }
    }

    @Test
    void should_send_each_request_of_a_batch_as_a_single_event_is_sent() throws Exception {
        String config = "{\"uri\":\"" + receiver.url("/hook?site=north") + "\",\"method\":\"put\","
                + "\"auth\":{\"type\":\"token\",\"token\":\"t0k3n\"},\"additionalHeaders\":{\"X-Site\":\"north\"},"
                + "\"bodyTemplate\":\"{\\\"device\\\":\\\"$endpointName\\\",\\\"text\\\":\\\"$text\\\",\\\"zone\\\":\\\"$header.X-Zone\\\"}\"}";
        DeviceEvent event = Handlers.deviceEvent("burst", "a-0", "2024-05-01T10:00:00Z", "{}", "a");
        try (SinkHarness.OpenSink sink = context.open(webhook(config))) {
            sink.deliver(event, Map.of("X-Zone", "z1"));
            List<Message> batch = batch(List.of(event, Handlers.deviceEvent("burst", "b-0", "2024-05-01T10:00:00Z", "{}", "b")));
            batch.forEach(message -> message.setHeader("X-Zone", "z1"));
            sink.deliver(batch);
        }

        List<HttpReceiver.Request> requests = receiver.requests();
        assertThat(requests).hasSize(3);
        HttpReceiver.Request single = requests.get(0);
        HttpReceiver.Request inBatch = requests.stream().skip(1).filter(request -> request.body().contains("a-0"))
                .findFirst().orElseThrow();
        assertThat(inBatch.method()).isEqualTo(single.method()).isEqualTo("PUT");
        assertThat(inBatch.uri()).isEqualTo(single.uri()).isEqualTo("/hook?site=north");
        assertThat(inBatch.body()).isEqualTo(single.body()).contains("\"zone\":\"z1\"");
        for (String header : List.of("Authorization", "X-Site", "Content-Type", "X-Zone")) {
            assertThat(inBatch.header(header)).as(header).isEqualTo(single.header(header)).isNotNull();
        }
    }

    @Test
    void should_fail_a_batch_with_the_failed_requests_own_error_and_send_none_of_that_devices_later_events()
            throws Exception {
        receiver.answerWith(request -> request.body().contains("\"b-1\"") ? 503 : 200);
        try (SinkHarness.OpenSink sink = context.open(webhook(config(4)))) {
            assertThatThrownBy(() -> sink.deliver(batch(interleaved(4, "a", "b", "c"))))
                    .isInstanceOf(HttpOperationFailedException.class).hasMessageContaining("503");
        }

        assertThat(receivedPerDevice().get("b")).containsExactly("b-0", "b-1");
    }
}
