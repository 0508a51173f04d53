package io.thinedge.eventhandlers.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.TokensFiles;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.KafkaTestCluster;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.PostgresDatabase;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * Three real forwarder jars on one Mosquitto (an MQTT 5 shared subscription group), one PostgreSQL
 * database (a fresh one, dropped afterwards) and one Kafka: they share the event stream and the
 * handlers. One broker, Kafka and database for the whole class, each test with handlers of its own.
 */
class ScaleOutIT {

    private static final int EVENTS = 30_000;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern HANDLER_COUNTS = Pattern.compile("(\\d+) active, (\\d+) disabled, (\\d+) failed");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ROOT_TOKEN = "root-" + UUID.randomUUID();
    private static final String RACE_TOKEN = "race-" + UUID.randomUUID();

    static MosquittoBroker broker;
    static KafkaTestCluster kafka;
    static PostgresDatabase postgres;
    static final List<ForwarderProcess> instances = new ArrayList<>();

    @BeforeAll
    static void startEverything() throws Exception {
        broker = MosquittoBroker.start();
        kafka = KafkaTestCluster.start();
        postgres = PostgresDatabase.create();
        Path tokens = Files.createTempFile("scale-out", ".tokens");
        TokensFiles.write(tokens, "/ " + ROOT_TOKEN + "\n/race/ " + RACE_TOKEN + "\n");
        for (int i = 0; i < 3; i++) {
            Map<String, String> properties = new HashMap<>(RunningForwarder.defaults(broker));
            properties.putAll(postgres.storeProperties());
            properties.put("tedge.mqtt.shared-group", "scale-out");
            properties.put("api.tokens-file", tokens.toString());
            instances.add(ForwarderProcess.start(properties));
        }
    }

    @AfterAll
    static void stopEverything() {
        instances.forEach(ForwarderProcess::close);
        if (broker != null) {
            broker.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void should_deliver_every_event_with_the_work_spread_over_three_instances() throws Exception {
        String id = createKafkaHandler(instances.get(0), "shared", "shared_event");
        awaitKnownEverywhere(id);

        Delivered delivered = stream("shared", "shared_event", published -> { });

        delivered.assertNothingLost();
        for (ForwarderProcess instance : instances) {
            assertThat(deliveredBy(instance, id)).as("events delivered by " + instance.httpBase()).isPositive();
        }
    }

    @Test
    void should_lose_no_event_when_one_of_three_instances_is_killed_mid_stream() throws Exception {
        String id = createKafkaHandler(instances.get(0), "killed", "killed_event");
        awaitKnownEverywhere(id);
        ForwarderProcess victim = instances.get(1);

        Delivered delivered = stream("killed", "killed_event", published -> {
            if (published == EVENTS / 3) {
                victim.kill();
            } else if (published == 2 * EVENTS / 3) {
                // what the broker kept in its session (unacknowledged or queued) comes back with it
                victim.restart();
            }
        });

        delivered.assertNothingLost();
    }

    @Test
    void should_have_instance_3_use_a_handler_changed_through_instance_2_within_a_second() throws Exception {
        String id = createKafkaHandler(instances.get(0), "before-change", "change_event");
        awaitKnownEverywhere(id);
        ForwarderProcess third = instances.get(2);
        int[] before = handlerCounts(third);

        put(instances.get(1), id, kafkaBody("after-change", "changed_event", false));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> handlerCounts(third)[1] == before[1] + 1);
        put(instances.get(1), id, kafkaBody("after-change", "changed_event", true));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> handlerCounts(third)[1] == before[1]);

        double thirdBefore = deliveredBy(third, id);
        try (MqttTestClient device = new MqttTestClient(broker.uri());
                KafkaConsumer<String, String> consumer = kafka.consumer("after-change")) {
            for (int i = 0; i < 30; i++) {
                device.publish("tedge/events/changed_event", "{\"id\":\"changed-" + i + "\"}");
            }
            Delivered delivered = new Delivered(30, "changed");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> delivered.add(record.value()));
                return delivered.distinct() >= 30;
            });
        }
        assertThat(deliveredBy(third, id)).isGreaterThan(thirdBefore);
    }

    @Test
    void should_store_exactly_10_handlers_when_20_creates_in_one_domain_race_over_the_instances() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ForwarderProcess instance = instances.get(i % instances.size());
                answers.add(threads.submit(() -> {
                    start.await();
                    return post(instance, "/handler/kafka", RACE_TOKEN, kafkaBody("race", "race_event", true)).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }

            assertThat(statuses.stream().filter(status -> status == 201)).hasSize(10);
            assertThat(statuses.stream().filter(status -> status != 201)).hasSize(10);
            JsonNode listed = JSON.readTree(get(instances.get(2), "/handler", RACE_TOKEN).body());
            assertThat(listed.size()).as(listed.toString()).isEqualTo(10);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void should_fail_a_handler_everywhere_after_5_failures_spread_over_instances_and_reenable_it_everywhere_by_one_test()
            throws Exception {
        try (HttpReceiver receiver = HttpReceiver.http().answer(500);
                MqttTestClient device = new MqttTestClient(broker.uri())) {
            String body = "{\"name\":\"failing\",\"enabled\":true,\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"failing_event\"]},"
                    + "\"connectionConfig\":{\"uri\":\"" + receiver.url("/hook") + "\",\"method\":\"post\",\"format\":\"generic\"}}";
            HttpResponse<String> created = post(instances.get(0), "/handler/webhook", ROOT_TOKEN, body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JSON.readTree(created.body()).asText();
            awaitKnownEverywhere(id);

            for (int i = 0; i < 5; i++) {
                device.publish("tedge/events/failing_event", "{\"id\":\"failing-" + i + "\"}");
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> instances.stream().allMatch(instance -> failedIds(instance).contains(id)));
            int instancesThatFailedIt = 0;
            for (ForwarderProcess instance : instances) {
                instancesThatFailedIt += failedBy(instance, id) > 0 ? 1 : 0;
            }
            assertThat(instancesThatFailedIt).as("instances whose deliveries failed").isGreaterThan(1);

            receiver.answer(200);
            HttpResponse<String> tested = post(instances.get(2), "/handler/test/existing/" + id, ROOT_TOKEN, "");
            assertThat(tested.statusCode()).as(tested.body()).isLessThan(300);
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> instances.stream().noneMatch(instance -> failedIds(instance).contains(id)));
        }
    }

    @Test
    void should_announce_each_new_child_once_although_its_first_events_reach_every_instance() throws Exception {
        String body = "{\"name\":\"registrations\",\"enabled\":true,\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":"
                + "[\"deviceFirstRegistration\",\"child_event\"]},\"connectionConfig\":{\"type\":\"custom\",\"value\":"
                + "\"bootstrap.servers=" + kafka.bootstrapServers() + "\",\"topic\":\"registrations\"}}";
        HttpResponse<String> created = post(instances.get(0), "/handler/kafka", ROOT_TOKEN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        awaitKnownEverywhere(JSON.readTree(created.body()).asText());
        String run = UUID.randomUUID().toString().substring(0, 8);

        List<String> values = new ArrayList<>();
        try (MqttTestClient device = new MqttTestClient(broker.uri());
                KafkaConsumer<String, String> consumer = kafka.consumer("registrations")) {
            for (int i = 0; i < 30; i++) {
                // three new children, each with three events in a row: the broker deals them out to every instance
                device.publish("tedge/events/child_event/child-" + run + "-" + (i / 3 % 3), "{\"id\":\"child-" + i + "\"}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return values.stream().filter(value -> value.contains("child_event")).count() >= 30;
            });
        }

        // each registration is delivered ahead of its winner's first event of that child, so all are in by now
        assertThat(values.stream().filter(value -> value.contains("deviceFirstRegistration")))
                .as("one deviceFirstRegistration per child").hasSize(3);
    }

    @Test
    void should_lose_no_event_when_postgresql_restarts_mid_stream_and_take_none_while_it_is_down() throws Exception {
        String id = createKafkaHandler(instances.get(0), "store-restart", "store_restart_event");
        awaitKnownEverywhere(id);

        Delivered delivered = stream("store-restart", "store_restart_event", published -> {
            if (published == EVENTS / 3) {
                PostgresDatabase.server("stop");
                try {
                    await("every instance unready while PostgreSQL is down").atMost(Duration.ofSeconds(20))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> instances.stream().allMatch(instance -> healthStatus(instance) == 503));
                } finally {
                    PostgresDatabase.server("start");
                }
            }
        });

        delivered.assertNothingLost();
        await("every instance ready again").atMost(Duration.ofSeconds(30))
                .until(() -> instances.stream().allMatch(instance -> healthStatus(instance) == 200));
    }

    // ---------------------------------------------------------------------------------------------

    /** Publishes EVENTS events, each retried until the broker took it, then collects the topic. */
    private static Delivered stream(String topic, String eventType, IntConsumer fault) throws Exception {
        Delivered delivered = new Delivered(EVENTS, topic);
        try (MqttTestClient device = new MqttTestClient(broker.uri());
                KafkaConsumer<String, String> consumer = kafka.consumer(topic)) {
            for (int i = 0; i < EVENTS; i++) {
                device.publishOnceConnected("tedge/events/" + eventType, "{\"id\":\"" + topic + "-" + i + "\"}",
                        Duration.ofSeconds(60));
                fault.accept(i + 1);
                if (i % 2000 == 0) {
                    consumer.poll(Duration.ZERO).forEach(record -> delivered.add(record.value()));
                }
            }
            try {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ZERO).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> delivered.add(record.value()));
                    return delivered.distinct() >= EVENTS;
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(delivered.describeMissing() + " after 3 minutes; logs: "
                        + instances.stream().map(ForwarderProcess::log).toList(), e);
            }
        }
        return delivered;
    }

    private static String kafkaBody(String topic, String eventType, boolean enabled) {
        return "{\"name\":\"" + topic + "\",\"enabled\":" + enabled + ","
                + "\"filter\":{\"type\":\"lifecycle\",\"eventTypes\":[\"" + eventType + "\"]},"
                + "\"connectionConfig\":{\"type\":\"custom\",\"value\":\"bootstrap.servers=" + kafka.bootstrapServers()
                + "\",\"topic\":\"" + topic + "\"}}";
    }

    private static String createKafkaHandler(ForwarderProcess instance, String topic, String eventType) throws Exception {
        HttpResponse<String> created = post(instance, "/handler/kafka", ROOT_TOKEN, kafkaBody(topic, eventType, true));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).asText();
    }

    /** Every instance has the handler's meters: it heard of the handler and built it. */
    private static void awaitKnownEverywhere(String id) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> instances.stream()
                .allMatch(instance -> metrics(instance).contains("tedge_handler_breaker_state{handler=\"" + id + "\"")));
    }

    private static double deliveredBy(ForwarderProcess instance, String id) {
        return metric(instance, "tedge_handler_delivered_total", id);
    }

    private static double failedBy(ForwarderProcess instance, String id) {
        return metric(instance, "tedge_handler_failed_total", id);
    }

    private static double metric(ForwarderProcess instance, String name, String id) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{handler=\"" + Pattern.quote(id) + "\"[^}]*} (\\S+)$")
                .matcher(metrics(instance));
        double sum = 0;
        while (value.find()) {
            sum += Double.parseDouble(value.group(1));
        }
        return sum;
    }

    private static String metrics(ForwarderProcess instance) {
        return send(instance, HttpRequest.newBuilder(URI.create(instance.httpBase() + "/observe/metrics")).build()).body();
    }

    /** active, disabled and failed handlers as the instance's health check counts them. */
    private static int[] handlerCounts(ForwarderProcess instance) {
        Matcher counts = HANDLER_COUNTS.matcher(health(instance));
        assertThat(counts.find()).isTrue();
        return new int[] {Integer.parseInt(counts.group(1)), Integer.parseInt(counts.group(2)), Integer.parseInt(counts.group(3))};
    }

    private static String failedIds(ForwarderProcess instance) {
        return health(instance);
    }

    private static int healthStatus(ForwarderProcess instance) {
        return send(instance, HttpRequest.newBuilder(URI.create(instance.httpBase() + "/observe/health")).build()).statusCode();
    }

    private static String health(ForwarderProcess instance) {
        return send(instance, HttpRequest.newBuilder(URI.create(instance.httpBase() + "/observe/health?data=true")).build()).body();
    }

    private static HttpResponse<String> post(ForwarderProcess instance, String path, String token, String body) {
        return send(instance, api(instance, path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void put(ForwarderProcess instance, String id, String body) {
        HttpResponse<String> answer = send(instance, api(instance, "/handler/kafka/" + id, ROOT_TOKEN)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(answer.statusCode()).as(answer.body()).isLessThan(300);
    }

    private static HttpResponse<String> get(ForwarderProcess instance, String path, String token) {
        return send(instance, api(instance, path, token).GET().build());
    }

    private static HttpRequest.Builder api(ForwarderProcess instance, String path, String token) {
        return HttpRequest.newBuilder(URI.create(instance.httpBase() + "/api/coiotedm/v3/deviceEvents" + path))
                .header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(ForwarderProcess instance, HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage() + " (log: " + instance.log() + ")", e);
        }
    }

    /** Event ids seen on a topic, with how often each came (duplicates are allowed, losses are not). */
    private static final class Delivered {
        private final Map<String, Integer> seen = new ConcurrentHashMap<>();
        private final int expected;
        private final String prefix;

        Delivered(int expected, String prefix) {
            this.expected = expected;
            this.prefix = prefix;
        }

        void add(String value) {
            Matcher id = ID.matcher(value);
            if (id.find()) {
                seen.merge(id.group(1), 1, Integer::sum);
            }
        }

        int distinct() {
            return seen.size();
        }

        String describeMissing() {
            StringBuilder missing = new StringBuilder();
            int count = 0;
            for (int i = 0; i < expected; i++) {
                if (!seen.containsKey(prefix + "-" + i)) {
                    count++;
                    if (count <= 20) {
                        missing.append(missing.length() == 0 ? "" : ", ").append(i);
                    }
                }
            }
            return count + " of " + expected + " events missing on " + prefix + " (first: " + missing + ")";
        }

        void assertNothingLost() {
            Set<String> ids = seen.keySet();
            assertThat(ids).as(describeMissing()).hasSize(expected);
            int duplicates = seen.values().stream().mapToInt(count -> count - 1).sum();
            System.out.println("Delivered " + expected + " events on " + prefix + ", " + duplicates + " duplicates, 0 lost");
        }
    }
}
