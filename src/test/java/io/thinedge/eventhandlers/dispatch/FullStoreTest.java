package io.thinedge.eventhandlers.dispatch;

import static io.thinedge.eventhandlers.support.HandlerBodies.handler;
import static io.thinedge.eventhandlers.support.HandlerBodies.lifecycle;
import static io.thinedge.eventhandlers.support.HandlerBodies.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thinedge.eventhandlers.support.ForwarderExtension;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.HttpReceiver;

/**
 * Issue 29 item 6, in part: the real application with its store on a small tmpfs (mounted as root)
 * that is then filled up. A handler whose receiver is down can no longer keep its dead letters: it
 * loses those events, counted ({@code tedge_events_dropped_total{reason="store-unwritable"}}), while
 * a healthy handler gets every event: the failed writes no longer hold MQTT messages unacknowledged,
 * which stopped intake once the broker's Receive Maximum (256) of them was held.
 */
class FullStoreTest {

    static final String TOKEN = "full-store-token-0123456789abcdef0123456789ab";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int EVENTS = 400;
    static final Pattern DROPPED = Pattern.compile(
            "(?m)^tedge_events_dropped_total\\{[^}]*reason=\"store-unwritable\"[^}]*\\}\\s+([0-9.eE+]+)");

    static Path mount;

    @RegisterExtension
    static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
            .property("handlers.retest-interval", "0")
            .properties(properties -> {
                mount = mountTmpfs("16m");
                properties.put("store.dir", mount.resolve("data").toString());
            })
            .afterStop(() -> run("umount", "--lazy", mount.toString()))
            .token(TOKEN);
    static final HandlerApiClient api = new HandlerApiClient(forwarder);

    @Test
    void should_keep_healthy_handlers_flowing_and_count_the_dead_letters_a_full_store_cannot_keep() throws Exception {
        try (HttpReceiver healthy = HttpReceiver.http(); HttpReceiver down = HttpReceiver.http()) {
            down.answer(503);
            api.create("webhook", "/", handler("healthy", true, lifecycle("fs_evt"), webhook(healthy.url("/h"))));
            api.create("webhook", "/", handler("down", true, lifecycle("fs_evt"), webhook(down.url("/d"))));
            forwarder.publishEventAndWait("fs_evt", "before");
            assertThat(healthy.requests()).hasSize(1);

            Path filler = mount.resolve("filler");
            fill(filler);
            NotifyBuilder done = new NotifyBuilder(forwarder.context()).fromRoute("tedge-events")
                    .filter(ForwarderExtension::isMqttMessage).whenDone(EVENTS).create();
            for (int i = 0; i < EVENTS; i++) {
                forwarder.device().publish("tedge/events/fs_evt", "{\"text\":\"full-" + i + "\"}");
            }

            await().atMost(WAIT).until(() -> healthy.requests().size() == 1 + EVENTS);
            assertThat(done.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as("every message done").isTrue();
            assertThat(dropped()).as("dead letters dropped").isPositive();
            assertThat(get("/observe/health").statusCode()).as("health while the store is full").isEqualTo(503);
            long lost = dropped();
            System.out.println("Full store: " + lost + " dead letters dropped");

            // space again: the store takes the dead letters again, health is UP, nothing more is lost
            Files.delete(filler);
            await().atMost(WAIT).until(() -> get("/observe/health").statusCode() == 200);
            forwarder.publishEventAndWait("fs_evt", "after");
            assertThat(healthy.requests()).hasSize(2 + EVENTS);
            assertThat(dropped()).as("dropped after space was freed").isEqualTo(lost);
        }
    }

    private static long dropped() throws Exception {
        Matcher value = DROPPED.matcher(get("/observe/metrics").body());
        return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(forwarder.httpBase() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Writes until the file system is full. */
    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left: what the test wants
        }
    }

    private static Path mountTmpfs(String size) {
        try {
            Path dir = Files.createTempDirectory("full-store");
            run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
