package io.thinedge.eventhandlers.mqtt;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.metrics.DroppedEvents;

/**
 * Reports an MQTT message given up after its last attempt ({@link FailedExchanges}): one message on
 * {@code tedge/errors} naming the topic and the failure (never the payload), an ERROR, and
 * {@code tedge_events_dropped_total{reason="failed-exchange"}}.
 */
public final class FailedMessageReports implements FailedExchanges.GiveUp {

    private static final Logger LOG = LoggerFactory.getLogger(FailedMessageReports.class);
    /** An exception's message may quote what it choked on: no more than this of it goes out. */
    private static final int MAX_REASON_CHARS = 200;

    private final CamelContext context;
    private final DroppedEvents dropped;

    public FailedMessageReports(CamelContext context) {
        this.context = context;
        this.dropped = new DroppedEvents(context);
    }

    @Override
    public void report(String routeId, String topic, int attempts, Throwable cause) {
        String text = "Message on " + topic + " failed " + attempts + " time(s) in route " + routeId
                + " and was acknowledged without being handled: " + reason(cause);
        dropped.lost(DroppedEvents.FAILED_EXCHANGE, "route " + routeId, text);
        try (ProducerTemplate errors = context.createProducerTemplate()) {
            errors.sendBody("paho-mqtt5:{{tedge.errors.topic}}?client=#mqttPublisher&qos=1", text);
        } catch (Exception publishFailure) {
            LOG.warn("The failed message on {} could not be reported on MQTT: {}", topic, publishFailure.getMessage());
        }
    }

    static String reason(Throwable cause) {
        if (cause == null) {
            return "no exception given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip());
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "…";
    }
}
