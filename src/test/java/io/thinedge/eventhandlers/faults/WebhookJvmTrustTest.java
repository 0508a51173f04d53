package io.thinedge.eventhandlers.faults;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.TestCertificates;

/**
 * Without {@code webhook.trust-store} HTTPS receivers are checked against the JVM's CAs: a
 * self-signed certificate, an expired one, and one of a private CA are all failed deliveries,
 * counted by the handler's breaker, and their tests fail.
 */
class WebhookJvmTrustTest {

    static final String TOKEN = "jvm-trust-token-0123456789abcdef0123456789";
    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("webhook.timeout", "3s")
            .property("handlers.retest-interval", "0")
            .token(TOKEN);
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    @Test
    void should_count_self_signed_expired_and_private_ca_certificates_as_failures() {
        try (HttpReceiver selfSigned = HttpReceiver.https(TestCertificates.selfSigned().serverContext());
                HttpReceiver expired = HttpReceiver.https(TestCertificates.expiredSelfSigned().serverContext());
                HttpReceiver privateCa = HttpReceiver.https(TestCertificates.authority().issue(false).serverContext())) {
            List<String> ids = List.of(
                    api.create("webhook", handler("self-signed", "jvm_tls_evt", webhook(selfSigned.url("/s")))),
                    api.create("webhook", handler("expired", "jvm_tls_evt", webhook(expired.url("/e")))),
                    api.create("webhook", handler("private ca", "jvm_tls_evt", webhook(privateCa.url("/p")))));

            forwarder.device().publish("tedge/events/jvm_tls_evt", "{}");
            forwarder.device().publish("tedge/events/jvm_tls_evt", "{}");

            await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> failures(id) == 2));
            for (String id : ids) {
                assertThat(forwarder.store().find(id).orElseThrow().state().lastError()).contains("SSLHandshakeException");
                assertThat(api.testExisting(id).path("successful").asBoolean()).isFalse();
            }
            assertThat(selfSigned.requests()).isEmpty();
            assertThat(expired.requests()).isEmpty();
            assertThat(privateCa.requests()).isEmpty();
        }
    }

    static int failures(String id) {
        return forwarder.store().find(id).orElseThrow().state().consecutiveFailures();
    }
}
