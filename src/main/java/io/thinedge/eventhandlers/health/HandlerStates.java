package io.thinedge.eventhandlers.health;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The handlers as last seen in the store, kept in memory from its change notifications, so that
 * the health summary and the per-handler gauges never read the store. Writes the one INFO line per
 * handler state change (created, changed, enabled, disabled, failed, re-enabled, deleted): ids,
 * names, types and domains only, never a connectionConfig.
 *
 * <p>Follows the changes made through this instance; changes made by other instances sharing the
 * store show up at the next change of the same handler or the next start.
 */
public final class HandlerStates extends ServiceSupport {

    /** Hears every handler that appears, changes or disappears; {@code before} or {@code after} is null then. */
    public interface Listener {
        void changed(EventHandler before, EventHandler after);
    }

    private static final Logger LOG = LoggerFactory.getLogger(HandlerStates.class);

    private final HandlerStore store;
    private final Map<String, EventHandler> handlers = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public HandlerStates(HandlerStore store) {
        this.store = store;
    }

    @Override
    protected void doStart() {
        store.onChange(this::refresh);
        List<EventHandler> stored = store.all();
        synchronized (this) {
            // a change heard meanwhile is newer than this read
            stored.stream().filter(handler -> !handlers.containsKey(handler.id()))
                    .forEach(handler -> update(handler.id(), handler));
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public Collection<EventHandler> all() {
        return List.copyOf(handlers.values());
    }

    public Optional<EventHandler> find(String id) {
        return Optional.ofNullable(handlers.get(id));
    }

    /** Reads one handler again after a store change; serialised, so two changes are never logged out of order. */
    synchronized void refresh(String id) {
        EventHandler before = handlers.get(id);
        EventHandler after = store.find(id).orElse(null);
        update(id, after);
        String change = change(before, after);
        if (change != null) {
            EventHandler shown = after != null ? after : before;
            LOG.info("Event handler {}: id={} name=\"{}\" type={} domain={} status={}", change, id,
                    printable(shown.name()), shown.type().apiName(), printable(shown.domain()),
                    after == null ? "deleted" : after.state().status().apiName());
        }
    }

    private synchronized void update(String id, EventHandler after) {
        EventHandler before = after == null ? handlers.remove(id) : handlers.put(id, after);
        for (Listener listener : listeners) {
            try {
                listener.changed(before, after);
            } catch (RuntimeException e) {
                LOG.warn("A handler state listener failed for handler {}: {}", id, e.getMessage());
            }
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
