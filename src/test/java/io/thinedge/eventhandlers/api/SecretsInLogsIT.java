package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;
import io.thinedge.eventhandlers.support.TestCertificates;
import io.thinedge.eventhandlers.support.TokensFiles;

/**
 * Issue 27, item 1, on the real jar: every kind of secret the product holds is set (a webhook
 * URI's path and query, its auth token, a Kamelet's password property and URL, Kafka JAAS
 * passwords in a handler and in {@code -D} domain properties, {@code c8y.authorization} and the
 * tenant URL by {@code -D}, a trust store password), every path fails against receivers answering
 * 401, 404 and 500, and the whole log of the process (Camel Main's start-up summary included) and
 * every API answer (handlers' {@code lastError}, dead letters, test answers) are searched for them.
 */
class SecretsInLogsIT {

    static final String API_TOKEN = "apiToken-Aa10xx-0123456789";
    static final String PATH_SECRET = "pathSecret-Hh71xx";
    static final String QUERY_SECRET = "querySecret-Jj52xx";
    static final String AUTH_TOKEN = "authToken-Ll63xx";
    static final String KAMELET_PASSWORD = "kameletPw-Nn84xx";
    static final String KAMELET_PATH = "kameletPath-Pp95xx";
    static final String JAAS_PASSWORD = "jaasPw-Ss16xx";
    static final String DOMAIN_JAAS_PASSWORD = "domainJaasPw-Uu27xx";
    static final String C8Y_AUTHORIZATION = "c8yAuth-Ww38xx";
    static final String C8Y_PATH = "c8yPath-Yy49xx";
    static final String TRUST_STORE_PASSWORD = "trustPw-Zz50xx";
    /** Never logged nor answered. */
    static final List<String> SECRETS = List.of(API_TOKEN, AUTH_TOKEN, KAMELET_PASSWORD, JAAS_PASSWORD, DOMAIN_JAAS_PASSWORD,
            C8Y_AUTHORIZATION, TRUST_STORE_PASSWORD);
    /** Parts of URIs: answered to the handler's owner in its connectionConfig, never logged nor told in a failure. */
    static final List<String> URI_SECRETS = List.of(PATH_SECRET, QUERY_SECRET, KAMELET_PATH, C8Y_PATH);
    static final Duration WAIT = Duration.ofSeconds(60);

    static MosquittoBroker broker;
    static Map<Integer, HttpReceiver> receivers = new LinkedHashMap<>();
    static ForwarderProcess forwarder;
    static int refusedPort;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
        for (int status : List.of(401, 404, 500)) {
            receivers.put(status, HttpReceiver.http().answer(status));
        }
        refusedPort = MosquittoBroker.freePort();
        Map<String, String> properties = RunningForwarder.defaults(broker);
        TokensFiles.write(Path.of(properties.get("api.tokens-file")), "/ " + API_TOKEN + "\n");
        properties.put("webhook.timeout", "2s");
        properties.put("handlers.retest-interval", "0");
        properties.put("c8y.enabled", "true");
        properties.put("c8y.url", receivers.get(401).url("/t/" + C8Y_PATH));
        properties.put("c8y.source-id", "4242");
        properties.put("c8y.authorization", "Basic " + C8Y_AUTHORIZATION);
        properties.put("kafka.domain./vault/.bootstrap.servers", "127.0.0.1:" + refusedPort);
        properties.put("kafka.domain./vault/.sasl.jaas.config", jaas(DOMAIN_JAAS_PASSWORD));
        properties.put("webhook.trust-store", TestCertificates.authority().trustStoreFile(TRUST_STORE_PASSWORD).toString());
        properties.put("webhook.trust-store-password", TRUST_STORE_PASSWORD);
        // http-secured-sink (a Kamelet password property) is not among the default Kamelets: opened as an administrator may
        properties.put("kamelet.allowed", "tedge-kafka-sink,tedge-webhook-sink,tedge-smartrest-sink,http-secured-sink");
        forwarder = ForwarderProcess.start(properties); // every one of them a -D, as the issue found it
    }

    @AfterAll
    static void stop() {
        forwarder.close();
        receivers.values().forEach(HttpReceiver::close);
        broker.close();
    }

    @Test
    void should_never_log_or_answer_a_secret_when_deliveries_fail_with_401_404_and_500() throws IOException {
        HandlerApiClient api = new HandlerApiClient(forwarder.httpBase(), API_TOKEN);
        List<String> answers = new ArrayList<>();
        Map<Integer, String> hooks = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        receivers.forEach((status, receiver) -> {
            hooks.put(status, api.create("webhook", "/", handler("hook " + status, webhook(receiver))));
            ids.add(hooks.get(status));
            ids.add(api.create("kamelet", "/", handler("kamelet " + status, kamelet(receiver))));
        });
        String kafka = api.create("kafka", "/", handler("kafka", "{\"type\":\"custom\",\"topic\":\"vault\",\"value\":"
                + HandlerApiClient.JSON.valueToTree("bootstrap.servers=127.0.0.1:" + refusedPort
                        + "\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + jaas(JAAS_PASSWORD)) + "}"));
        String domainKafka = api.create("kafka", "/vault/", handler("domain kafka", "{\"type\":\"domainProperties\",\"topic\":\"vault\"}"));

        // tests: stored handlers, and one unsaved
        for (String id : ids) {
            answers.add(api.post("/test/existing/" + id, "").body());
        }
        answers.add(api.post(HandlerApiClient.inDomain("/test/existing/" + kafka, "/"), "").body());
        answers.add(api.post(HandlerApiClient.inDomain("/test/existing/" + domainKafka, "/vault/"), "").body());
        answers.add(api.post("/test/webhook", handler("unsaved", webhook(receivers.get(500)))).body());

        // deliveries: a small event, and one too large for MQTT that the built-in Cumulocity output POSTs
        try (MqttTestClient device = new MqttTestClient(broker.uri())) {
            device.publish("tedge/events/vault_evt", "{\"text\":\"door\"}");
            device.publish("tedge/events/vault_evt", "{\"text\":\"" + "x".repeat(17_000) + "\"}");
        }
        await("every delivery failed").atMost(WAIT).until(() -> ids.stream()
                .allMatch(id -> api.get("/" + id).json().path("lastError").asText().contains("HttpOperationFailedException")));
        await("the built-in Cumulocity output failed").atMost(WAIT).until(() -> Files.readString(forwarder.log())
                .contains("Delivery to event handler builtin-c8y failed"));

        List<String> failures = new ArrayList<>(answers); // the test answers, then lastError and dead letters
        answers.add(api.get("").body());
        for (String id : ids) {
            answers.add(api.get("/" + id).body());
            failures.add(api.get("/" + id).json().path("lastError").asText());
            answers.add(api.get("/" + id + "/deadletters").body());
            failures.add(answers.get(answers.size() - 1));
        }
        answers.add(api.get(HandlerApiClient.inDomain("/" + domainKafka, "/vault/")).body());

        // the failures are still told: status code and reason, the receiver's scheme, host and port
        receivers.forEach((status, receiver) -> assertThat(api.get("/" + hooks.get(status)).json().path("lastError").asText())
                .contains("HTTP " + status).contains("http://127.0.0.1:" + receiver.port() + "/…"));
        assertThat(answers).anyMatch(answer -> answer.contains("HTTP 404"));
        String log = Files.readString(forwarder.log());
        assertThat(log).contains("Auto-configuration summary").contains("c8y.authorization = xxxxxx");
        // the secrets were in use: the receivers got them
        assertThat(receivers.get(401).requests()).anyMatch(request -> request.uri().contains(PATH_SECRET));
        assertThat(receivers.get(401).requests()).anyMatch(request -> ("" + request.header("Authorization")).contains(C8Y_AUTHORIZATION));

        for (String secret : SECRETS) {
            assertThat(log).as("the log holds " + secret + " (" + forwarder.log() + ")").doesNotContain(secret);
            assertThat(answers).as("API answers holding " + secret).noneMatch(answer -> answer.contains(secret));
        }
        for (String secret : URI_SECRETS) {
            assertThat(log).as("the log holds " + secret + " (" + forwarder.log() + ")").doesNotContain(secret);
            assertThat(failures).as("failures told with " + secret).noneMatch(failure -> failure.contains(secret));
        }
    }

    static String handler(String name, String connectionConfig) {
        return "{\"name\":\"" + name + "\",\"enabled\":true,\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"vault_evt\"]},"
                + "\"connectionConfig\":" + connectionConfig + "}";
    }

    static String webhook(HttpReceiver receiver) {
        return "{\"uri\":\"" + receiver.url("/services/T000/B000/" + PATH_SECRET + "?code=" + QUERY_SECRET)
                + "\",\"method\":\"post\",\"format\":\"generic\",\"auth\":{\"type\":\"token\",\"token\":\"" + AUTH_TOKEN + "\"}}";
    }

    static String kamelet(HttpReceiver receiver) {
        return "{\"kamelet\":\"http-secured-sink\",\"properties\":{\"url\":\"" + receiver.url("/k/" + KAMELET_PATH + "?sig=" + QUERY_SECRET)
                + "\",\"method\":\"POST\",\"authMethod\":\"Basic\",\"authUsername\":\"kam\",\"authPassword\":\"" + KAMELET_PASSWORD
                + "\",\"authenticationPreemptive\":true}}";
    }

    static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"k\" password=\"" + password + "\";";
    }
}
