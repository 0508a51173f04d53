package io.thinedge.eventhandlers.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber process from Debian's mosquitto-clients: {@code mosquitto_sub -q 1}, optionally
 * piped into another command ({@code kcat -P}), tallying what it prints.
 */
final class RawSubscriber implements AutoCloseable {

    /** What a counting subscriber printed; empty for a piped one (its sink counts). */
    final Receivers.Tally tally;
    private final Process process;

    private RawSubscriber(Process process, boolean countLines, Receivers.Tally tally) {
        this.process = process;
        this.tally = tally;
        if (countLines) {
            Thread reader = new Thread(this::readLines, "raw-subscriber");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** {@code mosquitto_sub} printing each payload; its lines are counted. */
    static RawSubscriber counting(int port, String topic, String clientId) throws Exception {
        return counting(port, topic, clientId, new Receivers.Tally());
    }

    /** The same, recording into a tally prepared beforehand (one watching a range, say). */
    static RawSubscriber counting(int port, String topic, String clientId, Receivers.Tally tally) throws Exception {
        return new RawSubscriber(new ProcessBuilder(command(port, topic, clientId)).start(), true, tally);
    }

    /** {@code mosquitto_sub ... | <sink command>}, e.g. kcat producing into Kafka. */
    static RawSubscriber pipedInto(int port, String topic, String clientId, String sinkCommand) throws Exception {
        String pipeline = String.join(" ", command(port, topic, clientId)) + " | " + sinkCommand;
        return new RawSubscriber(new ProcessBuilder("bash", "-c", pipeline).redirectErrorStream(true).start(), false,
                new Receivers.Tally());
    }

    private static List<String> command(int port, String topic, String clientId) {
        List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-q", "1", "-i", clientId, "-c", "-t", topic));
        return command;
    }

    /**
     * Ends a persistent session (connects once with a clean session under the same id): otherwise
     * the broker keeps queueing every later event of the run for it, and slows down.
     */
    static void forgetSession(int port, String clientId) throws Exception {
        new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-i", clientId,
                "-t", "bench/none", "-W", "1").start().waitFor(10, TimeUnit.SECONDS);
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                tally.record(line);
            }
        } catch (Exception ignored) {
            // the process was stopped
        }
    }

    @Override
    public void close() throws Exception {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
