package io.thinedge.eventhandlers.api;

import static io.thinedge.eventhandlers.support.HandlerApiClient.inDomain;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HandlerBodies;

/** Tokens, domains and sub-domains, the 10-handler limit, concurrent creates, restarts. */
class DomainAccessTest {

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults().tokensFile("""
            # domain token
            / root-token
            /tenant-a/ token-a
            /tenant-a/site-1 token-a1

            /tenant-b/ token-b
            """);
    static final HandlerApiClient root = new HandlerApiClient(forwarder);
    static final HandlerApiClient tenantA = root.withToken("token-a");
    static final HandlerApiClient siteA1 = root.withToken("token-a1");
    static final HandlerApiClient tenantB = root.withToken("token-b");

    @Test
    void should_answer_401_without_a_valid_bearer_token() {
        HandlerApiClient anonymous = root.withToken(null);
        assertThat(anonymous.get("").status()).isEqualTo(401);
        assertThat(anonymous.get("").error()).contains("Bearer");
        assertThat(root.withToken("token-").get("").status()).isEqualTo(401);
        assertThat(root.withToken("root-token root-token").get("").status()).isEqualTo(401);
        assertThat(anonymous.post("/webhook", HandlerBodies.webhookHandler("x")).status()).isEqualTo(401);
        assertThat(anonymous.send(anonymous.request("").header("Authorization", "Basic cm9vdC10b2tlbg==").GET()).status())
                .isEqualTo(401);
        assertThat(root.get(inDomain("", "/")).json()).isEmpty();
    }

    @Test
    void should_act_on_the_tokens_own_domain_when_none_is_given() {
        String id = tenantA.create("webhook", "/tenant-a/", HandlerBodies.webhookHandler("own"));
        String implicit = tenantA.post("/webhook", HandlerBodies.webhookHandler("implicit")).json().asText();

        assertThat(tenantA.get("/" + implicit).json().path("domain").asText()).isEqualTo("/tenant-a/");
        assertThat(tenantA.get("").json().findValuesAsText("id")).contains(id, implicit);
        assertThat(tenantA.get("/" + id).status()).isEqualTo(200);
    }

    @Test
    void should_let_a_token_act_below_its_domain_but_never_above_or_beside_it() {
        String site = tenantA.create("webhook", "/tenant-a/site-2/", HandlerBodies.webhookHandler("site"));

        assertThat(tenantA.get(inDomain("/" + site, "/tenant-a/site-2/")).status()).isEqualTo(200);
        assertThat(tenantA.get("/" + site).status()).isEqualTo(200);
        assertThat(siteA1.post(inDomain("/webhook", "/tenant-a/"), HandlerBodies.webhookHandler("above")).status()).isEqualTo(403);
        assertThat(tenantB.get(inDomain("", "/tenant-a/")).status()).isEqualTo(403);
        assertThat(tenantB.get(inDomain("/" + site, "/tenant-a/")).status()).isEqualTo(403);
        assertThat(tenantA.get(inDomain("", "/")).status()).isEqualTo(403);
        assertThat(tenantA.get(inDomain("", "/tenant-ab/")).status()).isEqualTo(403);
        HandlerApiClient.Answer bodyDomain = tenantB.post("/webhook",
                "{\"name\":\"n\",\"domain\":\"/tenant-a/\",\"filter\":" + HandlerBodies.LIFECYCLE + ",\"connectionConfig\":{\"uri\":\"http://r/\"}}");
        assertThat(bodyDomain.status()).isEqualTo(403);
        assertThat(root.get(inDomain("", "/tenant-a/")).json().findValuesAsText("name")).doesNotContain("above", "n");
    }

    @Test
    void should_answer_404_for_a_handler_outside_the_requested_domain() {
        String a = tenantA.create("webhook", "/tenant-a/", HandlerBodies.webhookHandler("a"));

        assertThat(tenantB.get("/" + a).status()).isEqualTo(404);
        assertThat(tenantB.put("/webhook/" + a, "{\"name\":\"stolen\"}").status()).isEqualTo(404);
        assertThat(tenantB.delete("/" + a).status()).isEqualTo(404);
        assertThat(tenantB.post("/test/existing/" + a, "").status()).isEqualTo(404);
        assertThat(siteA1.get("/" + a).status()).isEqualTo(404);
        assertThat(root.get(inDomain("/" + a, "/tenant-b/")).status()).isEqualTo(404);
        assertThat(root.get("/" + a).status()).isEqualTo(200);
        assertThat(tenantA.get("/" + a).json().path("name").asText()).isEqualTo("a");
    }

    @Test
    void should_list_exactly_the_requested_domain() {
        String upper = root.create("webhook", "/listing/", HandlerBodies.webhookHandler("upper"));
        String lower = root.create("webhook", "/listing/below/", HandlerBodies.webhookHandler("lower"));

        assertThat(root.get(inDomain("", "/listing/")).json().findValuesAsText("id")).containsExactly(upper);
        assertThat(root.get(inDomain("", "/listing/below")).json().findValuesAsText("id")).containsExactly(lower);
    }

    @Test
    void should_reject_domains_that_are_not_plain_paths() {
        for (String domain : List.of("/tenant-a/../tenant-b/", "tenant-a/", "/a//b/", "/./", "/a/\u0000/", "", "/a b/")) {
            HandlerApiClient.Answer answer = root.get(inDomain("", domain));
            assertThat(answer.status()).as(domain).isEqualTo(400);
            assertThat(answer.error()).startsWith("domain:");
        }
    }

    @Test
    void should_refuse_the_eleventh_handler_of_a_domain() {
        for (int i = 0; i < 10; i++) {
            root.create("webhook", "/full/", HandlerBodies.webhookHandler("h" + i));
        }

        HandlerApiClient.Answer eleventh = root.post(inDomain("/kafka", "/full/"), HandlerBodies.kafkaHandler("k", "bootstrap.servers=k:9092"));

        assertThat(eleventh.status()).isEqualTo(409);
        assertThat(eleventh.error()).contains("/full/", "10");
        assertThat(root.get(inDomain("", "/full/")).json()).hasSize(10);
        assertThat(root.post(inDomain("/webhook", "/full/sub/"), HandlerBodies.webhookHandler("sub")).status()).isEqualTo(201);
    }

    @Test
    void should_never_store_more_than_ten_handlers_from_concurrent_creates() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            List<Future<HandlerApiClient.Answer>> answers = IntStream.range(0, 30).mapToObj(i -> pool.submit(
                    () -> root.post(inDomain("/webhook", "/race/"), HandlerBodies.webhookHandler("r" + i)))).toList();
            List<Integer> statuses = answers.stream().map(answer -> {
                try {
                    return answer.get().status();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();

            assertThat(statuses).filteredOn(status -> status == 201).hasSize(10);
            assertThat(statuses).filteredOn(status -> status == 409).hasSize(20);
        } finally {
            pool.shutdownNow();
        }
        assertThat(root.get(inDomain("", "/race/")).json()).hasSize(10);
    }

    @Test
    void should_answer_503_for_tests_while_no_handler_tester_is_configured() {
        String id = root.create("webhook", "/tests/", HandlerBodies.webhookHandler("t"));
        // the application binds one (dispatch); take it away for this test
        org.apache.camel.spi.Registry registry = forwarder.context().getRegistry();
        io.thinedge.eventhandlers.probe.HandlerTester configured = registry.lookupByNameAndType("handlerTester",
                io.thinedge.eventhandlers.probe.HandlerTester.class);
        registry.unbind("handlerTester");
        try {
            HandlerApiClient.Answer existing = root.post("/test/existing/" + id, "");
            HandlerApiClient.Answer unsaved = root.post(inDomain("/test/webhook", "/tests/"), HandlerBodies.webhookHandler("u"));

            assertThat(existing.status()).isEqualTo(503);
            assertThat(existing.error()).contains("handlerTester");
            assertThat(unsaved.status()).isEqualTo(503);
        } finally {
            if (configured != null) {
                registry.bind("handlerTester", io.thinedge.eventhandlers.probe.HandlerTester.class, configured);
            }
        }
    }

    @Test
    void should_keep_handlers_and_their_secrets_across_a_restart() {
        String id = root.create("webhook", "/persist/", HandlerBodies.basicAuthWebhook("kept", "restart-secret"));
        JsonNode before = root.get("/" + id).json();

        forwarder.restart();

        assertThat(root.get("/" + id).json()).isEqualTo(before);
        assertThat(forwarder.store().find(id).orElseThrow().connectionConfig().path("auth").path("password").asText()).isEqualTo("restart-secret");
        assertThat(tenantA.get("/" + id).status()).isEqualTo(404);
    }
}
