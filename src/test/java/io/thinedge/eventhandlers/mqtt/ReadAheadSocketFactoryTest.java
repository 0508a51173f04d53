package io.thinedge.eventhandlers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

class ReadAheadSocketFactoryTest {

    @Test
    void should_read_what_arrived_in_one_go_and_answer_available_from_the_buffer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new ReadAheadSocketFactory(new ConnectionGate()).createSocket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket peer = server.accept()) {
                OutputStream out = peer.getOutputStream();
                out.write(new byte[] {0x30, 3, 'a', 'b', 'c'});
                out.flush();

                InputStream in = client.getInputStream();
                assertThat(in.read()).isEqualTo(0x30);
                // the rest came with the first read: the buffer answers without asking the socket
                assertThat(in.available()).isEqualTo(4);
                assertThat(in.readNBytes(4)).containsExactly(3, 'a', 'b', 'c');
                assertThat(client.getInputStream()).isSameAs(in);

                out.write('d');
                out.flush();
                assertThat(in.read()).isEqualTo('d');
            }
        }
    }

    @Test
    void should_connect_when_given_an_address() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new ReadAheadSocketFactory(new ConnectionGate()).createSocket("127.0.0.1", server.getLocalPort());
                Socket peer = server.accept()) {
            peer.getOutputStream().write(42);
            assertThat(client.isConnected()).isTrue();
            assertThat(client.getInputStream().read()).isEqualTo(42);
        }
    }
}
