package io.thinedge.eventhandlers.sink;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.sink.kamelet.KameletAllowList;
import io.thinedge.eventhandlers.sink.kamelet.KameletSink;
import io.thinedge.eventhandlers.sink.kamelet.KameletUri;
import io.thinedge.eventhandlers.sink.smartrest.TenantTopicPrefixes;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The {@link Sink} of each handler type, and where a handler delivers: the endpoint URI of its
 * Kamelet sink ({@code kamelet:tedge-kafka-sink}, {@code tedge-webhook-sink},
 * {@code tedge-smartrest-sink}, or the Kamelet a {@code kamelet} handler names, with its
 * properties), with what that Kamelet needs from the forwarder while it runs ({@link SinkSetups}).
 * Bound as {@value #BEAN}.
 */
public final class HandlerSinks {

    public static final String BEAN = "handlerSinks";

    private final SinkSetups setups;
    private final TenantTopicPrefixes topicPrefixes;
    private final Map<HandlerType, Sink> byType = new EnumMap<>(HandlerType.class);
    /** In the order their secrets were masked and restored before there was one class per type. */
    private final List<Sink> all;

    /**
     * @param topicPrefixes where SmartREST handlers outside the root domain may publish
     * @param sinks         one per handler type
     */
    public HandlerSinks(SinkSetups setups, TenantTopicPrefixes topicPrefixes, List<Sink> sinks) {
        this.setups = setups;
        this.topicPrefixes = topicPrefixes;
        this.all = List.copyOf(sinks);
        sinks.forEach(sink -> byType.put(sink.type(), sink));
        if (byType.size() != HandlerType.values().length) {
            throw new IllegalArgumentException("One sink per handler type is needed, not " + byType.keySet());
        }
    }

    public Sink of(HandlerType type) {
        return byType.get(type);
    }

    /** Every type's sink. */
    public List<Sink> all() {
        return all;
    }

    public KameletSink kamelets() {
        return (KameletSink) of(HandlerType.KAMELET);
    }

    /** Where SmartREST handlers outside the root domain may publish: checked by the API and at every setup. */
    public TenantTopicPrefixes topicPrefixes() {
        return topicPrefixes;
    }

    /**
     * Sets the sink up under {@code setupId} (the handler's id, or a one-off id for a test) and
     * returns its endpoint URI.
     *
     * @throws RuntimeException naming the field when the handler's config is not valid, or what
     *         its domain may no longer use (its Kamelet, its SmartREST topic prefix)
     */
    public String setUp(String setupId, EventHandler handler) {
        checkDomainMayUse(handler);
        setups.put(setupId, handler);
        try {
            return of(handler.type()).endpoint(setupId, handler);
        } catch (RuntimeException e) {
            tearDown(setupId);
            throw e;
        }
    }

    /**
     * What a domain may use (its Kamelet allow list, a tenant's SmartREST topic prefixes) is checked
     * when a handler is created or changed, and again whenever its sink is set up (a start, a test,
     * a changed allow list): a handler stored under earlier settings that no longer permit it
     * delivers nothing, so it fails and keeps its events until they do again and a test succeeds.
     * The forwarder's own outputs (builtin-*) come from its configuration.
     */
    private void checkDomainMayUse(EventHandler handler) {
        // an unsaved handler (a test of a definition) has no id yet
        if (handler.id() != null && handler.id().startsWith(HandlerStore.BUILT_IN_PREFIX)) {
            return;
        }
        Sink sink = of(handler.type());
        String kamelet = sink.kamelet(handler.connectionConfig());
        if (!kamelets().allows(handler.domain(), kamelet)) {
            throw new IllegalStateException("Kamelet " + kamelet + " is no longer allowed for domain " + handler.domain()
                    + " (" + KameletAllowList.ALLOWED + ", " + KameletAllowList.DOMAIN_PREFIX
                    + "<domain>.allowed in the gateway's configuration)");
        }
        sink.topicPrefix(handler.connectionConfig())
                .ifPresent(prefix -> topicPrefixes.check(prefix, handler.domain(), "connectionConfig.topicPrefix"));
    }

    /** Forgets what {@link #setUp} set up, whichever type it was. */
    public void tearDown(String setupId) {
        setups.remove(setupId);
        all.forEach(sink -> sink.tearDown(setupId));
    }

    /**
     * The endpoint of Kamelet {@code name} for {@code setupId}, its route under handler-* like the
     * handler's own; values as RAW(..) or RAW{..} ({@link KameletUri}): Camel passes them on untouched.
     */
    public static String kameletUri(String name, String setupId, Map<String, String> properties) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(property -> query.add(KameletUri.option(property.getKey(), property.getValue())));
        return "kamelet:" + name + "/handler-" + setupId + "-sink" + query;
    }
}
