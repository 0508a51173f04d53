package io.thinedge.eventhandlers.dispatch;

import org.apache.camel.Exchange;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;

import io.thinedge.eventhandlers.metrics.DroppedEvents;

/**
 * The bound of QoS 0 input on a handler's queue. QoS 1 events are bounded by the broker's Receive
 * Maximum (nothing more comes until they are acknowledged); QoS 0 events are outside it, so a slow
 * handler under a QoS 0 stream would queue them until the heap runs out. A QoS 0 event that finds
 * {@code limit} or more events waiting for a handler is dropped for that handler (at most once is
 * what QoS 0 promised), counted and warned about ({@link DroppedEvents}); the other handlers still
 * get it. An event whose QoS is not known (a step removed the header) is never dropped.
 */
final class AtMostOnceBound {

    private final int limit;
    private final DroppedEvents dropped;

    AtMostOnceBound(int limit, DroppedEvents dropped) {
        this.limit = limit;
        this.dropped = dropped;
    }

    /** True when the exchange's event is dropped for this handler: its exchange is then done. */
    boolean drops(Exchange exchange, String handlerId, HandlerLane lane) {
        Integer qos = exchange.getMessage().getHeader(PahoMqtt5Constants.MQTT_QOS, Integer.class);
        if (qos == null || qos != 0 || lane.pending() < limit) {
            return false;
        }
        dropped.dropped(DroppedEvents.HANDLER_QUEUE_FULL, handlerId, "a QoS 0 event found " + limit
                + " events or more waiting for the handler (handlers.qos0-queue-limit); QoS 1 events are never dropped");
        return true;
    }
}
