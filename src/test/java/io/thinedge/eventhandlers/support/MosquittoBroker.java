package io.thinedge.eventhandlers.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A real Mosquitto broker on a free loopback port, with persistence, for one test class.
 * It can be stopped and started again on the same port with the same stored sessions.
 */
public final class MosquittoBroker implements AutoCloseable {

    private final Path directory;
    private final int port;
    private Process process;

    private MosquittoBroker(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    public static MosquittoBroker start() {
        return start(0);
    }

    /**
     * @param maxInflightMessages what Mosquitto tells MQTT 5 clients as its Receive Maximum: the
     *                            unacknowledged QoS 1 publishes it takes from one; 0 for no limit
     */
    public static MosquittoBroker start(int maxInflightMessages) {
        try {
            Path directory = Files.createTempDirectory("mosquitto");
            MosquittoBroker broker = new MosquittoBroker(directory, freePort());
            Files.writeString(directory.resolve("mosquitto.conf"), String.join("\n",
                    "listener " + broker.port + " 127.0.0.1",
                    "allow_anonymous true",
                    // started as root, Mosquitto switches to the user "mosquitto", which cannot write
                    // this folder: its sessions were then not saved, and a restart lost what they held
                    "user " + System.getProperty("user.name"),
                    "persistence true",
                    "persistence_location " + directory + "/",
                    // the default of 1000 queued messages per session would drop a large backlog
                    "max_queued_messages 0",
                    "max_inflight_messages " + maxInflightMessages,
                    "log_dest file " + directory.resolve("mosquitto.log"),
                    ""));
            broker.startProcess();
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("Mosquitto cannot be started: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops the broker the way a service stop does (SIGTERM): it saves its sessions first. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Freezes the process (SIGSTOP): connections stay open, but nothing is read or answered, as
     * with a broker that hangs. {@link #thaw()} lets it go on.
     */
    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed for Mosquitto");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void restart() {
        stop();
        startProcess();
    }

    /** Restarts the broker without what it saved: every session is gone, message ids start over. */
    public void restartForgettingSessions() {
        stop();
        try {
            Files.deleteIfExists(directory.resolve("mosquitto.db"));
        } catch (IOException e) {
            throw new IllegalStateException("Mosquitto's saved sessions cannot be removed: " + e.getMessage(), e);
        }
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    private void startProcess() {
        try {
            process = new ProcessBuilder("mosquitto", "-c", directory.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("mosquitto binary not found: run `make test`, which installs it", e);
        }
        Awaitility.await("Mosquitto listening on " + port).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(this::accepts);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
