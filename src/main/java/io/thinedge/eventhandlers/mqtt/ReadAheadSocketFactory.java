package io.thinedge.eventhandlers.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

import javax.net.SocketFactory;

import jdk.net.ExtendedSocketOptions;

/**
 * Plain TCP sockets whose input is read ahead into a buffer, for Paho's MQTT connections.
 *
 * <p>Paho 1.2.5 reads each packet header byte by byte and asks the socket how much is available
 * before each packet: four to five system calls per message, straight on the socket. Profiled
 * under load, these calls were a third of the MQTT reader thread's CPU time. With a buffer, one
 * read brings in as many messages as the broker has sent, and the buffer answers the rest.
 *
 * <p>Its sockets also tell a listener when they connect and when they start closing: the socket is
 * the only part of a Paho connection whose end the application sees before Paho cleans up.
 */
public final class ReadAheadSocketFactory extends SocketFactory {

    /** Enough for dozens of typical events per read; Paho reads larger packets straight through. */
    static final int BUFFER_SIZE = 16 * 1024;

    /** Told about each socket of this factory. */
    public interface SocketListener {
        void connected(Socket socket);

        /** Called before the socket is shut down, on the thread that closes it. */
        void closing(Socket socket);
    }

    private final SocketListener listener;

    public ReadAheadSocketFactory(SocketListener listener) {
        this.listener = listener;
    }

    @Override
    public Socket createSocket() {
        return new ReadAheadSocket(listener);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote) throws IOException {
        Socket socket = createSocket();
        socket.connect(remote);
        return socket;
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        socket.bind(local);
        socket.connect(remote);
        return socket;
    }

    /** A socket that hands out one buffered input stream and reports its connect and close. */
    static final class ReadAheadSocket extends Socket {
        private final SocketListener listener;
        private InputStream input;

        ReadAheadSocket(SocketListener listener) {
            this.listener = listener;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            super.connect(endpoint, timeout);
            listener.connected(this);
        }

        /** Paho shuts the input down first, then closes; either one may be the first to come. */
        @Override
        public void shutdownInput() throws IOException {
            listener.closing(this);
            super.shutdownInput();
        }

        @Override
        public synchronized void close() throws IOException {
            listener.closing(this);
            super.close();
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new ReadAheadInputStream(new QuickAcks(super.getInputStream(), this));
            }
            return input;
        }
    }

    /**
     * Re-arms TCP_QUICKACK before each read, so that this side acknowledges what it reads at once.
     * A broker that sends without TCP_NODELAY (Mosquitto's default) holds its next small packet
     * until the previous one is acknowledged (Nagle); this side's delayed acknowledgement then came
     * up to 40 ms later whenever it had nothing to send meanwhile: a SmartREST batch published
     * without waiting for each PUBACK stalled at its end, 3.4k events/s at 36% of the machine busy
     * against 8.7k at 95% with the broker's TCP_NODELAY (make bench, 2026-12-07). Linux clears the
     * flag by itself, hence once per read; a read brings in up to {@link #BUFFER_SIZE} bytes.
     */
    static final class QuickAcks extends java.io.FilterInputStream {
        private final Socket socket;
        private final boolean supported;

        QuickAcks(InputStream in, Socket socket) {
            super(in);
            this.socket = socket;
            this.supported = socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        }

        @Override
        public int read() throws IOException {
            quickAck();
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            quickAck();
            return super.read(buffer, offset, length);
        }

        private void quickAck() {
            if (supported) {
                try {
                    socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile: the read that follows reports it
                }
            }
        }
    }

    /**
     * Answers {@link #available()} from the buffer while it holds data: Paho calls it before every
     * packet, and asking the socket costs a system call each time.
     */
    static final class ReadAheadInputStream extends BufferedInputStream {

        ReadAheadInputStream(InputStream in) {
            super(in, BUFFER_SIZE);
        }

        @Override
        public synchronized int available() throws IOException {
            int buffered = count - pos;
            return buffered > 0 ? buffered : super.available();
        }
    }
}
