package io.thinedge.eventhandlers.sink.smartrest;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;

import io.thinedge.eventhandlers.config.Settings;
import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The built-in Cumulocity output (SPEC §7, {@code c8y.enabled}), like thin-edge's own mapper: a
 * SmartREST handler of every domain ({@code /}) and every event type, set from {@code c8y.*} at
 * each start and kept in the store as {@value #ID}, so it is isolated like any handler: its own
 * queue, breaker, dead letters, re-test and metrics, and a Cumulocity outage never holds an event
 * back from the other handlers nor leaves its MQTT message unacknowledged. It is not listed or
 * changed over the API (config is its source) and does not count toward a domain's limit.
 */
public final class C8yBuiltin {

    public static final String ID = HandlerStore.BUILT_IN_PREFIX + "c8y";
    /** Optional verbatim {@code Authorization} header for {@code c8y.url}; never logged. */
    public static final String AUTHORIZATION_KEY = "c8y.authorization";

    private C8yBuiltin() {
    }

    /**
     * Stores the built-in output as config describes it, or removes it when {@code c8y.enabled}
     * is off.
     *
     * @throws io.thinedge.eventhandlers.config.InvalidSettingException naming the c8y.* key that is invalid
     */
    public static void setUp(CamelContext context, Settings settings, HandlerStore store) {
        if (!settings.c8yEnabled()) {
            if (store.find(ID).isPresent()) {
                store.delete(ID);
            }
            return;
        }
        Optional<String> authorization = context.getPropertiesComponent().resolveProperty(AUTHORIZATION_KEY);
        SmartRestTarget target = SmartRestTarget.builtIn(settings, authorization); // the c8y.* keys checked, named
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("topicPrefix", target.topicPrefix());
        target.tenantUrl().ifPresent(url -> config.put("uri", url.toString()));
        target.sourceId().ifPresent(id -> config.put("sourceId", id));
        target.authorization().ifPresent(value -> config.putObject("auth").put("type", "customAuth").put("value", value));
        store.putBuiltIn(new EventHandler(ID, HandlerType.SMARTREST, "Cumulocity (built-in, c8y.enabled)", true,
                "Every event, the way thin-edge's Cumulocity mapper sends it", "/", new EventFilter.Lifecycle(List.of("*")),
                config, HandlerState.initial(true)));
    }
}
