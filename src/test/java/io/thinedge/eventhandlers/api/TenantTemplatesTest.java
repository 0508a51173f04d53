package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * Issue 26 item 1 and issue 27 (templates in logs): a tenant's {@code bodyTemplate} is filled with
 * the event's values and nothing else. Every expression that reached properties, the environment,
 * beans, the Camel context or the database through Camel's simple language is a 400, from the
 * create and from the test endpoint; what only looks like one arrives as literal text.
 */
class TenantTemplatesTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static HttpReceiver receiver;
    static ListAppender<ILoggingEvent> logs;

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("tedge.child-domain.pump-a", "/tenant/a/")
            .property("handlers.retest-interval", "0")
            .properties(properties -> {
                receiver = HttpReceiver.http();
                properties.put("c8y.authorization", "Basic c2VjcmV0LWF1dGg=");
                captureLogs();
            })
            .tokensFile("/ root-token\n/tenant/a/ token-a\n")
            .deletingHandlersAfterEach()
            .afterStop(() -> {
                receiver.close();
                ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
            });
    static final HandlerApiClient tenantA = new HandlerApiClient(forwarder).withToken("token-a");

    static void captureLogs() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.setContext(root.getLoggerContext());
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void clear() {
        receiver.clear();
    }

    /** What a tenant sent as templates to read secrets, list other tenants' handlers, run SQL or reach the context. */
    static Stream<String> expressions() {
        return Stream.of(
                "${sys.user.home}",
                "${env.PATH}",
                "${properties:c8y.authorization}",
                "${properties:kafka.domain./tenant/b/.sasl.jaas.config}",
                "${bean:handlerStore?method=all}",
                "${camelContext.getRegistry().lookupByName(\"handlerStore\").all()}",
                "${bean:database?method=dataSource}",
                "${camelContext.getRegistry().lookupByName(\"database\").dataSource().getConnection().createStatement()"
                        + ".executeQuery(\"CALL FILE_READ('config/api-tokens')\")}",
                "${exchange.context.registry}",
                "${header.CamelHttpUri}",
                "{\"home\":\"${sysenv.HOME}\"}",
                "$simple{env.HOME}",
                "${variable.type} and ${variable.json.getClass()}",
                "${unclosed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expressions")
    void should_refuse_a_template_that_names_anything_but_the_events_values(String template) {
        String body = webhook(template);

        HandlerApiClient.Answer created = tenantA.post("/webhook", body);
        HandlerApiClient.Answer tested = tenantA.post("/test/webhook", body);

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.error()).startsWith("connectionConfig.bodyTemplate:");
        assertThat(tested.status()).as(tested.body()).isEqualTo(400);
        assertThat(tested.error()).startsWith("connectionConfig.bodyTemplate:");
        assertThat(forwarder.store().all()).isEmpty();
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void should_send_what_only_looks_like_an_expression_as_literal_text() {
        HandlerApiClient.Answer tested = tenantA.post("/test/webhook",
                webhook("$${sys.user.home} {{sys:user.name}} {{c8y.authorization}} #{env.PATH} costs $5 $"));

        assertThat(tested.status()).as(tested.body()).isEqualTo(200);
        assertThat(receiver.bodies()).containsExactly(
                "${sys.user.home} {{sys:user.name}} {{c8y.authorization}} #{env.PATH} costs $5 $");
    }

    @Test
    void should_fill_coiotes_variables_and_keep_event_text_inside_its_json_string() throws Exception {
        String hostile = "a \"quote\" and\na line\",\"admin\":true,\"x\":\"";
        tenantA.create("webhook", "/tenant/a/", webhook("""
                {"type":"$eventType","device":"$endpointName","domain":"$domain","text":"$text","at":$timestamp,
                 "time":"$time","user":"$data.user","data":$data,"whole":$json,"earlier":"${variable.deviceId}",
                 "unquoted":$text,"missing":$value}"""));

        ObjectNode event = HandlerApiClient.JSON.createObjectNode().put("text", hostile).put("user", "al\"ice");
        event.put("time", "2024-05-01T10:00:00Z");
        forwarder.device().publish("tedge/events/door/pump-a", event.toString());

        await().atMost(WAIT).until(() -> !receiver.requests().isEmpty());
        assertThat(receiver.requests().get(0).header("Content-Type")).startsWith("application/json");
        JsonNode body = HandlerApiClient.JSON.readTree(receiver.bodies().get(0));
        assertThat(body.path("type").asText()).isEqualTo("door");
        assertThat(body.path("device").asText()).isEqualTo("pump-a");
        assertThat(body.path("domain").asText()).isEqualTo("/tenant/a/");
        assertThat(body.path("text").asText()).isEqualTo(hostile);
        assertThat(body.path("unquoted").asText()).isEqualTo(hostile);
        assertThat(body.has("admin")).isFalse();
        assertThat(body.path("at").asLong()).isEqualTo(1714557600000L);
        assertThat(body.path("time").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(body.path("user").asText()).isEqualTo("al\"ice");
        assertThat(body.path("data").path("user").asText()).isEqualTo("al\"ice");
        assertThat(body.path("whole").path("text").asText()).isEqualTo(hostile);
        assertThat(body.path("earlier").asText()).isEqualTo("pump-a");
        assertThat(body.path("missing").isNull()).isTrue();
    }

    @Test
    void should_name_the_handler_but_never_quote_a_stored_template_that_no_longer_renders() {
        String marker = "noSuchBean-Tpl42";
        // as a store written by the version whose templates were Camel simple holds it
        ObjectNode config = HandlerApiClient.JSON.createObjectNode().put("uri", receiver.url("/hook"))
                .put("bodyTemplate", "{\"x\":\"${bean:" + marker + "}\"}");
        EventHandler stored = forwarder.store().create(new EventHandler(null, HandlerType.WEBHOOK, "old", true, null,
                "/tenant/a/", new EventFilter.Lifecycle(List.of("door")), config, HandlerState.initial(true)), 10);

        forwarder.device().publish("tedge/events/door/pump-a", "{\"text\":\"opened\"}");

        await().atMost(WAIT).until(() -> forwarder.store().find(stored.id()).orElseThrow().state().lastError() != null);
        String lastError = forwarder.store().find(stored.id()).orElseThrow().state().lastError();
        assertThat(lastError).contains(stored.id()).doesNotContain(marker);
        assertThat(receiver.requests()).isEmpty();
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(line -> line.contains(marker));
        assertThat(logs.list).filteredOn(line -> line.getThrowableProxy() != null)
                .extracting(line -> line.getThrowableProxy().getMessage()).noneMatch(text -> text != null && text.contains(marker));
    }

    static String webhook(String template) {
        ObjectNode body = HandlerApiClient.JSON.createObjectNode().put("name", "templated").put("enabled", true);
        body.putObject("filter").put("type", "lifecycle").putArray("eventTypes").add("door");
        body.putObject("connectionConfig").put("uri", receiver.url("/hook")).put("bodyTemplate", template);
        return body.toString();
    }
}
