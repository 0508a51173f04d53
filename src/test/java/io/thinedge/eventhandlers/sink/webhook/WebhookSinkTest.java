package io.thinedge.eventhandlers.sink.webhook;

import static io.thinedge.eventhandlers.support.Handlers.json;
import static io.thinedge.eventhandlers.support.Handlers.loginEvent;
import static io.thinedge.eventhandlers.support.Handlers.telemetry;
import static io.thinedge.eventhandlers.support.Handlers.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.SinkHarness;
import io.thinedge.eventhandlers.support.TestCertificates;

/** The webhook sink against real HTTP and HTTPS receivers. */
class WebhookSinkTest {

    static final Duration TIMEOUT = Duration.ofMillis(1500);

    static SinkHarness context;
    static SinkHarness trustingContext;
    static HttpReceiver receiver;
    static HttpReceiver trustedHttps;
    static HttpReceiver untrustedHttps;

    @BeforeAll
    static void start() {
        context = SinkHarness.start(Optional.empty(), TIMEOUT);
        TestCertificates trusted = TestCertificates.selfSigned();
        trustingContext = SinkHarness.start(Optional.of(trusted.trustingParameters()), TIMEOUT);
        receiver = HttpReceiver.http();
        trustedHttps = HttpReceiver.https(trusted.serverContext());
        untrustedHttps = HttpReceiver.https(TestCertificates.selfSigned().serverContext());
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.close();
        trustedHttps.close();
        untrustedHttps.close();
        context.close();
        trustingContext.close();
    }

    @AfterEach
    void reset() {
        receiver.release();
        receiver.answer(200).clear();
    }

    /** One event through the tedge-webhook-sink Kamelet; its failure thrown as the client raised it. */
    static void deliver(SinkHarness camel, String connectionConfig, io.thinedge.eventhandlers.event.Event event)
            throws Exception {
        camel.deliver(webhook(connectionConfig), event);
    }

    @ParameterizedTest
    @ValueSource(strings = {"post", "put", "patch"})
    void should_send_the_generic_json_with_the_configured_method(String method) throws Exception {
        deliver(context, "{\"uri\":\"" + receiver.url("/hook") + "\",\"method\":\"" + method + "\"}", loginEvent());

        HttpReceiver.Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo(method.toUpperCase());
        assertThat(request.uri()).isEqualTo("/hook");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                {"eventType":"login_event","endpointName":"pump-1","domain":"/tenant/site/","timestamp":1714557600500,
                 "time":"2024-05-01T10:00:00.5Z","text":"Someone logged in","data":{"user":"alice"}}"""));
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void should_post_by_default_and_keep_the_configured_path_and_query() throws Exception {
        deliver(context, "{\"uri\":\"" + receiver.url("/a/b?x=1&y=two%20words") + "\"}", telemetry("/temperature", "25"));

        HttpReceiver.Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/a/b?x=1&y=two%20words");
        assertThat(json(request.body())).isEqualTo(json("""
                {"eventType":"telemetry","endpointName":"main","domain":"/","url":"/temperature","value":25,
                 "timestamp":1714557600000}"""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"basic\",\"user\":\"u\",\"password\":\"p:w\"}|Basic dTpwOnc=",
        "{\"type\":\"token\",\"token\":\"t0k3n\"}|Bearer t0k3n",
        "{\"type\":\"customAuth\",\"value\":\"ApiKey abc\"}|ApiKey abc"})
    void should_send_the_authorization_of_each_auth_scheme_and_the_additional_headers(String auth, String expected)
            throws Exception {
        deliver(context, "{\"uri\":\"" + receiver.url("/hook") + "\",\"auth\":" + auth
                + ",\"additionalHeaders\":{\"X-Site\":\"north\",\"X-Api-Key\":\"k1\"}}", loginEvent());

        HttpReceiver.Request request = receiver.requests().get(0);
        assertThat(request.header("Authorization")).isEqualTo(expected);
        assertThat(request.header("X-Site")).isEqualTo("north");
        assertThat(request.header("X-Api-Key")).isEqualTo("k1");
        assertThat(new String(Base64.getDecoder().decode("dTpwOnc="))).isEqualTo("u:p:w");
    }

    @Test
    void should_send_influx_line_protocol_with_escaping() throws Exception {
        String config = "{\"uri\":\"" + receiver.url("/write?precision=ms") + "\",\"format\":\"influxDb\"}";
        deliver(context, config, io.thinedge.eventhandlers.support.Handlers.event("door open", "said \"hi\", left",
                java.util.Map.of()));
        deliver(context, config, telemetry("/Climate/humidity", "50.5"));

        assertThat(receiver.requests().get(0).header("Content-Type")).startsWith("text/plain");
        assertThat(receiver.bodies()).containsExactly(
                "deviceEvent,domain=/tenant/site/,endpointName=pump-1,eventType=door\\ open text=\"said \\\"hi\\\", left\" 1714557600500",
                "telemetryEvent,domain=/,endpointName=main,eventType=telemetry /Climate/humidity=50.5 1714557600000");
    }

    @ParameterizedTest
    @CsvSource({
        "/api/v2/write?org=o&bucket=b,               1714557600500000000",
        "/api/v2/write?org=o&bucket=b&precision=us,  1714557600500000",
        "/api/v2/write?precision=s&bucket=b,         1714557600",
        "/write?db=d,                                1714557600500000000",
        "/write?db=d&precision=u,                    1714557600500000"})
    void should_write_influx_timestamps_in_the_unit_of_the_uri_precision(String path, String timestamp) throws Exception {
        deliver(context, "{\"uri\":\"" + receiver.url(path) + "\",\"format\":\"influxDb\"}", loginEvent());

        assertThat(receiver.bodies().get(0)).endsWith(" " + timestamp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/write?db=d&precision=us", "/api/v2/write?bucket=b&precision=u", "/write?precision=days"})
    void should_refuse_a_precision_the_influx_api_of_the_uri_does_not_know(String path) {
        assertThatThrownBy(() -> WebhookConfig.from(json("{\"uri\":\"" + receiver.url(path) + "\",\"format\":\"influxDb\"}")))
                .hasMessageContaining("connectionConfig.uri").hasMessageContaining("precision");
        assertThat(WebhookConfig.from(json("{\"uri\":\"" + receiver.url(path) + "\"}")).format())
                .isEqualTo(WebhookConfig.Format.GENERIC);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 404, 401, 400})
    void should_fail_on_a_status_other_than_2xx_after_exactly_one_attempt(int status) {
        receiver.answer(status);
        assertThatThrownBy(() -> deliver(context, "{\"uri\":\"" + receiver.url("/hook") + "\"}", loginEvent()))
                .hasMessageContaining(String.valueOf(status));
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void should_fail_on_a_redirect_without_following_it() {
        receiver.redirectTo(receiver.url("/elsewhere"));
        assertThatThrownBy(() -> deliver(context, "{\"uri\":\"" + receiver.url("/hook") + "\"}", loginEvent()))
                .hasMessageContaining("302");
        assertThat(receiver.requests()).extracting(HttpReceiver.Request::uri).containsExactly("/hook");
    }

    @Test
    void should_fail_when_the_receiver_does_not_answer_in_time() {
        receiver.hang();
        long start = System.nanoTime();
        assertThatThrownBy(() -> deliver(context, "{\"uri\":\"" + receiver.url("/hook") + "\"}", loginEvent()))
                .isInstanceOf(java.io.IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.multipliedBy(4));
    }

    @Test
    void should_fail_when_nothing_listens() {
        String closed = "http://127.0.0.1:" + MosquittoBroker.freePort() + "/hook";
        assertThatThrownBy(() -> deliver(context, "{\"uri\":\"" + closed + "\"}", loginEvent()))
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void should_fail_on_a_certificate_the_jvm_does_not_trust() {
        int before = trustedHttps.requests().size();
        assertThatThrownBy(() -> deliver(context, "{\"uri\":\"" + trustedHttps.url("/hook") + "\"}", loginEvent()))
                .isInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(trustedHttps.requests()).hasSize(before);
    }

    @Test
    void should_fail_on_a_certificate_the_configured_trust_does_not_hold() {
        assertThatThrownBy(() -> deliver(trustingContext, "{\"uri\":\"" + untrustedHttps.url("/hook") + "\"}", loginEvent()))
                .isInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(untrustedHttps.requests()).isEmpty();
    }

    @Test
    void should_deliver_over_https_to_a_trusted_certificate() throws Exception {
        deliver(trustingContext, "{\"uri\":\"" + trustedHttps.url("/secure") + "\",\"method\":\"put\"}", loginEvent());

        assertThat(trustedHttps.requests()).extracting(HttpReceiver.Request::method, HttpReceiver.Request::uri)
                .contains(org.assertj.core.groups.Tuple.tuple("PUT", "/secure"));
    }

    @Test
    void should_render_the_body_template_with_the_event_variables() throws Exception {
        deliver(context, "{\"uri\":\"" + receiver.url("/hook") + "\",\"bodyTemplate\":"
                + "\"{\\\"device\\\":\\\"${variable.deviceId}\\\",\\\"what\\\":\\\"${variable.type}: ${variable.text}\\\",\\\"data\\\":${variable.extras}}\"}",
                loginEvent());

        assertThat(receiver.requests().get(0).header("Content-Type")).startsWith("application/json");
        assertThat(json(receiver.bodies().get(0))).isEqualTo(json("""
                {"device":"pump-1","what":"login_event: Someone logged in","data":{"user":"alice"}}"""));
    }

    @Test
    void should_render_python_coiote_text_templates_as_plain_text() throws Exception {
        deliver(context, "{\"uri\":\"" + receiver.url("/hook") + "\",\"bodyTemplate\":"
                + "{\"contentType\":\"text\",\"value\":\"${variable.deviceId} at ${variable.time}\"}}", loginEvent());

        assertThat(receiver.bodies()).containsExactly("pump-1 at 2024-05-01T10:00:00.5Z");
    }
}
