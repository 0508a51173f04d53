package io.thinedge.eventhandlers.sink.smartrest;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.ingest.LifecycleEvents;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.Sink;
import io.thinedge.eventhandlers.sink.webhook.AuthSecrets;

/**
 * {@code smartrest} handlers (Cumulocity): {@link SmartRestHandlerConfig}, every setting of which
 * has a default, delivered through the {@value #KAMELET} Kamelet ({@link SmartRestSteps}) with the
 * handler's marshaller bound as the DataFormat {@code smartrest-<id>} its {@code marshal} step names.
 * It sends events to Cumulocity and drops what thin-edge's own c8y mapper already sends there:
 * measurements, and the lifecycle events the forwarder raises (deviceCreated and the like).
 */
public final class SmartRestSink implements Sink {

    public static final String KAMELET = "tedge-smartrest-sink";

    private final CamelContext context;
    private final SmartRestSteps steps;
    private final Duration timeout;

    /** @param timeout how long one HTTP request may take (webhook.timeout) */
    public SmartRestSink(CamelContext context, SmartRestSteps steps, Duration timeout) {
        this.context = context;
        this.steps = steps;
        this.timeout = timeout;
    }

    @Override
    public HandlerType type() {
        return HandlerType.SMARTREST;
    }

    @Override
    public String kamelet(JsonNode connectionConfig) {
        return KAMELET;
    }

    @Override
    public void validate(JsonNode connectionConfig, String domain) {
        SmartRestHandlerConfig.from(connectionConfig);
    }

    /**
     * A handler whose filter lets only what this sink drops through would count every event
     * delivered and send nothing, so it is refused naming the filter.
     */
    @Override
    public void validateFilter(EventFilter filter) {
        if (filter instanceof EventFilter.Telemetry) {
            throw new InvalidHandlerException("filter", "a smartRest handler sends events, not measurements (thin-edge's "
                    + "c8y mapper sends those to Cumulocity): use a lifecycle filter, or a webhook or kafka handler for telemetry");
        }
        if (filter instanceof EventFilter.Lifecycle lifecycle && !lifecycle.eventTypes().contains(EventFilter.Lifecycle.ANY)
                && lifecycle.eventTypes().stream().noneMatch(this::sends)) {
            throw new InvalidHandlerException("filter.eventTypes", "a smartRest handler never sends the lifecycle events "
                    + "the forwarder raises (Cumulocity learns of them from thin-edge's c8y mapper): name an event type "
                    + "the devices raise, or *");
        }
    }

    @Override
    public boolean sends(String eventType) {
        return !LifecycleEvents.isRaisedByForwarder(eventType);
    }

    @Override
    public Optional<String> topicPrefix(JsonNode connectionConfig) {
        return Optional.of(SmartRestHandlerConfig.from(connectionConfig).topicPrefix());
    }

    @Override
    public JsonNode defaultConfig() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public String apiNotes() {
        return ". Outside the root domain, topicPrefix is one of the handler's own: c8y.topic-prefix, c8y, "
                + "te, tedge and $... are the gateway's (400).";
    }

    /** The secret of its {@code auth}, for an HTTP endpoint of its own. */
    @Override
    public void maskSecrets(ObjectNode config) {
        AuthSecrets.mask(config);
    }

    @Override
    public void restoreSecrets(ObjectNode config, JsonNode stored) {
        AuthSecrets.restore(config, stored);
    }

    @Override
    public String endpoint(String setupId, EventHandler handler) {
        context.getRegistry().bind(formatBean(setupId), new SmartRestDataFormat(new SmartRestMarshaller(steps.target(setupId))));
        return HandlerSinks.kameletUri(KAMELET, setupId, Map.of("handler", setupId,
                "timeoutMillis", String.valueOf(timeout.toMillis())));
    }

    @Override
    public void tearDown(String setupId) {
        context.getRegistry().unbind(formatBean(setupId));
    }

    /**
     * Events that queued up for the handler come as one list: the Kamelet publishes them one after
     * the other and waits once for all the broker's PUBACKs ({@link SmartRestPublishes}).
     */
    @Override
    public boolean takesBatches() {
        return true;
    }

    private static String formatBean(String setupId) {
        return "smartrest-" + setupId;
    }
}
