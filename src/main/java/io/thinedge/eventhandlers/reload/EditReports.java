package io.thinedge.eventhandlers.reload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports an edit of routes/ that did not load, once each: an ERROR naming the file (and the line,
 * where Camel gives it), one message on {@code tedge/errors}, and an entry the {@code route-edits}
 * health check shows until the file loads.
 */
public final class EditReports {

    private static final Logger LOG = LoggerFactory.getLogger(EditReports.class);

    private final CamelContext context;
    /** The files whose last edit did not load, with why. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    public EditReports(CamelContext context) {
        this.context = context;
    }

    public void failed(String file, Throwable e) {
        String reason = reason(e);
        failed.put(file, reason);
        String text = file + " was not loaded, what ran before stays in effect: " + reason;
        LOG.error(text);
        try (ProducerTemplate errors = context.createProducerTemplate()) {
            errors.sendBody("paho-mqtt5:{{tedge.errors.topic}}?client=#mqttPublisher&qos=1", text);
        } catch (Exception publishFailure) {
            LOG.warn("The failed edit of {} could not be reported on MQTT: {}", file, publishFailure.getMessage());
        }
    }

    public void loaded(String file) {
        if (failed.remove(file) != null) {
            LOG.info("{} loaded: the edit that failed before is mended", file);
        }
    }

    /** The files whose last edit did not load, and why. */
    public Map<String, String> failures() {
        return Map.copyOf(failed);
    }

    /** Camel wraps the cause (which names the line of a YAML error) once or twice: every message, innermost last. */
    static String reason(Throwable e) {
        StringBuilder reason = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !message.isBlank() && reason.indexOf(message.strip()) < 0) {
                reason.append(reason.isEmpty() ? "" : ": ").append(message.strip());
            }
        }
        return reason.isEmpty() ? e.getClass().getSimpleName() : reason.toString();
    }
}
