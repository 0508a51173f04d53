package io.thinedge.eventhandlers.support;


import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

/**
 * The real jar in a child process, started like {@code make run} starts it, so a test can kill it
 * with SIGKILL. Output goes to a log file next to its store.
 */
public final class ForwarderProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/tedge-event-handlers.jar");
    /** The JVM options `make run` and the systemd unit use. */
    static final Path JVM_ENV = Path.of("config/jvm.env");

    private final Map<String, String> properties;
    private final Path log;
    /** The working folder (config/ and routes/ are read from it), or null for the project's. */
    private final Path workDir;
    private final Map<String, String> environment;
    private Process process;

    private ForwarderProcess(Map<String, String> properties, Path log, Path workDir, Map<String, String> environment) {
        this.properties = properties;
        this.log = log;
        this.workDir = workDir;
        this.environment = environment;
    }

    /** Starts the jar with these overrides (use {@link RunningForwarder#defaults}) and waits until it is ready. */
    public static ForwarderProcess start(Map<String, String> properties) {
        return start(properties, null, Map.of());
    }

    /**
     * Starts the jar in {@code workDir} (which holds its own config/ and routes/, as an installed
     * gateway's folder does) with these environment variables added, and waits until it is ready.
     */
    public static ForwarderProcess start(Map<String, String> properties, Path workDir, Map<String, String> environment) {
        try {
            Path log = Files.createTempFile("forwarder", ".log");
            ForwarderProcess forwarder = new ForwarderProcess(properties, log, workDir, environment);
            forwarder.launch();
            return forwarder;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the broker. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the jar again with the same settings, client ids and store. */
    public void restart() {
        if (process.isAlive()) {
            kill();
        }
        launch();
    }

    /** The API's address: the port {@code -D} names, or else the environment's {@code CAMEL_SERVER_PORT}. */
    public String httpBase() {
        String port = properties.get("camel.server.port");
        return "http://127.0.0.1:" + (port != null ? port : environment.get("CAMEL_SERVER_PORT"));
    }

    /** POSTs JSON to the handler API ({@code /api/coiotedm/v3/deviceEvents} + path) with a token of domain /. */
    public HttpResponse<String> postAsRoot(String path, String json) throws Exception {
        String token = Files.readAllLines(Path.of(properties.get("api.tokens-file"))).stream()
                .filter(line -> line.startsWith("/ ")).findFirst().orElseThrow().substring(2).trim();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(httpBase() + "/api/coiotedm/v3/deviceEvents" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory of the process now, from /proc (Linux). */
    public long residentBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Stops the process the way systemd does (SIGTERM) and waits for it. */
    public void stop() {
        close();
    }

    public Map<String, String> properties() {
        return properties;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** GET /observe/health, with the root token when observe.require-token asks for one (as Prometheus would send it). */
    private HttpRequest.Builder healthProbe() throws IOException {
        HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create(httpBase() + "/observe/health"));
        if ("true".equals(properties.get("observe.require-token"))) {
            String token = Files.readAllLines(Path.of(properties.get("api.tokens-file"))).stream()
                    .filter(line -> line.startsWith("/ ")).findFirst().orElseThrow().substring(2).trim();
            probe.header("Authorization", "Bearer " + token);
        }
        return probe;
    }

    /** The JVM_HEAP_OPTS line of config/jvm.env, without the quotes systemd needs. */
    public static String heapOptions() {
        try {
            return Files.readAllLines(JVM_ENV).stream().filter(line -> line.startsWith("JVM_HEAP_OPTS="))
                    .map(line -> line.substring("JVM_HEAP_OPTS=".length()).replace("\"", "")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(JVM_ENV + " has no JVM_HEAP_OPTS line"));
        } catch (IOException e) {
            throw new IllegalStateException(JVM_ENV + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void launch() {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after `mvn package`");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // the heap limit of `make run` unless the caller (make bench) passes its JAVA_OPTS
        String javaOpts = System.getProperty("forwarder.javaOpts");
        command.addAll(List.of((javaOpts != null ? javaOpts : heapOptions()).trim().split("\\s+")));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(environment);
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("The forwarder jar did not start: " + e.getMessage(), e);
        }
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("forwarder ready (log: " + log + ")").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("The forwarder exited; see " + log);
                    }
                    return http.send(healthProbe().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }
}
