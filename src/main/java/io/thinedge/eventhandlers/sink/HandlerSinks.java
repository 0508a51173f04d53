package io.thinedge.eventhandlers.sink;

import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.camel.CamelContext;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.sink.kafka.KafkaConfig;
import io.thinedge.eventhandlers.sink.kamelet.KameletConfig;
import io.thinedge.eventhandlers.sink.kamelet.KameletUri;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestSteps;
import io.thinedge.eventhandlers.sink.webhook.WebhookConfig;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestDataFormat;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestMarshaller;
import io.thinedge.eventhandlers.sink.smartrest.SmartRestTarget;

/**
 * Where a handler delivers: the endpoint URI of its Kamelet sink ({@code kamelet:tedge-kafka-sink},
 * {@code tedge-webhook-sink}, {@code tedge-smartrest-sink}, or the Kamelet a {@code kamelet}
 * handler names, with its properties), and what that Kamelet needs from the forwarder while it
 * runs ({@link SinkSetups}, and a SmartREST handler's {@code DataFormat} bound as
 * {@code smartrest-<id>}). The built-in Kamelets get the handler's id, never its secrets.
 */
public final class HandlerSinks {

    private final CamelContext context;
    private final SinkSetups setups;
    private final SmartRestSteps smartRest;
    private final Duration timeout;

    public HandlerSinks(CamelContext context, SinkSetups setups, SmartRestSteps smartRest, Duration timeout) {
        this.context = context;
        this.setups = setups;
        this.smartRest = smartRest;
        this.timeout = timeout;
    }

    /**
     * Sets the sink up under {@code setupId} (the handler's id, or a one-off id for a test) and
     * returns its endpoint URI.
     *
     * @throws RuntimeException naming the field when the handler's config is not valid
     */
    public String setUp(String setupId, EventHandler handler) {
        setups.put(setupId, handler);
        try {
            return switch (handler.type()) {
                case KAFKA -> kamelet(builtInKamelet(HandlerType.KAFKA), routeId(setupId), Map.of("handler", setupId,
                        "topic", KafkaConfig.from(handler.connectionConfig()).topic()));
                case WEBHOOK -> kamelet(builtInKamelet(HandlerType.WEBHOOK), routeId(setupId), Map.of("handler", setupId,
                        "uri", WebhookConfig.ofStored(setupId, handler.connectionConfig()).endpoint(),
                        "timeoutMillis", String.valueOf(timeout.toMillis())));
                case SMARTREST -> {
                    bindSmartRestFormat(setupId, smartRest.target(setupId));
                    yield kamelet(builtInKamelet(HandlerType.SMARTREST), routeId(setupId), Map.of("handler", setupId,
                            "timeoutMillis", String.valueOf(timeout.toMillis())));
                }
                case KAMELET -> {
                    KameletConfig config = KameletConfig.from(handler.connectionConfig());
                    yield kamelet(config.kamelet(), routeId(setupId), config.properties());
                }
            };
        } catch (RuntimeException e) {
            tearDown(setupId);
            throw e;
        }
    }

    /** The Kamelet a built-in handler type delivers through ({@code routes/kamelets/}). */
    public static String builtInKamelet(HandlerType type) {
        return switch (type) {
            case KAFKA -> "tedge-kafka-sink";
            case WEBHOOK -> "tedge-webhook-sink";
            case SMARTREST -> "tedge-smartrest-sink";
            case KAMELET -> throw new IllegalArgumentException("A kamelet handler names its Kamelet");
        };
    }

    /** The SmartREST marshaller as the DataFormat the Kamelet's {@code marshal} step names: {@code smartrest-<id>}. */
    private void bindSmartRestFormat(String setupId, SmartRestTarget target) {
        context.getRegistry().bind("smartrest-" + setupId, new SmartRestDataFormat(new SmartRestMarshaller(target)));
    }

    /** Forgets what {@link #setUp} set up. */
    public void tearDown(String setupId) {
        setups.remove(setupId);
        context.getRegistry().unbind("smartrest-" + setupId);
    }

    /** The id of the route the Kamelet makes: under handler-*, like the handler's own route. */
    private static String routeId(String setupId) {
        return "handler-" + setupId + "-sink";
    }

    /** Values as RAW(..) or RAW{..} ({@link KameletUri}): Camel passes them on untouched. */
    static String kamelet(String name, String routeId, Map<String, String> properties) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(property -> query.add(KameletUri.option(property.getKey(), property.getValue())));
        return "kamelet:" + name + "/" + routeId + query;
    }
}
