package io.thinedge.eventhandlers.dispatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerChanges;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.metrics.DroppedEvents;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The handlers as the dispatcher sees them: an in-memory snapshot of the store, refreshed on every
 * change the store reports, and for each active handler its route ({@link HandlerRoutes}:
 * consuming {@code handler-queue:<id>}, its Kamelet sink inside its circuit breaker).
 *
 * <p>All work of one handler runs on its {@link HandlerLane}: deliveries in arrival order, and route
 * changes between them. A route is built on the first delivery after the handler became active or
 * changed, and taken down when it is changed, switched off or deleted; a handler that becomes
 * active again has its breaker closed ({@link HandlerBreakers#reset}). Events a handler cannot take live
 * go to its dead letters, replayed in order when it is active again ({@link Backlogs}).
 *
 * <p>The one in-memory copy of the handlers: the health summary and the per-handler gauges read it
 * ({@link #all}) and hear its changes ({@link #addListener}) rather than the store, and each change
 * seen gets its INFO line ({@link HandlerChanges}).
 */
public final class HandlerRuntimes extends ServiceSupport {

    /** Hears every handler that appears, changes or disappears; {@code before} or {@code after} is null then. */
    public interface Listener {
        void changed(EventHandler before, EventHandler after);
    }

    private static final Logger LOG = LoggerFactory.getLogger(HandlerRuntimes.class);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** False until the first read of the store: what it finds then is no change to log. */
    private boolean loaded;
    private final CamelContext context;
    private final HandlerStore store;
    private final HandlerRoutes routes;
    private final HandlerBreakers breakers;
    private final Map<String, EventHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, HandlerLane> lanes = new ConcurrentHashMap<>();
    /** Built routes; read and written on the handler's lane only (and by the route, which runs on it). */
    private final Map<String, HandlerRuntime> built = new ConcurrentHashMap<>();
    /** Per handler, how often it became active; read by {@link Backlogs} to notice "active again". */
    private final Map<String, Long> activations = new ConcurrentHashMap<>();
    private final Backlogs backlogs;
    private final DeadLetters deadLetters;
    /** Active and failed handlers: the first deliver events, the second keep them as dead letters. */
    private volatile List<EventHandler> receiving = List.of();
    private LanePool pool;
    private ScheduledExecutorService poolGuard;

    HandlerRuntimes(CamelContext context, HandlerStore store, HandlerRoutes routes, HandlerBreakers breakers,
            DeadLetters deadLetters, DroppedEvents dropped) {
        this.context = context;
        this.store = store;
        this.routes = routes;
        this.breakers = breakers;
        this.deadLetters = deadLetters;
        this.backlogs = new Backlogs(deadLetters, new Backlogs.Deliveries() {
            @Override
            public EventHandler current(String id) {
                return handlers.get(id);
            }

            @Override
            public long activation(String id) {
                return activations.getOrDefault(id, 0L);
            }

            @Override
            public Executor lane(String id) {
                return HandlerRuntimes.this.lane(id);
            }

            @Override
            public DeliveryOutcome send(EventHandler handler, Object queuedOrBatch) throws Exception {
                HandlerRuntime runtime = ensureBuilt(handler);
                return runtime.queue().deliver(runtime, queuedOrBatch);
            }
        }, dropped);
    }

    /** Reads every handler and follows the store's changes from now on. */
    @Override
    protected void doStart() throws Exception {
        ExecutorServiceManager executors = context.getExecutorServiceManager();
        poolGuard = executors.newSingleThreadScheduledExecutor(this, "event-handler-guard");
        pool = new LanePool(LanePool.THREADS, new CamelThreadFactory(executors.getThreadNamePattern(), "event-handler", true),
                poolGuard, LanePool.CHECK_MILLIS, LanePool.KEEP_ALIVE_MILLIS);
        routes.start();
        store.onChange(this::refresh);
        reloadAll();
    }

    @Override
    protected void doStop() throws Exception {
        built.clear();
        if (pool != null) {
            pool.stopGuard();
            context.getExecutorServiceManager().shutdown(poolGuard);
            context.getExecutorServiceManager().shutdownGraceful(pool.executor());
        }
    }

    /**
     * The handlers not disabled by their operator whose domain is the event's or a parent of it and
     * whose filter matches: the active ones deliver it, the failed ones keep it as a dead letter.
     */
    public List<EventHandler> matching(Event event) {
        List<EventHandler> matches = new ArrayList<>();
        for (EventHandler handler : receiving) {
            if (event.domain().startsWith(handler.domain()) && handler.filter().matches(event)) {
                matches.add(handler);
            }
        }
        return matches;
    }

    /** The lane on which all work of a handler runs. */
    HandlerLane lane(String handlerId) {
        return lanes.computeIfAbsent(handlerId, id -> new HandlerLane(id, pool, this::deliverAll));
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
        List<Sighting> seen = new ArrayList<>();
        for (String id : changed) {
            EventHandler after = stored.get(id);
            seen.add(new Sighting(after == null ? remove(id) : put(after), after));
        }
        stored.values().forEach(this::put);
        publishSnapshot();
        // logged from the second read on: the first finds the handlers as they were before the start
        seen.forEach(sighting -> heard(sighting.before(), sighting.after(), loaded));
        loaded = true;
        changed.forEach(this::scheduleReconcile);
    }

    /**
     * Rebuilds every handler's route from the current {@code tedge-handler} template and Kamelets,
     * each between two of its events (on its lane: nothing lost, order kept). For a changed
     * {@code handler-frame.camel.yaml} or Kamelet file.
     */
    public void rebuildAll() {
        rebuild(handler -> true);
    }

    /**
     * Rebuilds the routes of the handlers {@code which} selects, e.g. those using a domain's Kafka
     * properties after the configuration changed: each gets a new sink before its next delivery.
     */
    public synchronized void rebuild(java.util.function.Predicate<EventHandler> which) {
        built.values().stream().filter(runtime -> which.test(runtime.handler())).forEach(runtime -> {
            runtime.markStale();
            lane(runtime.handler().id()).execute(() -> reconcile(runtime.handler().id()));
        });
    }

    /** A store change: the snapshot is updated now (the next event sees it), the route on the handler's lane. */
    synchronized void refresh(String id) {
        EventHandler after = store.find(id).orElse(null);
        EventHandler before = after == null ? remove(id) : put(after);
        publishSnapshot();
        heard(before, after, true);
        scheduleReconcile(id);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Every handler as last seen in the store. */
    public Collection<EventHandler> all() {
        return List.copyOf(handlers.values());
    }

    public Optional<EventHandler> find(String id) {
        return Optional.ofNullable(handlers.get(id));
    }

    /** Tells the listeners, and the log, what changed; one at a time (callers hold the lock), so never out of order. */
    private void heard(EventHandler before, EventHandler after, boolean log) {
        if (before == null && after == null) {
            return;
        }
        String id = after != null ? after.id() : before.id();
        for (Listener listener : listeners) {
            try {
                listener.changed(before, after);
            } catch (RuntimeException e) {
                LOG.warn("A handler state listener failed for handler {}: {}", id, e.getMessage());
            }
        }
        if (log) {
            HandlerChanges.log(id, before, after);
        }
    }

    /** A handler as seen before and after a read of the store; either may be null. */
    private record Sighting(EventHandler before, EventHandler after) {
    }

    private EventHandler remove(String id) {
        activations.remove(id);
        return handlers.remove(id);
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

    /** @return the handler as seen before, or null */
    private EventHandler put(EventHandler handler) {
        EventHandler previous = handlers.put(handler.id(), handler);
        if (handler.active() && (previous == null || !previous.active())) {
            activations.merge(handler.id(), 1L, Long::sum);
            // active again (a successful test, an operator's enabled:true): a clean count of failures
            breakers.reset(handler.id());
        }
        return previous;
    }

    private void publishSnapshot() {
        receiving = handlers.values().stream().filter(handler -> handler.state().status() != HandlerStatus.DISABLED)
                .sorted(Comparator.comparing(EventHandler::id)).toList();
    }

    /**
     * Delivers one event to one handler through its route, or keeps it as a dead letter (the handler
     * failed, letters wait before it, or this delivery failed); runs on the handler's lane. A
     * handler its operator switched off or deleted since the event was dispatched is skipped.
     *
     * @throws Exception only when the outcome could not be recorded (the store failed): the MQTT
     *                   message is then not acknowledged and comes again
     */
    void deliver(String id, QueuedEvent queued) throws Exception {
        EventHandler handler = receivingHandler(id);
        if (handler != null) {
            backlogs.deliver(handler, queued);
        }
    }

    /**
     * Delivers events that queued up for one handler, in order: in batches when its sink sends
     * batches (Kafka, webhooks, SmartREST), one per run of events dispatched with equal properties
     * (a batch's exchange holds one set), otherwise one by one like {@link #deliver}.
     */
    void deliverAll(String id, List<QueuedEvent> events) throws Exception {
        EventHandler handler = receivingHandler(id);
        if (handler == null) {
            return;
        }
        if (events.size() > 1 && handler.active() && ensureBuilt(handler).sink().takesBatches()) {
            for (List<QueuedEvent> run : QueuedEvent.runsOfEqualProperties(events)) {
                if (run.size() == 1) {
                    backlogs.deliver(handler, run.get(0));
                } else {
                    backlogs.deliverBatch(handler, run);
                }
            }
            return;
        }
        for (QueuedEvent queued : events) {
            backlogs.deliver(handler, queued);
        }
    }

    /** The handler as stored, unless it is gone or its operator disabled it (it then gets and keeps nothing). */
    private EventHandler receivingHandler(String id) {
        EventHandler handler = handlers.get(id);
        return handler == null || handler.state().status() == HandlerStatus.DISABLED ? null : handler;
    }

    /**
     * The automatic re-test of a failed handler, on its lane: its oldest waiting letter through
     * {@code prober}; when delivered, {@code reenable} runs (and the rest is replayed once the
     * handler is active again). Completes with null when no letter waited.
     */
    public CompletableFuture<DeliveryOutcome> retest(EventHandler handler, Backlogs.Prober prober, Runnable reenable) {
        return onLane(handler.id(), () -> {
            DeliveryOutcome outcome = backlogs.probe(handler, prober);
            if (outcome != null && outcome.delivered()) {
                reenable.run();
            }
            return outcome;
        });
    }

    /** An operator's retry: parked letters wait again and, if the handler is active, a replay starts; how many were parked. */
    public CompletableFuture<Integer> retryLetters(String id) {
        return onLane(id, () -> {
            int unparked = deadLetters.unpark(id);
            EventHandler handler = handlers.get(id);
            if (handler != null) {
                backlogs.lettersChanged(handler);
            }
            return unparked;
        });
    }

    /** An operator's purge: every letter of the handler goes; how many. */
    public CompletableFuture<Integer> purgeLetters(String id) {
        return onLane(id, () -> {
            int removed = deadLetters.clear(id);
            EventHandler handler = handlers.get(id);
            if (handler != null) {
                backlogs.lettersChanged(handler);
            }
            return removed;
        });
    }

    /** Runs work on the handler's lane (between its deliveries) and completes with its result. */
    private <T> CompletableFuture<T> onLane(String id, java.util.concurrent.Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        lane(id).execute(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private HandlerRuntime ensureBuilt(EventHandler handler) throws Exception {
        HandlerRuntime runtime = built.get(handler.id());
        if (runtime != null && !runtime.stale() && runtime.sameSetup(handler)) {
            return runtime;
        }
        if (runtime != null) {
            takeDown(runtime);
        }
        runtime = routes.build(handler);
        built.put(handler.id(), runtime);
        return runtime;
    }

    /**
     * Takes the route down unless the handler is still active with the same setup; replays the
     * letters of a handler active again, forgets those of a deleted one.
     */
    private void reconcile(String id) {
        HandlerRuntime runtime = built.get(id);
        EventHandler handler = handlers.get(id);
        if (runtime != null && (runtime.stale() || handler == null || !handler.active() || !runtime.sameSetup(handler))) {
            takeDown(runtime);
        }
        if (handler == null) {
            backlogs.forget(id);
            breakers.remove(id);
        } else {
            backlogs.wake(handler);
        }
    }

    private void takeDown(HandlerRuntime runtime) {
        built.remove(runtime.handler().id());
        routes.takeDown(runtime);
    }
}
