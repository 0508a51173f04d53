package io.thinedge.eventhandlers.dispatch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.metrics.DeliveryMeters;
import io.thinedge.eventhandlers.sink.RouteChanges;
import io.thinedge.eventhandlers.sink.HandlerSinks;

/**
 * Makes and removes handler routes: one per handler, consuming from {@code handler-queue:<id>}, from the
 * {@code tedge-handler} route template of {@code routes/handler-frame.camel.yaml}, delivering
 * through the handler's Kamelet sink ({@link HandlerSinks}) inside its breaker ({@link HandlerBreakers}).
 */
public final class HandlerRoutes {

    static final String TEMPLATE_ID = "tedge-handler";
    private static final long STARTUP_WAIT_SECONDS = 120;
    private static final Logger LOG = LoggerFactory.getLogger(HandlerRoutes.class);

    private final CamelContext context;
    private final HandlerSinks sinks;
    private final HandlerBreakers breakers;
    private final SinkSetupFailures setupFailures;
    /** Held while a route is added or removed. */
    private final RouteChanges routeChanges;
    /**
     * Opened once Camel has fully started: a backlog arrives while it is still starting, and a
     * handler route added then is neither started nor known to the route controller yet.
     */
    private final CountDownLatch contextStarted = new CountDownLatch(1);

    HandlerRoutes(CamelContext context, HandlerSinks sinks, HandlerBreakers breakers, SinkSetupFailures setupFailures) {
        this.context = context;
        this.sinks = sinks;
        this.breakers = breakers;
        this.setupFailures = setupFailures;
        this.routeChanges = RouteChanges.of(context);
    }

    void start() throws Exception {
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // routes are all started only once the context has fully started (below)
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                contextStarted.countDown();
            }
        });
    }

    /**
     * Builds the handler's route. A handler whose sink cannot be set up (invalid settings, a
     * Kamelet gone, a client that cannot be built) gets a route whose every delivery fails with the
     * reason: the breaker counts them, and the handler fails instead of holding its events.
     */
    HandlerRuntime build(EventHandler handler) throws Exception {
        HandlerRuntime runtime;
        String sink;
        synchronized (routeChanges) {
            runtime = new HandlerRuntime(handler, sinks.of(handler.type()), DeliveryMeters.of(context, handler));
            breakers.of(handler.id());
            try {
                sink = sinks.setUp(handler.id(), handler);
            } catch (RuntimeException e) {
                sink = failing(handler, e);
            }
        }
        if (!contextStarted.await(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Camel did not finish starting within " + STARTUP_WAIT_SECONDS + " s");
        }
        try {
            addRoute(runtime, sink);
        } catch (Exception e) {
            removeRoutes(runtime);
            addRoute(runtime, failing(handler, e));
        }
        runtime.routedTo(consumerOf(runtime));
        LOG.debug("Route {} built for {}", runtime.routeId(), handler);
        return runtime;
    }

    /** The route's consumer: the route starts from the handler's queue, whatever an edit of the frame changed. */
    private HandlerQueueConsumer consumerOf(HandlerRuntime runtime) {
        org.apache.camel.Route route = context.getRoute(runtime.routeId());
        if (route == null || !(route.getConsumer() instanceof HandlerQueueConsumer consumer)) {
            throw new IllegalStateException("The tedge-handler template must start from " + runtime.endpointUri());
        }
        return consumer;
    }

    private void addRoute(HandlerRuntime runtime, String sink) throws Exception {
        synchronized (routeChanges) {
            context.addRouteFromTemplate(runtime.routeId(), TEMPLATE_ID,
                    Map.of("handlerId", runtime.handler().id(), "sink", sink));
        }
    }

    private String failing(EventHandler handler, Exception e) {
        String reason = HandlerOutcomes.describe(rootOfRouteStart(e));
        LOG.warn("Event handler {} cannot reach its destination: {}", handler.id(), reason);
        return setupFailures.sinkFailingWith(handler.id(), reason);
    }

    /** Removes the handler's route and its sink's (the Kamelet's) route, and what the sink had set up. */
    void takeDown(HandlerRuntime runtime) {
        synchronized (routeChanges) {
            removeRoutes(runtime);
            sinks.tearDown(runtime.handler().id());
        }
        setupFailures.forget(runtime.handler().id());
        LOG.debug("Route {} taken down", runtime.routeId());
    }

    private void removeRoutes(HandlerRuntime runtime) {
        synchronized (routeChanges) {
            if (!routeChanges.removeRoutes(List.of(runtime.routeId(), runtime.routeId() + "-sink"))) {
                LOG.warn("Route {} (or its sink's) cannot be removed", runtime.routeId());
            }
        }
    }

    /** Why a route could not be created or started (Camel wraps it, often twice), or the exception itself. */
    public static Throwable rootOfRouteStart(Exception e) {
        if (!(e instanceof org.apache.camel.FailedToCreateRouteException || e instanceof org.apache.camel.FailedToStartRouteException)) {
            return e;
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
