package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.RunningForwarder;

/** The real jar keeps no more API worker threads than {@link ApiServerOptions#WORKER_THREADS}, however many requests came. */
class ApiServerThreadsIT {

    @Test
    void should_serve_many_requests_on_a_few_worker_threads() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                ForwarderProcess forwarder = ForwarderProcess.start(RunningForwarder.defaults(broker))) {
            HandlerApiClient anonymous = new HandlerApiClient(forwarder.httpBase(), null);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> anonymous.get("").status() == 401);

            // Vert.x's pool makes a new thread for each task until it is full: 20 by default
            for (int i = 0; i < 12; i++) {
                assertThat(anonymous.get("").status()).isEqualTo(401);
            }
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<Void>>> together = IntStream.range(0, 12)
                    .mapToObj(i -> http.sendAsync(anonymous.request("").build(), HttpResponse.BodyHandlers.discarding()))
                    .toList();
            together.forEach(answer -> assertThat(answer.join().statusCode()).isEqualTo(401));

            assertThat(threadsNamed(forwarder.pid(), "vert.x-worker-t")).isBetween(1L, (long) ApiServerOptions.WORKER_THREADS);
        }
    }

    /** Threads of a process whose name starts so (Linux keeps the first 15 characters of a Java thread's name). */
    private static long threadsNamed(long pid, String prefix) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.map(task -> task.resolve("comm")).filter(Files::exists).map(comm -> {
                try {
                    return Files.readString(comm).trim();
                } catch (IOException threadEnded) {
                    return "";
                }
            }).filter(name -> name.startsWith(prefix)).count();
        }
    }
}
