package io.thinedge.eventhandlers.faults;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static io.thinedge.eventhandlers.support.Handlers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.TestCertificates;

/**
 * {@code webhook.trust-store} names a PEM bundle holding a private CA: HTTPS receivers whose
 * certificate that CA issued are trusted (webhooks and the SmartREST HTTP path), while a
 * self-signed certificate and an expired one of the same CA are failed deliveries.
 */
class WebhookTrustStoreTest {

    static final String TOKEN = "trust-token-0123456789abcdef0123456789abcd";
    static final Duration WAIT = Duration.ofSeconds(20);

    static TestCertificates authority = TestCertificates.authority();

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("webhook.timeout", "3s")
            .property("handlers.retest-interval", "0")
            .property("webhook.trust-store", authority.pemFile().toString())
            .token(TOKEN);
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    @Test
    void should_deliver_to_a_receiver_whose_certificate_the_configured_ca_issued() {
        try (HttpReceiver receiver = HttpReceiver.https(authority.issue(false).serverContext())) {
            String id = api.create("webhook", handler("private ca", "ca_evt", webhook(receiver.url("/hook"))));
            forwarder.device().publish("tedge/events/ca_evt", "{\"text\":\"over tls\"}");

            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            assertThat(json(receiver.bodies().get(0)).path("text").asText()).isEqualTo("over tls");
            await().atMost(WAIT).until(() -> forwarder.store().find(id).orElseThrow().state().lastSuccessAt() != null);
            assertThat(api.testExisting(id).path("successful").asBoolean()).isTrue();
        }
    }

    @Test
    void should_count_a_self_signed_and_an_expired_certificate_as_failed_deliveries() {
        try (HttpReceiver selfSigned = HttpReceiver.https(TestCertificates.selfSigned().serverContext());
                HttpReceiver expired = HttpReceiver.https(authority.issue(true).serverContext())) {
            String untrusted = api.create("webhook", handler("self-signed", "bad_tls_evt", webhook(selfSigned.url("/s"))));
            String outdated = api.create("webhook", handler("expired", "bad_tls_evt", webhook(expired.url("/e"))));
            forwarder.device().publish("tedge/events/bad_tls_evt", "{}");

            await().atMost(WAIT).until(() -> failures(untrusted) == 1 && failures(outdated) == 1);
            for (String id : new String[] {untrusted, outdated}) {
                EventHandler handler = forwarder.store().find(id).orElseThrow();
                assertThat(handler.state().status()).isEqualTo(HandlerStatus.ACTIVE);
                assertThat(handler.state().lastError()).contains("SSLHandshakeException");
                assertThat(api.testExisting(id).path("successful").asBoolean()).isFalse();
            }
            assertThat(forwarder.store().find(outdated).orElseThrow().state().lastError()).containsIgnoringCase("validity");
            assertThat(selfSigned.requests()).isEmpty();
            assertThat(expired.requests()).isEmpty();
        }
    }

    @Test
    void should_post_a_smartrest_event_too_large_for_mqtt_to_a_receiver_the_configured_ca_issued() {
        try (HttpReceiver tenant = HttpReceiver.https(authority.issue(false).serverContext())) {
            api.create("smartrest", handler("c8y over https", "big_evt", "{\"topicPrefix\":\"c8yt\",\"uri\":\""
                    + tenant.url("") + "\",\"auth\":{\"type\":\"token\",\"token\":\"t\"},\"sourceId\":\"4242\"}"));
            forwarder.device().publish("tedge/events/big_evt", "{\"text\":\"" + "y".repeat(17_000) + "\"}");

            await().atMost(WAIT).until(() -> tenant.requests().size() == 1);
            assertThat(tenant.requests().get(0).method()).isEqualTo("POST");
            assertThat(json(tenant.bodies().get(0)).path("type").asText()).isEqualTo("big_evt");
        }
    }

    static int failures(String id) {
        return forwarder.store().find(id).orElseThrow().state().consecutiveFailures();
    }
}
