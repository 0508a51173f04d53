package io.thinedge.eventhandlers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.MosquittoBroker;

/**
 * What {@code make run} checks before it starts the forwarder, run through the real Makefile: it
 * names the broker it found, and refuses clearly when the API's port is taken.
 */
class MakeRunTest {

    record Outcome(int exitCode, String output) {
    }

    @Test
    void should_refuse_clearly_when_the_api_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Outcome refused = make("api-port", "CAMEL_SERVER_PORT=" + taken.getLocalPort());

            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).contains("Port " + taken.getLocalPort() + " (camel.server.port) is taken")
                    .contains("CAMEL_SERVER_PORT=");
        }
        int free = MosquittoBroker.freePort();
        assertThat(make("api-port", "CAMEL_SERVER_PORT=" + free).exitCode()).isZero();
    }

    @Test
    void should_name_the_broker_it_found() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Outcome found = make("broker", "MQTT_HOST=127.0.0.1", "MQTT_PORT=" + broker.port());

            assertThat(found.exitCode()).as(found.output()).isZero();
            assertThat(found.output()).contains("MQTT broker found on 127.0.0.1:" + broker.port());
        }
    }

    private static Outcome make(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("make", "-s", "--no-print-directory"));
        command.addAll(List.of(arguments));
        Process make = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!make.waitFor(60, TimeUnit.SECONDS)) {
            make.destroyForcibly();
            throw new AssertionError("make " + String.join(" ", arguments) + " did not finish in 60 s");
        }
        return new Outcome(make.exitValue(), new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
