package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * The real application with a property set before dispatch (the event's MQTT topic) and a step in
 * the handler frame that reads it: the events that queued up for a handler go out in one turn, and
 * its route sees each event's property there too, as when they come one by one.
 */
class BatchedPropertiesTest {

    static final String TOKEN = "batched-properties-token-0123456789abcdef01";
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("handlers.retest-interval", "0")
            .properties(properties -> properties.put("camel.main.routes-include-pattern", "file:" + routes() + "/*.camel.yaml"))
            .token(TOKEN).deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    /** routes/ with the topic as a property before dispatch, and a frame that stops the events of mute_evt. */
    static Path routes() {
        return EditedRoutesTest.routesCopy(dispatch -> {
            String from = "      uri: \"direct:dispatch\"\n      steps:\n";
            assertThat(dispatch).contains(from);
            return dispatch.replace(from, from + """
                            - setProperty:
                                name: "tedgeTopic"
                                simple: "${header.CamelMqttTopic}"
                    """);
        }, frame -> {
            String steps = "        steps:\n          - circuitBreaker:\n";
            assertThat(frame).contains(steps);
            return frame.replace(steps, """
                            steps:
                              - filter:
                                  simple: "${exchangeProperty.tedgeTopic} ends with 'mute_evt'"
                                  steps:
                                    - stop: {}
                              - circuitBreaker:
                    """);
        });
    }

    @Test
    void should_give_the_handlers_route_each_events_properties_when_events_that_queued_up_go_out_together() {
        try (HttpReceiver receiver = HttpReceiver.http().hang()) {
            String id = api.create("webhook", "/", handler("gated", true, lifecycle("keep_evt", "mute_evt"),
                    webhook(receiver.url("/gated"))));
            List<String> burst = List.of("mute_evt m1", "keep_evt k1", "keep_evt k2", "mute_evt m2", "mute_evt m3", "keep_evt k3");
            NotifyBuilder done = new NotifyBuilder(forwarder.context()).fromRoute("tedge-events")
                    .filter(ForwarderExtension::isMqttMessage).whenDone(1 + burst.size()).create();

            forwarder.device().publish("tedge/events/keep_evt", "{\"text\":\"first\"}");
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            // the handler waits for its receiver: what comes now queues up for it and goes out in its next turn
            for (String event : burst) {
                String[] typeAndText = event.split(" ");
                forwarder.device().publish("tedge/events/" + typeAndText[0], "{\"text\":\"" + typeAndText[1] + "\"}");
            }
            HandlerLane lane = forwarder.context().getComponent(HandlerQueueComponent.SCHEME, HandlerQueueComponent.class)
                    .runtimes().lane(id);
            await().atMost(WAIT).until(() -> lane.pending() == burst.size());
            receiver.release();

            assertThat(done.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as("every event processed").isTrue();
            assertThat(receiver.bodies()).extracting(body -> json(body).get("text").asText())
                    .containsExactly("first", "k1", "k2", "k3");
        }
    }
}
