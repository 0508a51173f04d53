package io.thinedge.eventhandlers.mqtt;

import java.net.Socket;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Lets acknowledgements reach Paho only while the socket of the connection is open.
 *
 * <p>When a connection is lost, Paho 1.2.5 empties its send queue first and tells the callback
 * afterwards. An acknowledgement queued in between (a Kafka send completing just then) stayed
 * queued for the next connection, ahead of its CONNECT; the new sender thread then stopped at
 * once and the client hung in reconnecting (96 s, seen in the broker restart test). Paho closes
 * the socket before it empties the queue, so a gate that the closing socket shuts, and that is
 * held while an acknowledgement is queued, lets none in too late.
 */
final class ConnectionGate implements ReadAheadSocketFactory.SocketListener {

    /** One acknowledgement handed to Paho. */
    @FunctionalInterface
    interface Send {
        void run() throws MqttException;
    }

    private Socket open;

    @Override
    public synchronized void connected(Socket socket) {
        open = socket;
    }

    @Override
    public synchronized void closing(Socket socket) {
        if (open == socket) {
            open = null;
        }
    }

    /** Runs the send if the socket is open, and keeps it from closing meanwhile; false if it was not. */
    synchronized boolean sendWhileOpen(Send send) throws MqttException {
        if (open == null) {
            return false;
        }
        send.run();
        return true;
    }
}
