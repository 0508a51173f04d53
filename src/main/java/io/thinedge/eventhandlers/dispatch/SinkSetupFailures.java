package io.thinedge.eventhandlers.dispatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code sinkSetupFailures} bean: the sink of a handler whose own sink cannot be set up (its
 * Kamelet is gone, its Kafka properties are invalid, ...). Every delivery fails with the reason,
 * so the breaker counts it like any other failure and the handler fails after 5, with the reason
 * as its {@code lastError}, instead of blocking its queue.
 */
public final class SinkSetupFailures {

    static final String BEAN = "sinkSetupFailures";

    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    /** The sink URI that fails every delivery to the handler with the reason. */
    String sinkFailingWith(String handlerId, String reason) {
        reasons.put(handlerId, reason);
        return "bean:" + BEAN + "?method=raise('" + handlerId + "')";
    }

    void forget(String handlerId) {
        reasons.remove(handlerId);
    }

    public void raise(String handlerId) {
        throw new IllegalStateException("The handler cannot be set up: "
                + reasons.getOrDefault(handlerId, "its sink is gone"));
    }
}
