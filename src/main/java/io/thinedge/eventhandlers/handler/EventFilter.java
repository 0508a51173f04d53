package io.thinedge.eventhandlers.handler;

import java.util.List;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.TelemetryEvent;

/**
 * A handler's filter (SPEC §4): a lifecycle filter on event types, or a telemetry filter on paths.
 */
public sealed interface EventFilter {

    boolean matches(Event event);

    /** Matches events whose type is listed; {@code "*"} matches every type. */
    record Lifecycle(List<String> eventTypes) implements EventFilter {
        public static final String ANY = "*";

        public Lifecycle {
            eventTypes = List.copyOf(eventTypes);
        }

        @Override
        public boolean matches(Event event) {
            if (event instanceof TelemetryEvent) {
                return false;
            }
            return eventTypes.contains(ANY) || eventTypes.contains(event.eventType());
        }
    }

    /** Matches telemetry whose path equals a listed path or lies below it by whole segments. */
    record Telemetry(List<String> lwm2mUrls) implements EventFilter {
        public Telemetry {
            lwm2mUrls = List.copyOf(lwm2mUrls);
        }

        @Override
        public boolean matches(Event event) {
            if (!(event instanceof TelemetryEvent telemetry)) {
                return false;
            }
            return lwm2mUrls.stream().anyMatch(url -> isAtOrBelow(telemetry.path(), url));
        }

        static boolean isAtOrBelow(String path, String prefix) {
            String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            return path.equals(base) || path.startsWith(base + "/");
        }
    }
}
