package io.thinedge.eventhandlers.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;

/**
 * A real InfluxDB 1.x ({@code influxd}, Debian's {@code influxdb} package, which {@code make test}
 * installs) on free loopback ports with its data in a temporary folder, for one test class.
 */
public final class InfluxServer implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path directory;
    private final int httpPort;
    private final Process process;

    private InfluxServer(Path directory, int httpPort, Process process) {
        this.directory = directory;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Starts influxd and waits until {@code /ping} answers 204. */
    public static InfluxServer start() {
        Path influxd = Path.of("/usr/bin/influxd");
        if (!Files.isExecutable(influxd)) {
            throw new IllegalStateException("influxd is not installed: make test installs it (apt-get install influxdb)");
        }
        try {
            Path directory = Files.createTempDirectory("influx");
            int httpPort = MosquittoBroker.freePort();
            Files.writeString(directory.resolve("influxdb.conf"), """
                    reporting-disabled = true
                    bind-address = "127.0.0.1:%d"
                    [meta]
                      dir = "%s/meta"
                    [data]
                      dir = "%s/data"
                      wal-dir = "%s/wal"
                      query-log-enabled = false
                    [monitor]
                      store-enabled = false
                    [http]
                      bind-address = "127.0.0.1:%d"
                      log-enabled = false
                    """.formatted(MosquittoBroker.freePort(), directory, directory, directory, httpPort));
            Process process = new ProcessBuilder(influxd.toString(), "-config", directory.resolve("influxdb.conf").toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("influxd.log").toFile()).start();
            InfluxServer server = new InfluxServer(directory, httpPort, process);
            Awaitility.await("influxd answering /ping on 127.0.0.1:" + httpPort + " (log: " + directory + "/influxd.log)")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> server.ping() == 204);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("influxd cannot start: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public void createDatabase(String name) {
        String answer = query("/query", "q=" + encode("CREATE DATABASE \"" + name + "\""), true);
        if (answer.contains("\"error\"")) {
            throw new IllegalStateException("CREATE DATABASE " + name + ": " + answer);
        }
    }

    /** The JSON answer of an InfluxQL query on {@code database}, times as epoch nanoseconds. */
    public String select(String database, String influxQl) {
        return query("/query", "db=" + encode(database) + "&epoch=ns&q=" + encode(influxQl), false);
    }

    private int ping() {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String query(String path, String query, boolean post) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path + (post ? "" : "?" + query)));
        if (post) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(query));
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
