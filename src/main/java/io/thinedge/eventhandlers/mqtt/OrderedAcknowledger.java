package io.thinedge.eventhandlers.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Releases MQTT QoS 1 acknowledgements in the order the messages arrived.
 *
 * <p>Exchanges complete on whichever thread finishes them (a Kafka callback, an HTTP client), so
 * their completions come in any order; MQTT 5 asks for PUBACKs in arrival order. A completion
 * marks its message done, and every done message at the head of the queue is acknowledged.
 * A message whose processing failed is not settled here: {@link FailedExchanges} tries it again in
 * place and completes it once handled (or reported), while the acknowledgements behind it wait.
 *
 * <p>Each arrival gets a ticket, unique in this acknowledger, that its completion names instead of
 * the MQTT message id: a broker that lost its session numbers messages from 1 again, and an
 * exchange of the old connection that finished late must not settle the new message holding its id.
 */
public final class OrderedAcknowledger {

    /** Sends one PUBACK; called in arrival order, under this object's lock. */
    @FunctionalInterface
    public interface AckSender {
        void acknowledge(int messageId, int qos);
    }

    private enum State { PENDING, DONE }

    private static final class Pending {
        final int ticket;
        final int messageId;
        final int qos;
        State state = State.PENDING;

        Pending(int ticket, int messageId, int qos) {
            this.ticket = ticket;
            this.messageId = messageId;
            this.qos = qos;
        }
    }

    /** What {@link #arrived} returns for a QoS 0 message: nothing to acknowledge, no ticket. */
    public static final int NO_TICKET = 0;

    private final AckSender sender;
    private final Deque<Pending> inArrivalOrder = new ArrayDeque<>();
    private final Map<Integer, Pending> byTicket = new HashMap<>();
    /** The unsettled message of each MQTT id on the current connection, to spot a redelivery. */
    private final Map<Integer, Pending> byMessageId = new HashMap<>();
    private int lastTicket = NO_TICKET;

    public OrderedAcknowledger(AckSender sender) {
        this.sender = sender;
    }

    /**
     * Records a message as it arrives, before it is processed.
     *
     * @return the ticket its completion must name, or {@link #NO_TICKET} for QoS 0
     */
    public synchronized int arrived(int messageId, int qos) {
        if (qos == 0) {
            return NO_TICKET;
        }
        lastTicket = lastTicket == Integer.MAX_VALUE ? NO_TICKET + 1 : lastTicket + 1;
        Pending pending = new Pending(lastTicket, messageId, qos);
        Pending previous = byMessageId.put(messageId, pending);
        if (previous != null) {
            // a redelivery of a message still being processed: the newer copy is the one to acknowledge
            inArrivalOrder.remove(previous);
            byTicket.remove(previous.ticket);
        }
        inArrivalOrder.addLast(pending);
        byTicket.put(pending.ticket, pending);
        return pending.ticket;
    }

    /** The message of this ticket was processed: acknowledge it once everything before it is settled. */
    public synchronized void completed(int ticket) {
        settle(ticket, State.DONE);
    }

    /** The connection was lost: the broker redelivers everything unacknowledged, so forget it. */
    public synchronized void connectionLost() {
        inArrivalOrder.clear();
        byTicket.clear();
        byMessageId.clear();
        notifyAll();
    }

    /** The message of this ticket is still waiting for its outcome on the current connection. */
    public synchronized boolean pending(int ticket) {
        Pending pending = byTicket.get(ticket);
        return pending != null && pending.state == State.PENDING;
    }

    public synchronized int inFlight() {
        return inArrivalOrder.size();
    }

    /**
     * Waits while {@code limit} messages or more are unsettled: holding the MQTT callback thread
     * stops reading from the broker, so the events in flight stay bounded even where a broker
     * does not honour the Receive Maximum it was given (Mosquitto was seen sending well past it).
     *
     * @return false when {@code maxWaitMillis} passed and there is still no room
     */
    public synchronized boolean awaitRoom(int limit, long maxWaitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxWaitMillis;
        while (inArrivalOrder.size() >= limit) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private void settle(int ticket, State state) {
        Pending pending = byTicket.get(ticket);
        if (pending == null || pending.state != State.PENDING) {
            return; // from a connection that is gone, or settled already
        }
        pending.state = state;
        while (!inArrivalOrder.isEmpty() && inArrivalOrder.peekFirst().state != State.PENDING) {
            Pending head = inArrivalOrder.pollFirst();
            byTicket.remove(head.ticket);
            byMessageId.remove(head.messageId, head);
            sender.acknowledge(head.messageId, head.qos);
        }
        notifyAll();
    }
}
