package io.thinedge.eventhandlers.mqtt;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Consumer;
import org.apache.camel.StatefulService;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Paho MQTT 5 client that camel-paho-mqtt5 routes use through {@code client=#beanName}.
 *
 * <p>It exists to close three gaps of camel-paho-mqtt5 4.17.0:
 * <ul>
 *   <li>The component connects before it sets its callback, and Paho drops what the broker sends
 *       in between: the first messages of a persistent session's backlog were lost until the
 *       next reconnect. This client connects only once the callback is set.</li>
 *   <li>Manual acknowledgements are sent from whichever thread completes the exchange; this client
 *       sends them in arrival order ({@link OrderedAcknowledger}).</li>
 *   <li>A broker that is down when the application starts would fail the route; this client keeps
 *       trying in the background, and Paho's automatic reconnect takes over once connected.</li>
 * </ul>
 * It also keeps acknowledgements away from a connection that is closing ({@link ConnectionGate}):
 * Paho 1.2.5 would carry them over to the next connection and stall it. And it publishes without
 * waiting for each PUBACK for a sender that waits once for many ({@link #publishWithoutWaiting}):
 * Paho's asynchronous client is this class's own {@code aClient}, which no other class can reach.
 *
 * <p>The id of each message handed to the callback is this client's ticket for it, not the MQTT
 * packet id ({@link OrderedAcknowledger}): Camel completes a message by the id it reads from the
 * message, and a packet id can come back for another message once the broker has lost its session.
 */
public class ReliableMqttClient extends MqttClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReliableMqttClient.class);

    private final MqttConnectionOptions options;
    private final long retryDelayMillis;
    /** What MQTT 5 allows at most, and what a client that sets none gets. */
    private static final int MQTT_MAX_RECEIVE_MAXIMUM = 65535;

    /** The events this client lets in at once: its Receive Maximum, enforced here too. */
    private final int maxInFlight;
    private final Map<String, Integer> subscriptions = new ConcurrentHashMap<>();
    private final OrderedAcknowledger acknowledger = new OrderedAcknowledger(this::sendAck);
    private final ConnectionGate gate = new ConnectionGate();
    /** The publishes that do not wait for their PUBACK ({@link #publishWithoutWaiting}). */
    private final PublishWindow window = new PublishWindow();
    private final ScheduledExecutorService connector;
    private volatile boolean closed;
    private volatile String sharedGroup;
    /** Kept away from the broker on purpose ({@link #pause()}). */
    private volatile boolean paused;
    private volatile boolean connecting;
    /** Every subscription was acknowledged on the current connection. */
    private volatile boolean subscribed;
    /** A connection succeeded before: a later one without the session means the broker lost it. */
    private volatile boolean connectedBefore;
    private final AtomicLong sessionsLost = new AtomicLong();
    /** Filters to remove from the broker's session at the next connection (no route wants them). */
    private final Set<String> staleFilters = ConcurrentHashMap.newKeySet();
    /** The route's consumer that is about to set its callback ({@link #consumedBy}). */
    private volatile Consumer nextConsumer;
    /** The callback of the route's consumer now taking this client's messages. */
    private volatile TrackingCallback current;
    private final Object callbackChanged = new Object();
    /** Messages wait in Paho's thread: the route is about to be reloaded ({@link #holdDeliveries()}). */
    private volatile boolean held;

    public ReliableMqttClient(String serverUri, String clientId, MqttConnectionOptions options, long retryDelayMillis)
            throws MqttException {
        super(serverUri, clientId, new MemoryPersistence());
        // the same client, telling whether the broker kept the session on each (re)connection
        aClient.close();
        aClient = new SessionReportingClient(serverUri, clientId, new MemoryPersistence(), this::connected);
        // the client's own sockets: read ahead, and they close the gate of the acknowledgements
        options.setSocketFactory(new ReadAheadSocketFactory(gate));
        this.options = options;
        this.retryDelayMillis = retryDelayMillis;
        Integer receiveMaximum = options.getReceiveMaximum();
        this.maxInFlight = receiveMaximum == null ? MQTT_MAX_RECEIVE_MAXIMUM : receiveMaximum;
        this.connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mqtt-connect-" + clientId);
            thread.setDaemon(true);
            return thread;
        });
        setManualAcks(true);
    }

    /** For a client that only publishes: no callback will be set, so connect now (or keep trying). */
    public ReliableMqttClient connectForPublishing() {
        super.setCallback(new TrackingCallback(null, null));
        startConnecting();
        return this;
    }

    @Override
    public void setCallback(MqttCallback callback) {
        synchronized (callbackChanged) {
            TrackingCallback tracking = new TrackingCallback(callback, nextConsumer);
            nextConsumer = null;
            super.setCallback(tracking);
            current = tracking;
            // a new consumer takes the messages: its subscription's SUBACK comes through Paho's
            // callback thread, which must not wait here any more
            held = false;
            callbackChanged.notifyAll();
        }
        startConnecting();
    }

    /**
     * The consumer of the route that is starting with this client ({@link AcknowledgeAfterFailure}
     * tells): once it stops, as when its YAML file is reloaded, messages wait in this client for the
     * next consumer instead of reaching a route that is shutting down, where they would be rejected
     * and stay unacknowledged until the next connection.
     */
    public void consumedBy(Consumer consumer) {
        synchronized (callbackChanged) {
            // Camel starts the consumer (which sets its callback) and tells the route policy in
            // either order: pair the consumer with its callback whichever comes first
            if (current != null && current.consumer == null) {
                current.consumer = consumer;
            } else {
                nextConsumer = consumer;
            }
            callbackChanged.notifyAll();
        }
    }

    /**
     * Joins an MQTT 5 shared subscription group ({@code tedge.mqtt.shared-group}): every topic this
     * client subscribes to becomes {@code $share/<group>/<topic>}, and the broker gives each message
     * to one member of the group, the other instances of the forwarder.
     */
    public ReliableMqttClient shareIn(String group) {
        this.sharedGroup = group;
        return this;
    }

    @Override
    public IMqttToken subscribe(String topicFilter, int qos) throws MqttException {
        String filter = sessionFilter(topicFilter);
        subscriptions.put(filter, qos);
        staleFilters.remove(filter);
        if (isConnected() && !paused) {
            return super.subscribe(filter, qos);
        }
        return null; // subscribed as soon as the connection is up
    }

    /**
     * Hands no more messages to the route until {@link #releaseDeliveries()} or the next route's
     * consumer sets its callback: for a route about to be reloaded, so its exchanges in flight can
     * finish first (Paho's callback thread waits, the broker holds what comes meanwhile).
     */
    public void holdDeliveries() {
        held = true;
    }

    public void releaseDeliveries() {
        synchronized (callbackChanged) {
            held = false;
            callbackChanged.notifyAll();
        }
    }

    /**
     * Keeps only these topic filters (as the routes name them) in the broker's session: any other
     * this client subscribed to, or that {@code recorded} says an earlier run subscribed to, is
     * unsubscribed, now or at the next connection. MQTT cannot list a session's subscriptions, so
     * the caller keeps what was subscribed across restarts.
     *
     * @return every filter that may still be in the session: the wanted ones and those not yet unsubscribed
     */
    public Set<String> retainOnly(Collection<String> topics, Collection<String> recorded) {
        Set<String> wanted = new HashSet<>();
        topics.forEach(topic -> wanted.add(sessionFilter(topic)));
        Set<String> stale = new HashSet<>(recorded);
        stale.addAll(subscriptions.keySet());
        stale.removeAll(wanted);
        subscriptions.keySet().removeAll(stale);
        staleFilters.addAll(stale);
        staleFilters.removeAll(wanted);
        if (isConnected() && !paused) {
            unsubscribeStale();
        }
        Set<String> inSession = new HashSet<>(wanted);
        inSession.addAll(staleFilters);
        return inSession;
    }

    /** The topic filters this client is subscribed to, as the broker knows them. */
    public Set<String> subscribedFilters() {
        return Set.copyOf(subscriptions.keySet());
    }

    private void unsubscribeStale() {
        for (String filter : Set.copyOf(staleFilters)) {
            try {
                super.unsubscribe(filter);
                staleFilters.remove(filter);
                LOG.info("MQTT client {} unsubscribed from {}: no route subscribes to it any more", getClientId(), filter);
            } catch (MqttException e) {
                LOG.warn("Unsubscription of {} from {} failed: {}", getClientId(), filter, e.getMessage());
            }
        }
    }

    private String sessionFilter(String topicFilter) {
        return sharedGroup == null ? topicFilter : "$share/" + sharedGroup + "/" + topicFilter;
    }

    /**
     * Stops taking messages: disconnects (the session keeps what arrives, and what this client
     * did not acknowledge yet is redelivered) and stays away until {@link #resume()}. For a store
     * that is gone: an event must not be acknowledged that could not be handled in full.
     */
    public synchronized void pause() {
        if (paused || closed) {
            return;
        }
        paused = true;
        LOG.warn("MQTT client {} stops taking events", getClientId());
        disconnectWhilePaused();
    }

    private void disconnectWhilePaused() {
        connector.execute(() -> {
            try {
                if (paused && isConnected()) {
                    disconnect();
                }
            } catch (MqttException e) {
                LOG.debug("Disconnect of {} failed: {}", getClientId(), e.getMessage());
            }
        });
    }

    /** Takes messages again after {@link #pause()}. */
    public synchronized void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        LOG.info("MQTT client {} takes events again", getClientId());
        // on the connector thread, after a disconnect that pause() may still have queued there
        connector.execute(this::startConnecting);
    }

    /** Acknowledges, in arrival order, the message this client handed over with this id (its ticket). */
    @Override
    public void messageArrivedComplete(int ticket, int qos) {
        acknowledger.completed(ticket);
    }

    /**
     * Hands a message whose exchange failed to the route again, under the same ticket, so its
     * acknowledgement keeps its place ({@link FailedExchanges}).
     *
     * @return false when its connection is gone (the broker redelivers it on the next one)
     */
    public boolean redeliver(int ticket, String topic, MqttMessage message) throws Exception {
        TrackingCallback target = current;
        if (closed || target == null || target.delegate == null || !acknowledger.pending(ticket)) {
            return false;
        }
        message.setId(ticket);
        target.delegate.messageArrived(topic, message);
        return true;
    }

    /**
     * A QoS 1 publish that does not wait for the broker's PUBACK, for a sender that waits once for
     * many (a batch of SmartREST events): one broker round trip for all instead of one each, as
     * {@link #publish(String, MqttMessage)} (and camel-paho-mqtt5's producer through it) takes.
     * Publishes go out in the order of the calls; while half the broker's Receive Maximum are
     * unacknowledged, the next waits for room ({@link PublishWindow}), at most {@code timeoutMillis}.
     *
     * @return completes once the broker acknowledged the message, exceptionally when it refused it
     *         or the connection was lost first
     * @throws MqttException not connected (Paho buffers nothing offline here), or Paho refused it
     * @throws TimeoutException the broker acknowledged nothing for {@code timeoutMillis}
     */
    public CompletableFuture<Void> publishWithoutWaiting(String topic, MqttMessage message, long timeoutMillis)
            throws MqttException, InterruptedException, TimeoutException {
        return window.publish(aClient, topic, message, timeoutMillis);
    }

    /** How many publishes may wait for their PUBACK at once ({@link #publishWithoutWaiting}). */
    public int publishWindow() {
        return window.size();
    }

    public int inFlight() {
        return acknowledger.inFlight();
    }

    /** Reconnections on which the broker no longer had this client's persistent session. */
    public long sessionsLost() {
        return sessionsLost.get();
    }

    /**
     * A broker that answers a reconnection without the session has lost what it held for it (it
     * restarted without persistence, or the session expired): events published meanwhile are gone
     * upstream, which the forwarder cannot undo, only report. A first connection without a session
     * is a new one; a client that starts clean (the publisher) never has one.
     */
    private void connected(IMqttToken connection) {
        MqttProperties connack = connection.getResponseProperties();
        window.fit(connack == null ? null : connack.getReceiveMaximum());
        boolean sessionPresent = connection.getSessionPresent();
        if (options.isCleanStart()) {
            return;
        }
        if (connectedBefore && !sessionPresent) {
            sessionsLost.incrementAndGet();
            LOG.warn("MQTT broker {} no longer had the session of client {} when it reconnected: events published "
                    + "while it was away, and events not yet acknowledged, may be lost (give the broker persistence)",
                    getServerURI(), getClientId());
        }
        connectedBefore = true;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (callbackChanged) {
            callbackChanged.notifyAll();
        }
        connector.shutdownNow();
        try {
            if (isConnected()) {
                disconnect();
            }
        } catch (MqttException e) {
            LOG.debug("Disconnect of {} failed: {}", getClientId(), e.getMessage());
        }
        try {
            super.close();
        } catch (MqttException e) {
            LOG.debug("Close of {} failed: {}", getClientId(), e.getMessage());
        }
    }

    /**
     * Connected, and subscribed to everything asked for: from now on no message published on a
     * subscribed topic is missed (the session keeps what comes while disconnected).
     */
    public boolean isReady() {
        return isConnected() && (subscriptions.isEmpty() || subscribed);
    }

    /**
     * Connects on the connector thread: Paho 1.2.5 spends about 300 ms in each connect (its
     * threads start with 100 ms sleeps, eclipse-paho/paho.mqtt.java#945), so the clients connect
     * side by side instead of one after the other during start-up.
     */
    private synchronized void startConnecting() {
        if (closed || paused || connecting || isConnected()) {
            return;
        }
        connecting = true;
        connector.execute(this::tryConnect);
    }

    private void tryConnect() {
        if (closed || paused) {
            connecting = false;
            return;
        }
        try {
            connect(options);
            connecting = false;
        } catch (MqttException e) {
            LOG.warn("MQTT broker {} not reachable for client {} ({}); retrying in {} ms",
                    getServerURI(), getClientId(), e.getMessage(), retryDelayMillis);
            connector.schedule(this::tryConnect, retryDelayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void sendAck(int messageId, int qos) {
        try {
            if (!gate.sendWhileOpen(() -> pahoAcknowledge(messageId, qos))) {
                // the connection is going: the broker redelivers the message on the next one
                LOG.debug("Acknowledgement of message {} dropped: its connection is closing", messageId);
            }
        } catch (MqttException e) {
            // the connection is gone: the broker redelivers the message on the next one
            LOG.debug("Acknowledgement of message {} not sent: {}", messageId, e.getMessage());
        }
    }

    private void pahoAcknowledge(int messageId, int qos) throws MqttException {
        // the socket is open before the CONNACK too: nothing may be queued ahead of the CONNECT
        if (isConnected()) {
            super.messageArrivedComplete(messageId, qos);
        }
    }

    private void resubscribe() {
        unsubscribeStale();
        boolean all = true;
        for (Map.Entry<String, Integer> subscription : subscriptions.entrySet()) {
            try {
                super.subscribe(subscription.getKey(), subscription.getValue());
            } catch (MqttException e) {
                all = false;
                LOG.warn("Subscription of {} to {} failed: {}", getClientId(), subscription.getKey(), e.getMessage());
            }
        }
        subscribed = all && isConnected();
    }

    /** Tracks arrival order and connection state, then hands everything to Camel's callback. */
    private final class TrackingCallback implements MqttCallback {
        private final MqttCallback delegate;
        /** The route consumer that set this callback, once known. */
        private volatile Consumer consumer;

        TrackingCallback(MqttCallback delegate, Consumer consumer) {
            this.delegate = delegate;
            this.consumer = consumer;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            TrackingCallback target = awaitRunningConsumer();
            while (!closed && !acknowledger.awaitRoom(maxInFlight, 1000)) {
                LOG.debug("{} events in flight for {}: waiting for room", maxInFlight, getClientId());
            }
            message.setId(acknowledger.arrived(message.getId(), message.getQos()));
            if (target.delegate != null) {
                target.delegate.messageArrived(topic, message);
            }
        }

        /**
         * The callback of a consumer that is not stopping: while a route is reloaded, its old
         * consumer stops before the new one sets its callback, and Paho's thread waits here (the
         * broker holds what comes meanwhile). On close, the last one: its route rejects the message,
         * which stays unacknowledged and is redelivered on the next connection.
         */
        private TrackingCallback awaitRunningConsumer() throws InterruptedException {
            synchronized (callbackChanged) {
                TrackingCallback target = current == null ? this : current;
                while (!closed && (held || target.stopping())) {
                    callbackChanged.wait(1000);
                    target = current;
                }
                return target;
            }
        }

        private boolean stopping() {
            return consumer instanceof StatefulService service && (service.isStopping() || service.isStopped());
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            LOG.info("MQTT client {} connected to {}{}", getClientId(), serverUri, reconnect ? " (reconnect)" : "");
            if (paused) {
                disconnectWhilePaused(); // Paho's automatic reconnect came back while the client was paused
                return;
            }
            // the connector thread: Paho's callback thread must not block on a SUBACK
            connector.execute(ReliableMqttClient.this::resubscribe);
            if (delegate != null && !reconnect) {
                delegate.connectComplete(false, serverUri);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            subscribed = false;
            LOG.warn("MQTT client {} disconnected: {}", getClientId(), describe(response));
            acknowledger.connectionLost();
            if (delegate != null) {
                delegate.disconnected(response);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            if (delegate != null) {
                delegate.mqttErrorOccurred(exception);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            if (delegate != null) {
                delegate.deliveryComplete(token);
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            if (delegate != null) {
                delegate.authPacketArrived(reasonCode, properties);
            }
        }

        private String describe(MqttDisconnectResponse response) {
            if (response == null) {
                return "no reason given";
            }
            if (response.getException() != null) {
                return response.getException().getMessage();
            }
            return response.getReasonString() == null ? "reason code " + response.getReturnCode() : response.getReasonString();
        }
    }
}
