package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.RouteBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.RunningForwarder;

/** Every answer of the HTTP server is JSON: unknown paths, wrong methods, and requests while it starts. */
class JsonAnswersTest {

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults().beforeStart(context -> {
        try {
            // what another part (such as the console) serves is served first: the JSON 404 is only the fallback
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("platform-http:/extra/index.html").routeId("test-extra").setBody(constant("<html>console</html>"));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    @Test
    void should_answer_a_json_404_for_a_path_nothing_serves() {
        for (String path : new String[] {"/nothing-here", "/api/coiotedm/v3/deviceEvents/handler/a/b/c", "/extra/missing.js"}) {
            HandlerApiClient.Answer answer = api.get(path.startsWith("/api") ? path : forwarder.httpBase() + path);

            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.response().headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(answer.error()).contains(path);
        }
    }

    @Test
    void should_answer_a_json_405_naming_the_allowed_methods_for_a_known_path() {
        HandlerApiClient.Answer patch = api.send(api.request("/some-id").method("PATCH", java.net.http.HttpRequest.BodyPublishers.noBody()));
        HandlerApiClient.Answer deleteAll = api.delete("");

        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.response().headers().firstValue("Allow")).hasValue("DELETE, GET");
        assertThat(patch.error()).contains("PATCH").contains("DELETE, GET");
        assertThat(deleteAll.status()).isEqualTo(405);
        assertThat(deleteAll.response().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(deleteAll.response().headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void should_serve_what_other_routes_serve_before_the_fallback() throws Exception {
        forwarder.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/extra/late.html").routeId("test-extra-late").setBody(constant("late"));
            }
        });

        assertThat(api.get(forwarder.httpBase() + "/extra/index.html").body()).isEqualTo("<html>console</html>");
        assertThat(api.get(forwarder.httpBase() + "/extra/late.html").body()).isEqualTo("late");
        assertThat(api.get(forwarder.httpBase() + "/observe/health").status()).isEqualTo(200);
        assertThat(api.get("").status()).isEqualTo(200);
    }

    @Test
    void should_answer_503_json_while_the_forwarder_is_starting() throws Exception {
        var properties = RunningForwarder.defaults(forwarder.broker());
        CountDownLatch configured = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // a service that holds Camel's start: the HTTP server listens by then, the routes are not up
        CompletableFuture<RunningForwarder> starting = CompletableFuture.supplyAsync(() -> RunningForwarder.start(properties,
                context -> {
                    try {
                        context.addService(new org.apache.camel.support.service.ServiceSupport() {
                            @Override
                            protected void doStart() throws InterruptedException {
                                configured.countDown();
                                release.await(30, TimeUnit.SECONDS);
                            }
                        });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
        try {
            assertThat(configured.await(30, TimeUnit.SECONDS)).isTrue();
            HandlerApiClient early = new HandlerApiClient("http://127.0.0.1:" + properties.get("camel.server.port"), "any");
            for (String path : new String[] {"/api/coiotedm/v3/deviceEvents/handler", "/observe/health", "/nothing-here"}) {
                HandlerApiClient.Answer answer = early.get(path.startsWith("/api") ? path
                        : "http://127.0.0.1:" + properties.get("camel.server.port") + path);
                assertThat(answer.status()).as(path).isEqualTo(503);
                assertThat(answer.response().headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(answer.response().headers().firstValue("Retry-After")).isPresent();
                assertThat(answer.error()).contains("starting");
            }
        } finally {
            release.countDown();
        }
        try (RunningForwarder started = starting.get(60, TimeUnit.SECONDS)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> new HandlerApiClient(started.httpBase(), null)
                    .get(started.httpBase() + "/observe/health").status() == 200);
        }
    }
}
