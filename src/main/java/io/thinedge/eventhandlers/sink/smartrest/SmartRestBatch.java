package io.thinedge.eventhandlers.sink.smartrest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;

/**
 * What one exchange of the {@code tedge-smartrest-sink} Kamelet (an event, or a batch of them)
 * published and whose PUBACK it has not seen yet, and the children its events came from: those are
 * remembered as known only once every publish was acknowledged, so a batch that failed registers
 * its new children again when it is replayed. An exchange property: the parts of the Kamelet's split are copies of the
 * exchange that share it (the split is sequential, one part at a time).
 */
final class SmartRestBatch {

    static final String PROPERTY = "SmartRestBatch";

    /** A publish and its acknowledgement. */
    record Publish(String topic, CompletableFuture<Void> acknowledged) {
    }

    private final List<Publish> unacknowledged = new ArrayList<>();
    private final Set<String> children = new LinkedHashSet<>();

    static void begin(Exchange exchange) {
        exchange.setProperty(PROPERTY, new SmartRestBatch());
    }

    static SmartRestBatch of(Exchange exchange) {
        SmartRestBatch batch = exchange.getProperty(PROPERTY, SmartRestBatch.class);
        if (batch == null) {
            throw new IllegalStateException("the tedge-smartrest-sink Kamelet calls smartRestPublishes.begin before its split");
        }
        return batch;
    }

    void published(String topic, CompletableFuture<Void> acknowledged) {
        unacknowledged.add(new Publish(topic, acknowledged));
    }

    List<Publish> unacknowledged() {
        return List.copyOf(unacknowledged);
    }

    void acknowledged() {
        unacknowledged.clear();
    }

    /**
     * Notes a child with an event in this exchange.
     *
     * @return false when an earlier event of the batch was the child's (and registered it if needed)
     */
    boolean firstEventOf(String childId) {
        return children.add(childId);
    }

    /** The children with events in this exchange. */
    Set<String> children() {
        return Set.copyOf(children);
    }
}
