package io.thinedge.eventhandlers.faults;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;

import io.thinedge.eventhandlers.api.SecretMasking;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.Handlers;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.TestCertificates;

/**
 * SPEC §5: secrets are never returned or logged. Handlers carrying distinctive secrets (webhook
 * basic password, token, customAuth value, a secret header, SASL and key passwords in Kafka
 * properties, a SmartREST password) are created, listed, read, updated and tested, and their
 * deliveries fail (401, 500, refused, Kafka unreachable) so that errors are logged; every log line
 * of the application (its own loggers at DEBUG) and every API answer is then searched for them.
 */
class SecretsNeverLeakTest {

    static final String TOKEN = "secrets-token-0123456789abcdef0123456789ab";
    static final Duration WAIT = Duration.ofSeconds(30);

    static final String BASIC_PASSWORD = "basicPw-Zq81xx";
    static final String BEARER_TOKEN = "bearerTok-Xy77xx";
    static final String CUSTOM_AUTH = "customAuth-Mm42xx";
    static final String HEADER_SECRET = "headerKey-Kk31xx";
    static final String SASL_PASSWORD = "saslPw-Pp93xx";
    static final String SSL_KEY_PASSWORD = "sslKeyPw-Qq55xx";
    static final String SMARTREST_PASSWORD = "c8yPw-Rr24xx";
    static final String DOMAIN_SASL_PASSWORD = "domainSaslPw-Tt66xx";
    static final String URI_PASSWORD = "uriPw-Ww11xx";
    static final String TRUST_STORE_PASSWORD = "trustPw-Vv08xx";
    static final List<String> SECRETS = List.of(BASIC_PASSWORD, BEARER_TOKEN, CUSTOM_AUTH, HEADER_SECRET, SASL_PASSWORD,
            SSL_KEY_PASSWORD, SMARTREST_PASSWORD, DOMAIN_SASL_PASSWORD, URI_PASSWORD, TRUST_STORE_PASSWORD, TOKEN,
            base64("alice:" + BASIC_PASSWORD), base64("tenant/bob:" + SMARTREST_PASSWORD));

    static ListAppender<ILoggingEvent> logs;
    static Level applicationLevel;
    static HttpReceiver unauthorized;
    static HttpReceiver failing;
    static int refusedPort;
    static int kafkaPort;

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("webhook.timeout", "2s")
            .property("handlers.retest-interval", "0")
            .properties(properties -> {
                captureLogs();
                unauthorized = HttpReceiver.http().answer(401);
                failing = HttpReceiver.http().answer(500);
                refusedPort = MosquittoBroker.freePort();
                kafkaPort = MosquittoBroker.freePort();
                // secrets in the application's own configuration: they must not show in the start-up summary either
                properties.put("kafka.domain./vault/.bootstrap.servers", "127.0.0.1:" + kafkaPort);
                properties.put("kafka.domain./vault/.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"d\" password=\""
                                + DOMAIN_SASL_PASSWORD + "\";");
                properties.put("webhook.trust-store", TestCertificates.authority().trustStoreFile(TRUST_STORE_PASSWORD).toString());
                properties.put("webhook.trust-store-password", TRUST_STORE_PASSWORD);
            })
            .token(TOKEN)
            .afterStop(() -> {
                unauthorized.close();
                failing.close();
                LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
                logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
                logging.getLogger("io.thinedge.eventhandlers").setLevel(applicationLevel);
            });
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    /** Every log line from before the forwarder starts, the application's at DEBUG. */
    static void captureLogs() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs = new ListAppender<>();
        logs.setContext(logging);
        logs.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
        Logger application = logging.getLogger("io.thinedge.eventhandlers");
        applicationLevel = application.getLevel();
        application.setLevel(Level.DEBUG);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String webhookConfig(String uri, String auth) {
        return "{\"uri\":\"" + uri + "\",\"auth\":" + auth + ",\"method\":\"post\",\"format\":\"generic\","
                + "\"additionalHeaders\":{\"X-Api-Key\":\"" + HEADER_SECRET + "\",\"X-Site\":\"north\"}}";
    }

    static String kafkaConfig() {
        String properties = String.join("\n",
                "bootstrap.servers=127.0.0.1:" + kafkaPort,
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"k\" password=\""
                        + SASL_PASSWORD + "\";",
                "ssl.key.password=" + SSL_KEY_PASSWORD);
        return "{\"type\":\"custom\",\"value\":" + Handlers.JSON.valueToTree(properties) + ",\"topic\":\"vault\"}";
    }

    @Test
    void should_never_return_or_log_a_secret_while_handlers_are_managed_and_fail() throws Exception {
        String basic = api.create("webhook", handler("basic", "vault_evt", webhookConfig(unauthorized.url("/basic"),
                "{\"type\":\"basic\",\"user\":\"alice\",\"password\":\"" + BASIC_PASSWORD + "\"}")));
        String token = api.create("webhook", handler("token", "vault_evt", webhookConfig(failing.url("/token"),
                "{\"type\":\"token\",\"token\":\"" + BEARER_TOKEN + "\"}")));
        String custom = api.create("webhook", handler("custom", "vault_evt", webhookConfig("http://127.0.0.1:" + refusedPort + "/c",
                "{\"type\":\"customAuth\",\"value\":\"" + CUSTOM_AUTH + "\"}")));
        String kafka = api.create("kafka", handler("kafka", "vault_evt", kafkaConfig()));
        String smartRest = api.create("smartrest", handler("c8y", "vault_evt", "{\"topicPrefix\":\"c8yv\",\"uri\":\""
                + unauthorized.url("") + "\",\"auth\":{\"type\":\"basic\",\"user\":\"tenant/bob\",\"password\":\""
                + SMARTREST_PASSWORD + "\"},\"sourceId\":\"4242\"}"));
        List<String> ids = List.of(basic, token, custom, kafka, smartRest);

        // Kafka waits max.block.ms for an unreachable broker: its test runs while the others go on
        CompletableFuture<JsonNode> kafkaTest = CompletableFuture.supplyAsync(() -> api.testExisting(kafka));
        for (String id : List.of(basic, token, custom, smartRest)) {
            JsonNode stored = api.get(id, "/");
            HandlerApiClient.Answer put = api.send("PUT", "/" + stored.path("type").asText() + "/" + id,
                    handler(stored.path("name").asText(), "vault_evt", stored.path("connectionConfig").toString()));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
        }
        for (String id : List.of(basic, token, custom)) {
            assertThat(api.testExisting(id).path("successful").asBoolean()).isFalse();
        }
        HandlerApiClient.Answer unsaved = api.send("POST", "/test/webhook", handler("unsaved", "vault_evt",
                webhookConfig(failing.url("/unsaved"), "{\"type\":\"token\",\"token\":\"" + BEARER_TOKEN + "\"}")));
        assertThat(unsaved.json().path("successful").asBoolean()).as(unsaved.body()).isFalse();
        HandlerApiClient.Answer invalid = api.send("POST", "/webhook", handler("invalid", "vault_evt",
                "{\"uri\":\"ftp://nowhere\",\"auth\":{\"type\":\"basic\",\"user\":\"alice\",\"password\":\"" + BASIC_PASSWORD + "\"}}"));
        assertThat(invalid.status()).isEqualTo(400);
        HandlerApiClient.Answer malformed = api.send("POST", "/webhook", "{\"name\":\"broken\",\"connectionConfig\":{\"uri\":"
                + "\"http://127.0.0.1/\",\"auth\":{\"type\":\"basic\",\"user\":\"alice\",\"password\":\"" + BASIC_PASSWORD + "\"} ,,");
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        HandlerApiClient.Answer userinfo = api.send("POST", "/webhook", handler("userinfo", "vault_evt",
                webhookConfig("http://alice:" + URI_PASSWORD + "@127.0.0.1:" + failing.port() + "/u", "null")));
        assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(400);
        assertThat(userinfo.body()).contains("connectionConfig.uri");

        // deliveries: 401, 500, refused, Kafka unreachable, and a SmartREST event too large for MQTT (POSTed: 401)
        forwarder.device().publish("tedge/events/vault_evt", "{\"text\":\"" + "x".repeat(17_000) + "\"}");
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> forwarder.store().find(id).orElseThrow().state().consecutiveFailures() >= 1));
        assertThat(kafkaTest.get().path("successful").asBoolean()).isFalse();
        api.send("GET", "", null);
        ids.forEach(api::get);

        // the secrets were really in use: the receivers got them
        assertThat(unauthorized.requests()).extracting(request -> request.header("Authorization"))
                .contains("Basic " + base64("alice:" + BASIC_PASSWORD), "Basic " + base64("tenant/bob:" + SMARTREST_PASSWORD));
        assertThat(failing.requests()).extracting(request -> request.header("X-Api-Key")).contains(HEADER_SECRET);
        // the failures were logged and answered, with their causes
        List<String> lines = logLines();
        assertThat(lines).anyMatch(line -> line.contains("Delivery to event handler " + kafka + " failed"));
        assertThat(lines).anyMatch(line -> line.contains("Delivery to event handler " + custom + " failed"));
        assertThat(api.get(token, "/").path("lastError").asText()).contains("500");
        assertThat(api.get(smartRest, "/").path("lastError").asText()).contains("401");
        assertThat(api.get(basic, "/").path("connectionConfig").path("auth").path("password").asText())
                .isEqualTo(SecretMasking.PLACEHOLDER);

        for (String secret : SECRETS) {
            assertThat(lines).as("log lines holding " + secret).noneMatch(line -> line.contains(secret));
            assertThat(api.bodies()).as("API answers holding " + secret).noneMatch(body -> body.contains(secret));
        }
    }

    /** Every captured line: the message, and each throwable's class, message and frames, causes included. */
    static List<String> logLines() {
        List<ILoggingEvent> events;
        synchronized (logs) {
            events = new ArrayList<>(logs.list);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events) {
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage());
            for (IThrowableProxy error = event.getThrowableProxy(); error != null; error = error.getCause()) {
                lines.add(error.getClassName() + ": " + error.getMessage());
                for (IThrowableProxy suppressed : error.getSuppressed()) {
                    lines.add(suppressed.getClassName() + ": " + suppressed.getMessage());
                }
                for (StackTraceElementProxy frame : error.getStackTraceElementProxyArray()) {
                    lines.add(frame.getSTEAsString());
                }
            }
        }
        return lines;
    }
}
