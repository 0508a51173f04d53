package io.thinedge.eventhandlers.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The hundred-handler row's stream: events spread evenly over {@link #DOMAINS} child devices, each
 * in a domain of its own, and {@link #TYPES} event types, so that each of 100 handlers (one type
 * in one domain) matches exactly one event in a hundred, and one handler of every type matches all.
 */
final class SlicedStream {

    static final int DOMAINS = 10;
    static final int TYPES = 10;
    /** The forwarder's settings putting each child device in its domain ({@code tedge.child-domain.<child>}). */
    static final Map<String, String> CHILD_DOMAINS = childDomains();

    private SlicedStream() {
    }

    static String domain(int index) {
        return "/bench-" + index + "/";
    }

    static String type(int index) {
        return "bench_event_" + index;
    }

    static List<String> types() {
        return IntStream.range(0, TYPES).mapToObj(SlicedStream::type).toList();
    }

    /** Event {@code sequence} goes to child {@code sequence % 10} with type {@code sequence / 10 % 10}. */
    static String topic(long sequence) {
        return "tedge/events/" + type((int) (sequence / DOMAINS % TYPES)) + "/" + child((int) (sequence % DOMAINS));
    }

    private static String child(int index) {
        return "bench-child-" + index;
    }

    private static Map<String, String> childDomains() {
        Map<String, String> properties = new LinkedHashMap<>();
        IntStream.range(0, DOMAINS).forEach(index -> properties.put("tedge.child-domain." + child(index), domain(index)));
        return properties;
    }
}
