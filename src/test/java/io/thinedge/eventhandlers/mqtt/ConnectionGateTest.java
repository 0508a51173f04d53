package io.thinedge.eventhandlers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The gate follows real sockets of the factory, as Paho opens and closes them. */
class ConnectionGateTest {

    private final ConnectionGate gate = new ConnectionGate();
    private final ReadAheadSocketFactory sockets = new ReadAheadSocketFactory(gate);
    private final AtomicInteger sent = new AtomicInteger();

    @Test
    void should_let_acknowledgements_through_only_while_the_socket_is_open() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            assertThat(gate.sendWhileOpen(sent::incrementAndGet)).as("before any connection").isFalse();

            Socket socket = sockets.createSocket("127.0.0.1", server.getLocalPort());
            assertThat(gate.sendWhileOpen(sent::incrementAndGet)).isTrue();

            socket.shutdownInput(); // what Paho does first when it stops a connection
            assertThat(gate.sendWhileOpen(sent::incrementAndGet)).as("while closing").isFalse();
            socket.close();
            assertThat(gate.sendWhileOpen(sent::incrementAndGet)).as("closed").isFalse();
            assertThat(sent).hasValue(1);
        }
    }

    @Test
    void should_stay_open_for_a_new_connection_when_an_old_socket_closes_late() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            Socket old = sockets.createSocket("127.0.0.1", server.getLocalPort());
            try (Socket current = sockets.createSocket("127.0.0.1", server.getLocalPort())) {
                old.close();
                assertThat(gate.sendWhileOpen(sent::incrementAndGet)).isTrue();
                assertThat(sent).hasValue(1);
            }
        }
    }
}
