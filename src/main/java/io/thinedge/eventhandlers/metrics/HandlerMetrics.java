package io.thinedge.eventhandlers.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.thinedge.eventhandlers.dispatch.HandlerBreakers;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.mqtt.MqttClients;
import io.thinedge.eventhandlers.mqtt.ReliableMqttClient;
import io.thinedge.eventhandlers.store.DeadLetters;

/**
 * The gauges of {@code /observe/metrics}, in the Micrometer registry Camel's Prometheus support
 * scrapes: per handler its breaker state and dead letters, per MQTT client its messages in flight.
 * Read from memory ({@link HandlerRuntimes}, the clients) or a cache, never a store query per scrape.
 * The counters and the delivery timer are recorded by the handler routes themselves
 * ({@link DeliveryMeters}); a deleted handler's meters all go with it.
 */
public final class HandlerMetrics extends ServiceSupport implements HandlerRuntimes.Listener {

    /** 1 while the handler's breaker is open (the handler failed), else 0. */
    public static final String BREAKER_STATE = "tedge.handler.breaker.state";
    /** Failed deliveries waiting to be replayed. */
    public static final String DEAD_LETTERS = "tedge.handler.deadletters";
    /** Deliveries rejected for good: parked, not replayed automatically. */
    public static final String PARKED_LETTERS = "tedge.handler.deadletters.parked";
    /** Messages received and not yet acknowledged, per MQTT client. */
    public static final String MQTT_IN_FLIGHT = "tedge.mqtt.inflight";
    /** Reconnections on which the broker had lost the client's session (Prometheus: tedge_mqtt_sessions_lost_total). */
    public static final String MQTT_SESSIONS_LOST = "tedge.mqtt.sessions.lost";
    public static final String HANDLER_TAG = "handler";
    public static final String TYPE_TAG = "type";
    /** How old a dead-letter count may be on a scrape. */
    static final Duration DEAD_LETTER_MAX_AGE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(HandlerMetrics.class);

    private final CamelContext context;
    private final HandlerRuntimes runtimes;
    private final MqttClients mqtt;
    private MeterRegistry registry;
    private MultiGauge breakers;
    private MultiGauge deadLetterGauge;
    private DeadLetterSizes deadLetters;
    private MultiGauge parkedGauge;
    private DeadLetterSizes parked;

    public HandlerMetrics(CamelContext context, HandlerRuntimes runtimes, MqttClients mqtt) {
        this.context = context;
        this.runtimes = runtimes;
        this.mqtt = mqtt;
    }

    @Override
    protected void doStart() {
        registry = Meters.registry(context).orElse(null);
        if (registry == null) {
            LOG.warn("No Micrometer registry (camel.metrics.enabled is off): handler and MQTT gauges are not published");
            return;
        }
        for (ReliableMqttClient client : mqtt.all()) {
            Gauge.builder(MQTT_IN_FLIGHT, client, ReliableMqttClient::inFlight).strongReference(true)
                    .description("MQTT messages received and not yet acknowledged").tag("client", client.getClientId())
                    .register(registry);
            FunctionCounter.builder(MQTT_SESSIONS_LOST, client, ReliableMqttClient::sessionsLost)
                    .description("Reconnections on which the broker no longer had the client's persistent session")
                    .tag("client", client.getClientId()).register(registry);
        }
        breakers = MultiGauge.builder(BREAKER_STATE).description("1 while the handler's circuit breaker is open (failed), else 0")
                .register(registry);
        DeadLetters letters = context.getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
        if (letters != null) {
            deadLetters = new DeadLetterSizes(letters::waiting, DEAD_LETTER_MAX_AGE, Clock.systemUTC());
            parked = new DeadLetterSizes(letters::parked, DEAD_LETTER_MAX_AGE, Clock.systemUTC());
            parkedGauge = MultiGauge.builder(PARKED_LETTERS)
                    .description("Deliveries the receiver rejected for good, kept but not replayed automatically")
                    .register(registry);
            deadLetterGauge = MultiGauge.builder(DEAD_LETTERS).description("Failed deliveries waiting to be replayed")
                    .register(registry);
        }
        runtimes.addListener(this);
        registerRows();
    }

    @Override
    public void changed(EventHandler before, EventHandler after) {
        if (registry == null || (before != null && after != null)) {
            return; // a handler's gauges read its state when scraped; only a new or deleted one changes the rows
        }
        registerRows();
        if (after == null) {
            forget(before.id());
        }
    }

    private synchronized void registerRows() {
        List<EventHandler> handlers = List.copyOf(runtimes.all());
        // the breaker itself: its opening is what fails a handler
        HandlerBreakers handlerBreakers = context.getRegistry().lookupByNameAndType("handlerBreakers", HandlerBreakers.class);
        breakers.register(handlers.stream().map(handler -> MultiGauge.Row.of(tags(handler),
                () -> handlerBreakers != null && handlerBreakers.isOpen(handler.id()) ? 1 : 0))
                .toList(), true);
        if (deadLetterGauge != null) {
            deadLetterGauge.register(handlers.stream().map(handler -> MultiGauge.Row.of(tags(handler),
                    () -> deadLetters.size(handler.id()))).toList(), true);
            parkedGauge.register(handlers.stream().map(handler -> MultiGauge.Row.of(tags(handler),
                    () -> parked.size(handler.id()))).toList(), true);
        }
    }

    /** Removes the counters and timers of a deleted handler too: handler ids are not reused. */
    private void forget(String handlerId) {
        if (deadLetters != null) {
            deadLetters.forget(handlerId);
            parked.forget(handlerId);
        }
        List<Meter> meters = registry.getMeters().stream()
                .filter(meter -> handlerId.equals(meter.getId().getTag(HANDLER_TAG))).toList();
        meters.forEach(registry::remove);
    }

    private static Tags tags(EventHandler handler) {
        return Tags.of(HANDLER_TAG, handler.id(), TYPE_TAG, handler.type().apiName());
    }
}
