package io.thinedge.eventhandlers.handler;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one INFO line per handler state change (created, changed, enabled, disabled, failed,
 * re-enabled, deleted): ids, names, types and domains only, never a connectionConfig.
 */
public final class HandlerChanges {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerChanges.class);

    private HandlerChanges() {
    }

    /** Logs what happened between two sightings of handler {@code id}, if an operator cares; either may be null. */
    public static void log(String id, EventHandler before, EventHandler after) {
        String change = change(before, after);
        if (change != null) {
            EventHandler shown = after != null ? after : before;
            LOG.info("Event handler {}: id={} name=\"{}\" type={} domain={} status={}", change, id,
                    printable(shown.name()), shown.type().apiName(), printable(shown.domain()),
                    after == null ? "deleted" : after.state().status().apiName());
        }
    }

    /** What happened between two sightings of a handler, or null when nothing an operator cares about did. */
    static String change(EventHandler before, EventHandler after) {
        if (before == null && after == null) {
            return null;
        }
        if (before == null) {
            return "created";
        }
        if (after == null) {
            return "deleted";
        }
        if (!sameDefinition(before, after)) {
            return "changed";
        }
        HandlerStatus from = before.state().status();
        HandlerStatus to = after.state().status();
        if (from == to) {
            return null;
        }
        if (to == HandlerStatus.FAILED) {
            return "failed after " + after.state().consecutiveFailures() + " consecutive failures";
        }
        if (from == HandlerStatus.FAILED && to == HandlerStatus.ACTIVE) {
            return "re-enabled";
        }
        return to == HandlerStatus.ACTIVE ? "enabled" : "disabled";
    }

    private static boolean sameDefinition(EventHandler a, EventHandler b) {
        return a.type() == b.type() && Objects.equals(a.name(), b.name()) && Objects.equals(a.description(), b.description())
                && Objects.equals(a.domain(), b.domain()) && Objects.equals(a.filter(), b.filter())
                && Objects.equals(a.connectionConfig(), b.connectionConfig());
    }

    /** Names come from API clients: no line breaks or quotes that would forge a log line. */
    private static String printable(String text) {
        return text == null ? "" : text.replaceAll("[\\p{Cntrl}\"]", "?");
    }
}
