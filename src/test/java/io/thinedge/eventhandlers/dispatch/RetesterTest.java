package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * The automatic re-test of failed handlers, in the real application: each handler's re-test runs
 * on its own, so a receiver that hangs (longer than a re-test may wait) holds back no other.
 */
class RetesterTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            // a hanging receiver holds its probe for longer than a re-test waits (2 minutes)
            .property("webhook.timeout", "10m")
            .property("handlers.retest-interval", "1s")
            .token("retester-token-0123456789abcdef0123456789").deletingHandlersAfterEach();
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    @Test
    void should_re_enable_a_recovered_handler_while_another_handlers_re_test_hangs() {
        try (HttpReceiver hanging = HttpReceiver.http().answer(500); HttpReceiver recovering = HttpReceiver.http().answer(500)) {
            // created first: the store lists it first, so its re-test is started first in each cycle
            String stuck = api.create("webhook", "/", handler("hangs", true, lifecycle("rt_evt"), webhook(hanging.url("/h"))));
            String back = api.create("webhook", "/", handler("recovers", true, lifecycle("rt_evt"), webhook(recovering.url("/r"))));
            for (int i = 1; i <= 5; i++) {
                forwarder.publishEventAndWait("rt_evt", "r" + i);
            }
            await().atMost(WAIT).until(() -> forwarder.status(stuck) == HandlerStatus.FAILED
                    && forwarder.status(back) == HandlerStatus.FAILED);

            hanging.hang();
            int before = hanging.requests().size();
            await().atMost(WAIT).until(() -> hanging.requests().size() > before); // its re-test is under way, and hangs
            recovering.answer(200);

            try {
                await().atMost(WAIT).until(() -> forwarder.status(back) == HandlerStatus.ACTIVE
                        && forwarder.deadLetters().size(back) == 0);
                assertThat(forwarder.status(stuck)).isEqualTo(HandlerStatus.FAILED);
                assertThat(hanging.requests()).as("one re-test at a time per handler").hasSize(before + 1);
            } finally {
                hanging.release();
            }
        }
    }
}
