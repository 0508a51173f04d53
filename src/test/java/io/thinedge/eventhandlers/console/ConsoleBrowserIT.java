package io.thinedge.eventhandlers.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.TokensFiles;
import io.thinedge.eventhandlers.support.HttpReceiver;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.MqttTestClient;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * The console in a real browser (Debian's headless Chromium) against the real jar: one forwarder
 * and one browser for the class, every handler deleted after each test.
 */
class ConsoleBrowserIT {

    private static final String ROOT_TOKEN = "console-test-root-token";
    private static final String SITE_TOKEN = "console-test-site-token";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static MosquittoBroker broker;
    private static ForwarderProcess forwarder;
    private static ConsoleBrowser browser;
    private static HandlerApiClient api;
    private static HttpReceiver receiver;

    /** Waits for the page, whose elements may be replaced by a refresh while they are read. */
    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(PATIENCE).ignoreExceptions();
    }

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.start();
        Map<String, String> properties = RunningForwarder.defaults(broker);
        Path tokens = Path.of(properties.get("api.tokens-file"));
        TokensFiles.write(tokens, "/ " + ROOT_TOKEN + "\n/tenant/ " + SITE_TOKEN + "\n");
        forwarder = ForwarderProcess.start(properties);
        api = new HandlerApiClient(forwarder.httpBase(), ROOT_TOKEN);
        await("API up").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> api.list("/").isArray());
        receiver = HttpReceiver.http();
        browser = ConsoleBrowser.start(forwarder.httpBase());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable part : new AutoCloseable[] {browser, receiver, forwarder, broker}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception ignored) {
                // the others still close
            }
        }
    }

    @BeforeEach
    void freshPage() {
        receiver.answer(200);
        browser.signOut();
    }

    @AfterEach
    void deleteHandlers() {
        api.list("/").forEach(handler -> api.delete(handler.get("id").asText(), "/"));
    }

    @Test
    void should_serve_its_own_files_and_nothing_else() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> bare = get(http, "/console");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");

        HttpResponse<String> page = get(http, "/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(page.body()).contains("<script src=\"console.js\"");
        assertThat(get(http, "/console/console.js").statusCode()).isEqualTo(200);

        for (String other : List.of("/console/console.java", "/console/config/api-tokens", "/console/../config/api-tokens",
                "/console/x/console.js", "/console/ConsoleAssets.class")) {
            assertThat(get(http, other).statusCode()).as(other).isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(forwarder.httpBase() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_sign_in_with_a_link_and_take_the_token_out_of_the_address_bar() {
        browser.open("#token=" + ROOT_TOKEN);

        browser.awaitVisible("console");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(ROOT_TOKEN).endsWith("/console/");
        assertThat(browser.script("return sessionStorage.getItem('console.token')")).isEqualTo(ROOT_TOKEN);
        assertThat(browser.selectedText("domain")).isEqualTo("/");
    }

    @Test
    void should_refuse_a_wrong_token_with_the_api_message() {
        browser.open("");
        browser.byId("token").sendKeys("not-a-token");
        browser.driver().findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();

        eventually().untilAsserted(() ->
                assertThat(browser.byId("sign-in-error").getText()).contains("The bearer token is not valid"));
        assertThat(browser.byId("console").isDisplayed()).isFalse();
    }

    @Test
    void should_open_a_domain_below_the_tokens_and_refuse_one_outside_it() {
        browser.signIn(SITE_TOKEN);

        browser.byId("subdomain").sendKeys("/tenant/site-b/");
        browser.byId("subdomain-add").click();
        eventually().untilAsserted(() ->
                assertThat(browser.selectedText("domain")).isEqualTo("/tenant/site-b/"));

        browser.byId("subdomain").sendKeys("/other/");
        browser.byId("subdomain-add").click();
        eventually().untilAsserted(() ->
                assertThat(browser.byId("notice").getText()).contains("/other/").contains("may not act on domain /other/"));
    }

    @Test
    void should_create_a_webhook_handler_through_the_form_and_list_it_with_its_secret_masked() {
        browser.signIn(ROOT_TOKEN);

        browser.openNewHandlerForm("Webhook");
        browser.fill("name", "door alarms");
        browser.fill("filter.eventTypes", "door_open, door_closed");
        browser.fill("connectionConfig.uri", receiver.url("/hooks/doors"));
        assertThat(browser.field("connectionConfig.auth.token").isDisplayed()).isFalse();
        browser.choose(browser.field("connectionConfig.auth.type"), "token");
        assertThat(browser.field("connectionConfig.auth.token").isDisplayed()).isTrue();
        assertThat(browser.field("connectionConfig.auth.password").isDisplayed()).isFalse();
        browser.fill("connectionConfig.auth.token", "s3cret");
        browser.byId("form-save").click();

        WebElement row = browser.awaitRow("door alarms");
        assertThat(row.findElement(By.cssSelector("[data-col=filter]")).getText()).isEqualTo("events: door_open, door_closed");
        assertThat(row.findElement(By.cssSelector("[data-status]")).getText()).isEqualTo("active");
        assertThat(api.list("/").get(0).at("/connectionConfig/uri").asText()).isEqualTo(receiver.url("/hooks/doors"));

        row.findElement(By.cssSelector("[data-action=edit]")).click();
        assertThat(browser.field("connectionConfig.auth.token").getDomProperty("value")).isEqualTo("******");
        assertThat(browser.byId("editor").getText()).doesNotContain("s3cret");
        assertThat((String) browser.script("return document.documentElement.outerHTML")).doesNotContain("s3cret");
    }

    @Test
    void should_edit_a_handler_through_the_form_keeping_its_masked_secret() {
        browser.signIn(ROOT_TOKEN);
        browser.openNewHandlerForm("Webhook");
        browser.fill("name", "door alarms");
        browser.fill("filter.eventTypes", "door_open");
        browser.fill("connectionConfig.uri", receiver.url("/hooks/doors"));
        browser.choose(browser.field("connectionConfig.auth.type"), "token");
        browser.fill("connectionConfig.auth.token", "s3cret");
        browser.byId("form-save").click();

        browser.awaitRow("door alarms").findElement(By.cssSelector("[data-action=edit]")).click();
        browser.awaitVisible("editor");
        browser.fill("name", "door alarms north");
        browser.fill("connectionConfig.uri", receiver.url("/hooks/north"));
        browser.byId("form-save").click();

        browser.awaitRow("door alarms north").findElement(By.cssSelector("[data-action=test]")).click();
        eventually().untilAsserted(() -> assertThat(browser.byId("notice").getText())
                .startsWith("Test of door alarms north succeeded: "));
        HttpReceiver.Request test = receiver.requests().get(receiver.requests().size() - 1);
        assertThat(test.uri()).isEqualTo("/hooks/north");
        assertThat(test.header("Authorization")).isEqualTo("Bearer s3cret");
    }

    @Test
    void should_preview_what_a_handler_would_send_from_its_row_without_sending_it() {
        api.createWebhook("door alarms", receiver.url("/doors"));
        browser.signIn(ROOT_TOKEN);
        int sent = receiver.requests().size();

        browser.clickAction("door alarms", "preview");
        browser.awaitVisible("preview");
        assertThat(browser.byId("preview-topic").getAttribute("value")).isEqualTo("tedge/events/door_open");
        browser.byId("preview-run").click();
        eventually().untilAsserted(() -> assertThat(browser.byId("preview-result").getText())
                .startsWith("Matches").contains("/doors").contains("Door opened"));
        browser.byId("preview-close").click();
        assertThat(receiver.requests()).as("a preview sends nothing").hasSize(sent);
    }

    @Test
    void should_disable_and_enable_a_handler_from_its_row() {
        api.createWebhook("door alarms", receiver.url("/doors"));
        browser.signIn(ROOT_TOKEN);

        browser.clickAction("door alarms", "toggle");
        eventually().untilAsserted(() -> assertThat(browser.status("door alarms")).isEqualTo("disabled"));
        assertThat(api.list("/").get(0).get("enabled").asBoolean()).isFalse();

        browser.clickAction("door alarms", "toggle");
        eventually().untilAsserted(() -> assertThat(browser.status("door alarms")).isEqualTo("active"));
        assertThat(api.list("/").get(0).get("enabled").asBoolean()).isTrue();
    }

    @Test
    void should_disable_a_failed_handler_from_its_row_and_enable_it_again() throws Exception {
        handlerWithDeadReceiver("site alarms").close();
        try (MqttTestClient device = new MqttTestClient(broker.uri())) {
            publishDoorEvents(device, 5);
        }
        eventually().untilAsserted(() -> assertThat(browser.status("site alarms")).isEqualTo("failed"));
        eventually().untilAsserted(() -> assertThat(browser.row("site alarms")
                .findElement(By.cssSelector("[data-action=toggle]")).getText()).isEqualTo("Disable"));

        browser.clickAction("site alarms", "toggle");
        eventually().untilAsserted(() -> assertThat(browser.status("site alarms")).isEqualTo("disabled"));
        assertThat(api.list("/").get(0).get("status").asText()).isEqualTo("disabled");

        browser.clickAction("site alarms", "toggle");
        eventually().untilAsserted(() -> assertThat(browser.status("site alarms")).isEqualTo("active"));
    }

    @Test
    void should_show_the_field_error_of_a_400_next_to_the_field() {
        browser.signIn(ROOT_TOKEN);

        browser.openNewHandlerForm("Webhook");
        browser.fill("name", "bad target");
        browser.fill("filter.eventTypes", "door_open");
        browser.fill("connectionConfig.uri", "ftp://files.example/drop");
        browser.byId("form-save").click();

        eventually().untilAsserted(() -> assertThat(browser.fieldError("connectionConfig.uri").getText())
                .isEqualTo("must be an absolute http or https URI, not 'ftp://files.example/drop'"));
        assertThat(browser.byId("editor").isDisplayed()).isTrue();
        assertThat(api.list("/")).isEmpty();
        browser.screenshot(Path.of("target/console-form-error.png"));
    }

    @Test
    void should_show_a_handler_failed_after_five_deliveries_to_a_dead_receiver_and_active_after_a_test() throws Exception {
        api.createWebhook("door alarms", receiver.url("/doors"));
        HttpReceiver dead = handlerWithDeadReceiver("site alarms");

        try (MqttTestClient device = new MqttTestClient(broker.uri())) {
            publishDoorEvents(device, 5);
            eventually().untilAsserted(() -> assertThat(browser.status("site alarms")).isEqualTo("failed"));
            assertThat(browser.row("site alarms").getText()).contains("5 failures in a row").contains("Connection refused");
            // kept for replay: a count from the metrics, or waiting / parked where the API lists dead letters
            eventually().untilAsserted(() -> assertThat(browser.cell("site alarms", "deadletters"))
                    .matches("\\d+( / \\d+)?").containsPattern("[1-9]"));
            eventually().untilAsserted(() -> assertThat(browser.cell("door alarms", "delivered")).isEqualTo("5"));
            // a few refreshes' worth of traffic, so the chart of the screenshot has something to show
            int delivered = 5;
            for (int round = 1; round <= 8; round++) {
                int events = 2 + 4 * (round % 3);
                for (int i = 0; i < events; i++) {
                    device.publish("tedge/events/door_open/pump-7", "{\"text\":\"Door opened\"}");
                }
                delivered += events;
                String total = String.valueOf(delivered);
                eventually().untilAsserted(() -> assertThat(browser.cell("door alarms", "delivered")).isEqualTo(total));
            }
            eventually().untilAsserted(() -> assertThat(browser.byId("legend").getText()).contains("door alarms"));
            assertThat((Boolean) browser.script("return state.history.some(sample => sample.in > 0)"
                    + " && state.history.some(sample => Object.values(sample.handlers).some(rate => rate > 0))"))
                    .as("the chart has plotted events in and delivered").isTrue();
        }
        browser.screenshot(Path.of("target/console-handlers.png"));
        assertThat(Files.size(Path.of("target/console-handlers.png"))).isPositive();

        dead.start(); // the receiver is back, on the same port
        try {
            browser.clickAction("site alarms", "test");
            eventually().untilAsserted(() -> assertThat(browser.status("site alarms")).isEqualTo("active"));
            assertThat(browser.row("site alarms").findElement(By.cssSelector("[data-test-result]")).getText())
                    .startsWith("Test: ");
            assertThat(browser.byId("notice").getText()).startsWith("Test of site alarms succeeded: ");
            assertThat(dead.requests()).isNotEmpty();
        } finally {
            dead.close();
        }
    }

    /** A webhook handler whose receiver listens no more (start it again to bring it back), in the console signed in. */
    private HttpReceiver handlerWithDeadReceiver(String name) {
        HttpReceiver dead = HttpReceiver.http();
        String deadUrl = dead.url("/alarms");
        dead.stop();
        api.createWebhook(name, deadUrl);
        browser.signIn(ROOT_TOKEN);
        browser.awaitRow(name);
        return dead;
    }

    private static void publishDoorEvents(MqttTestClient device, int events) {
        for (int i = 0; i < events; i++) {
            device.publish("tedge/events/door_open/pump-7", "{\"text\":\"Door opened\"}");
        }
    }

    @Test
    void should_delete_a_handler_after_confirmation() {
        api.createWebhook("old hook", receiver.url("/old"));
        api.createWebhook("kept hook", receiver.url("/kept"));
        browser.signIn(ROOT_TOKEN);

        browser.clickAction("old hook", "delete");
        browser.awaitVisible("confirm");
        assertThat(browser.byId("confirm-text").getText()).contains("old hook");
        browser.byId("confirm-no").click();
        assertThat(api.list("/")).hasSize(2);

        browser.clickAction("old hook", "delete");
        browser.awaitVisible("confirm");
        browser.byId("confirm-yes").click();

        eventually().until(() -> browser.rowNames().equals(List.of("kept hook")));
        assertThat(api.list("/")).extracting(handler -> handler.get("name").asText()).containsExactly("kept hook");
    }

    @Test
    void should_create_a_kamelet_handler_from_its_schema_and_deliver_through_it_with_its_password_masked() {
        browser.signIn(ROOT_TOKEN);

        browser.openNewHandlerFormOfType("kamelet:mqtt5-sink");
        browser.fill("name", "to mqtt");
        browser.fill("filter.eventTypes", "kam_evt");
        browser.fill("connectionConfig.properties.topic", "out/console");
        browser.fill("connectionConfig.properties.brokerUrl", "tcp://127.0.0.1:" + broker.port());
        browser.fill("connectionConfig.properties.username", "console");
        browser.fill("connectionConfig.properties.password", "s3cr3t-pw");
        browser.byId("form-save").click();

        WebElement row = browser.awaitRow("to mqtt");
        assertThat(row.findElement(By.cssSelector("[data-col=type]")).getText()).isEqualTo("kamelet: mqtt5-sink");
        JsonNode stored = api.list("/").get(0);
        assertThat(stored.get("type").asText()).isEqualTo("kamelet");
        assertThat(stored.at("/connectionConfig/properties/password").asText()).isEqualTo("******");
        row.findElement(By.cssSelector("[data-action=edit]")).click();
        browser.awaitVisible("editor");
        assertThat(browser.field("connectionConfig.properties.password").getDomProperty("value")).isEqualTo("******");
        assertThat(browser.field("connectionConfig.properties.topic").getDomProperty("value")).isEqualTo("out/console");
        assertThat((String) browser.script("return document.documentElement.outerHTML")).doesNotContain("s3cr3t-pw");
        browser.byId("form-cancel").click();

        try (MqttTestClient cloud = new MqttTestClient(broker.uri()).subscribe("out/console");
                MqttTestClient device = new MqttTestClient(broker.uri())) {
            device.publish("tedge/events/kam_evt/pump-9", "{\"text\":\"through the console's Kamelet\"}");
            await().atMost(PATIENCE).until(() -> !cloud.payloadsOn("out/console").isEmpty());
            assertThat(cloud.payloadsOn("out/console").get(0)).contains("through the console's Kamelet");
        }
    }

    @Test
    void should_show_the_400_of_a_missing_required_kamelet_property_next_to_it() {
        browser.signIn(ROOT_TOKEN);

        browser.openNewHandlerFormOfType("kamelet:mqtt5-sink");
        assertThat(browser.byId("editor").getText()).contains("Topic *").contains("Broker URL *");
        browser.fill("name", "no topic");
        browser.fill("filter.eventTypes", "kam_evt");
        browser.fill("connectionConfig.properties.brokerUrl", "tcp://127.0.0.1:" + broker.port());
        browser.byId("form-save").click();

        eventually().untilAsserted(() -> assertThat(browser.fieldError("connectionConfig.properties.topic").getText())
                .startsWith("is required by Kamelet mqtt5-sink"));
        assertThat(browser.byId("editor").isDisplayed()).isTrue();
        assertThat(api.list("/")).isEmpty();
    }

    @Test
    void should_list_a_parked_dead_letter_and_deliver_it_on_retry_all() {
        receiver.answerWith(request -> request.body().contains("reject me") ? 400 : 200);
        api.createWebhook("picky hook", receiver.url("/picky"));
        browser.signIn(ROOT_TOKEN);
        browser.awaitRow("picky hook");

        try (MqttTestClient device = new MqttTestClient(broker.uri())) {
            device.publish("tedge/events/door_open/pump-7", "{\"text\":\"reject me\"}");
        }
        eventually().untilAsserted(() -> assertThat(browser.cell("picky hook", "deadletters")).isEqualTo("0 / 1"));

        browser.clickAction("picky hook", "deadletters");
        browser.awaitVisible("deadletters");
        eventually().untilAsserted(() -> {
            assertThat(browser.byId("dl-name").getText()).isEqualTo("picky hook");
            assertThat(browser.byId("dl-summary").getText()).startsWith("1 kept: 0 waiting for replay, 1 parked");
            List<WebElement> letters = browser.driver().findElements(By.cssSelector("#dl-table tbody tr"));
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getText()).contains("parked").contains("400").contains("reject me");
        });

        receiver.answer(200);
        browser.byId("dl-retry").click();

        eventually().untilAsserted(() -> assertThat(browser.byId("notice").getText())
                .matches("Retried the dead letters of picky hook: 1 unparked, [01] still waiting"));
        eventually().untilAsserted(() -> assertThat(receiver.requests()).filteredOn(request -> request.body().contains("reject me"))
                .hasSize(2));
        eventually().untilAsserted(() -> assertThat(browser.cell("picky hook", "deadletters")).isEqualTo("0 / 0"));
        eventually().untilAsserted(() -> assertThat(browser.byId("dl-summary").getText()).startsWith("0 kept"));
        assertThat(browser.driver().findElements(By.cssSelector("#dl-table tbody tr"))).isEmpty();
    }

    @Test
    void should_purge_the_waiting_dead_letters_of_a_handler_after_confirmation() {
        HttpReceiver dead = HttpReceiver.http();
        String deadUrl = dead.url("/down");
        dead.stop(); // nothing listens there: its letters wait for replay
        try {
            api.createWebhook("kept hook", receiver.url("/kept"));
            api.createWebhook("down hook", deadUrl);
            browser.signIn(ROOT_TOKEN);
            browser.awaitRow("down hook");

            try (MqttTestClient device = new MqttTestClient(broker.uri())) {
                device.publish("tedge/events/door_open/pump-7", "{\"text\":\"nobody home\"}");
            }
            eventually().untilAsserted(() -> assertThat(browser.cell("down hook", "deadletters")).matches("[1-9]\\d* / 0"));

            browser.clickAction("down hook", "deadletters");
            browser.awaitVisible("deadletters");
            eventually().untilAsserted(() -> assertThat(browser.byId("dl-table").getText()).contains("waiting"));
            browser.byId("dl-purge").click();
            browser.awaitVisible("confirm");
            assertThat(browser.byId("confirm-text").getText()).contains("down hook");
            browser.byId("confirm-yes").click();

            eventually().untilAsserted(() -> assertThat(browser.byId("notice").getText()).matches("Purged [1-9]\\d* dead letters of down hook"));
            eventually().untilAsserted(() -> assertThat(browser.cell("down hook", "deadletters")).isEqualTo("0 / 0"));
            assertThat(browser.byId("dl-summary").getText()).startsWith("0 kept");
            assertThat(browser.cell("kept hook", "deadletters")).isEqualTo("0 / 0");
        } finally {
            dead.close();
        }
    }

}
