package io.thinedge.eventhandlers.dispatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.sink.Sink;
import io.thinedge.eventhandlers.sink.SinkFactory;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The handlers as the dispatcher sees them: an in-memory snapshot of the store, refreshed on every
 * change the store reports, and for each active handler its route ({@code direct:handler-<id>},
 * from the template of its type, holding its circuit breaker) and its {@link Sink}.
 *
 * <p>All work of one handler runs on its {@link HandlerLane}: deliveries in arrival order, and route
 * changes between them. A route is built on the first delivery after the handler became active or
 * changed, and taken down (its sink closed) when it is changed, switched off or deleted; a handler
 * enabled again therefore starts with a fresh, closed breaker.
 */
public final class HandlerRuntimes extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerRuntimes.class);
    /** The exchange header telling a handler route whose sink to use. */
    static final String HANDLER_ID = "TedgeHandlerId";

    private final CamelContext context;
    private final HandlerStore store;
    private final SinkFactory sinks;
    private final Clock clock;
    private final Map<String, EventHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, HandlerLane> lanes = new ConcurrentHashMap<>();
    /** Built routes; read and written on the handler's lane only (and by the route, which runs on it). */
    private final Map<String, HandlerRuntime> built = new ConcurrentHashMap<>();
    private volatile List<EventHandler> active = List.of();
    /**
     * Held while a route is added or removed: Camel's model is not safe for concurrent changes
     * (lanes building routes in parallel failed with a ConcurrentModificationException).
     */
    private final Object routeChanges = new Object();
    private ExecutorService pool;
    private ProducerTemplate producer;

    public HandlerRuntimes(CamelContext context, HandlerStore store, SinkFactory sinks, Clock clock) {
        this.context = context;
        this.store = store;
        this.sinks = sinks;
        this.clock = clock;
    }

    /** Reads every handler and follows the store's changes from now on. */
    @Override
    protected void doStart() {
        pool = context.getExecutorServiceManager().newCachedThreadPool(this, "event-handler");
        producer = context.createProducerTemplate();
        store.onChange(this::refresh);
        reloadAll();
    }

    @Override
    protected void doStop() throws Exception {
        built.values().forEach(runtime -> runtime.sink().close());
        built.clear();
        if (pool != null) {
            context.getExecutorServiceManager().shutdownGraceful(pool);
        }
        if (producer != null) {
            producer.close();
        }
    }

    /** The active handlers whose domain is the event's or a parent of it and whose filter matches. */
    public List<EventHandler> matching(Event event) {
        List<EventHandler> matches = new ArrayList<>();
        for (EventHandler handler : active) {
            if (event.domain().startsWith(handler.domain()) && handler.filter().matches(event)) {
                matches.add(handler);
            }
        }
        return matches;
    }

    /** The lane on which all work of a handler runs. */
    HandlerLane lane(String handlerId) {
        return lanes.computeIfAbsent(handlerId, id -> new HandlerLane(id, pool));
    }

    /** Reads the whole store again: picks up changes made by other instances sharing it. */
    public synchronized void reloadAll() {
        Map<String, EventHandler> stored = new HashMap<>();
        store.all().forEach(handler -> stored.put(handler.id(), handler));
        List<String> changed = new ArrayList<>();
        handlers.keySet().stream().filter(id -> !stored.containsKey(id)).forEach(changed::add);
        stored.forEach((id, handler) -> {
            if (!handler.equals(handlers.get(id))) {
                changed.add(id);
            }
        });
        handlers.keySet().retainAll(stored.keySet());
        handlers.putAll(stored);
        publishSnapshot();
        changed.forEach(this::scheduleReconcile);
    }

    /** A store change: the snapshot is updated now (the next event sees it), the route on the handler's lane. */
    synchronized void refresh(String id) {
        Optional<EventHandler> handler = store.find(id);
        if (handler.isPresent()) {
            handlers.put(id, handler.get());
        } else {
            handlers.remove(id);
        }
        publishSnapshot();
        scheduleReconcile(id);
    }

    /**
     * Marks the built route stale when the handler no longer matches it (so that even a handler
     * switched off and on again before the lane gets to it starts with a fresh breaker), and has
     * the lane take it down.
     */
    private void scheduleReconcile(String id) {
        HandlerRuntime runtime = built.get(id);
        EventHandler handler = handlers.get(id);
        if (runtime != null && (handler == null || !handler.active() || !runtime.sameSetup(handler))) {
            runtime.markStale();
        }
        lane(id).execute(() -> reconcile(id));
    }

    private void publishSnapshot() {
        active = handlers.values().stream().filter(EventHandler::active)
                .sorted(Comparator.comparing(EventHandler::id)).toList();
    }

    /**
     * Delivers one event to one handler through its route; runs on the handler's lane. A handler
     * switched off or deleted since the event was dispatched is skipped.
     *
     * @throws Exception only when the outcome could not be recorded (the store failed): the MQTT
     *                   message is then not acknowledged and comes again
     */
    void deliver(String id, Event event) throws Exception {
        EventHandler handler = handlers.get(id);
        if (handler == null || !handler.active()) {
            return;
        }
        HandlerRuntime runtime = ensureBuilt(handler);
        Exchange result = producer.send(runtime.endpointUri(), exchange -> {
            exchange.getMessage().setHeader(HANDLER_ID, id);
            exchange.getMessage().setBody(event);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    /** The runtime of the handler a route exchange belongs to. */
    HandlerRuntime runtimeOf(Exchange exchange) {
        String id = exchange.getMessage().getHeader(HANDLER_ID, String.class);
        return Objects.requireNonNull(built.get(id), () -> "No route is built for event handler " + id);
    }

    HandlerStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    private HandlerRuntime ensureBuilt(EventHandler handler) throws Exception {
        HandlerRuntime runtime = built.get(handler.id());
        if (runtime != null && !runtime.stale() && runtime.sameSetup(handler)) {
            return runtime;
        }
        if (runtime != null) {
            takeDown(runtime);
        }
        Sink sink;
        try {
            sink = sinks.create(handler);
        } catch (Exception e) {
            // counted as failed deliveries by the breaker like any other: the handler fails after 5
            LOG.warn("Event handler {} cannot reach its destination: {}", handler.id(), e.getMessage());
            String problem = "The handler cannot be set up: " + e.getMessage();
            sink = event -> {
                throw new IllegalStateException(problem);
            };
        }
        runtime = new HandlerRuntime(handler, sink);
        built.put(handler.id(), runtime);
        try {
            synchronized (routeChanges) {
                context.addRouteFromTemplate(runtime.routeId(), HandlerRouteTemplates.templateId(handler.type()),
                        Map.of(HandlerRouteTemplates.HANDLER_ID_PARAMETER, handler.id()));
                // a route added while Camel is still starting (a backlog arriving at start) is not started by it
                if (!context.getRouteController().getRouteStatus(runtime.routeId()).isStarted()) {
                    context.getRouteController().startRoute(runtime.routeId());
                }
            }
        } catch (Exception e) {
            // never leave a runtime without its route: a send to direct:handler-<id> would wait for a consumer
            takeDown(runtime);
            throw e;
        }
        LOG.debug("Route {} built for {}", runtime.routeId(), handler);
        return runtime;
    }

    /** Takes the route down unless the handler is still active with the same setup. */
    private void reconcile(String id) {
        HandlerRuntime runtime = built.get(id);
        EventHandler handler = handlers.get(id);
        if (runtime != null && (runtime.stale() || handler == null || !handler.active() || !runtime.sameSetup(handler))) {
            takeDown(runtime);
        }
    }

    private void takeDown(HandlerRuntime runtime) {
        built.remove(runtime.handler().id());
        try {
            synchronized (routeChanges) {
                context.getRouteController().stopRoute(runtime.routeId());
                context.removeRoute(runtime.routeId());
            }
        } catch (Exception e) {
            LOG.warn("Route {} cannot be removed: {}", runtime.routeId(), e.getMessage());
        }
        runtime.sink().close();
        LOG.debug("Route {} taken down", runtime.routeId());
    }
}
