package io.thinedge.eventhandlers.sink.webhook;

import static io.thinedge.eventhandlers.support.Handlers.loginEvent;
import static io.thinedge.eventhandlers.support.Handlers.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;

import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.config.InvalidSettingException;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.SinkHarness;
import io.thinedge.eventhandlers.support.TestCertificates;

/** {@code webhook.trust-store}: PEM bundles and PKCS12 stores, against real HTTPS receivers; bad files stop the start. */
class WebhookTrustTest {

    static Optional<SSLContextParameters> trust(Map<String, String> config) {
        return WebhookTrust.fromConfig(key -> Optional.ofNullable(config.get(key)));
    }

    static void deliver(SSLContextParameters trust, HttpReceiver receiver) throws Exception {
        try (SinkHarness camel = SinkHarness.start(Optional.of(trust), Duration.ofSeconds(3))) {
            camel.deliver(webhook("{\"uri\":\"" + receiver.url("/hook") + "\"}"), loginEvent());
        }
    }

    @Test
    void should_use_the_jvm_trust_when_no_trust_store_is_set() {
        assertThat(trust(Map.of())).isEmpty();
        assertThat(trust(Map.of(WebhookTrust.TRUST_STORE, " "))).isEmpty();
    }

    @Test
    void should_trust_exactly_the_cas_of_a_password_protected_pkcs12_store() throws Exception {
        TestCertificates authority = TestCertificates.authority();
        SSLContextParameters parameters = trust(Map.of(WebhookTrust.TRUST_STORE, authority.trustStoreFile("s3cret").toString(),
                WebhookTrust.TRUST_STORE_PASSWORD, "s3cret")).orElseThrow();
        try (HttpReceiver issued = HttpReceiver.https(authority.issue(false).serverContext());
                HttpReceiver other = HttpReceiver.https(TestCertificates.selfSigned().serverContext())) {
            deliver(parameters, issued);
            assertThat(issued.requests()).hasSize(1);
            assertThatThrownBy(() -> deliver(parameters, other)).isInstanceOf(SSLHandshakeException.class);
            assertThat(other.requests()).isEmpty();
        }
    }

    @Test
    void should_trust_every_ca_of_a_pem_bundle() throws Exception {
        TestCertificates first = TestCertificates.authority();
        TestCertificates second = TestCertificates.authority();
        Path bundle = Files.createTempFile("bundle", ".pem");
        Files.writeString(bundle, Files.readString(first.pemFile()) + Files.readString(second.pemFile()));
        SSLContextParameters parameters = trust(Map.of(WebhookTrust.TRUST_STORE, bundle.toString())).orElseThrow();
        try (HttpReceiver one = HttpReceiver.https(first.issue(false).serverContext());
                HttpReceiver two = HttpReceiver.https(second.issue(false).serverContext())) {
            deliver(parameters, one);
            deliver(parameters, two);
            assertThat(one.requests()).hasSize(1);
            assertThat(two.requests()).hasSize(1);
        }
    }

    @Test
    void should_stop_the_start_naming_the_key_when_the_trust_store_cannot_be_used() throws Exception {
        Path empty = Files.createTempFile("empty", ".pem");
        Files.writeString(empty, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        Path store = TestCertificates.selfSigned().trustStoreFile("right");

        assertThatThrownBy(() -> trust(Map.of(WebhookTrust.TRUST_STORE, "/nonexistent/ca.pem")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("webhook.trust-store ");
        assertThatThrownBy(() -> trust(Map.of(WebhookTrust.TRUST_STORE, empty.toString())))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("webhook.trust-store ");
        assertThatThrownBy(() -> trust(Map.of(WebhookTrust.TRUST_STORE, store.toString(),
                WebhookTrust.TRUST_STORE_PASSWORD, "wrong")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("webhook.trust-store-password")
                .hasMessageNotContaining("wrong");
    }
}
