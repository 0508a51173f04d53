package io.thinedge.eventhandlers.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.jsse.SSLContextParameters;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.probe.OneOffDelivery;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.SinkBeans;
import io.thinedge.eventhandlers.sink.smartrest.TenantTopicPrefixes;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.sink.kafka.SharedKafkaClients;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * A Camel context with the sink Kamelets of {@code routes/kamelets/} and their beans, as the
 * forwarder binds them, for tests of one sink against a real receiver (no store, no breaker).
 */
public final class SinkHarness implements AutoCloseable {

    private final CamelContext context;
    private final HandlerSinks sinks;
    private final OneOffDelivery delivery;

    private SinkHarness(CamelContext context, HandlerSinks sinks) {
        this.context = context;
        this.sinks = sinks;
        this.delivery = new OneOffDelivery(context, sinks);
    }

    public static SinkHarness start(KafkaDomainProperties domains, Optional<SSLContextParameters> trust, Duration timeout,
            KnownChildren knownChildren) {
        return start(domains, trust, timeout, knownChildren, java.util.Map.of());
    }

    /** @param beans more beans to bind, e.g. the {@code mqttPublisher} the SmartREST Kamelet publishes with */
    public static SinkHarness start(KafkaDomainProperties domains, Optional<SSLContextParameters> trust, Duration timeout,
            KnownChildren knownChildren, java.util.Map<String, Object> beans) {
        CamelContext context = new DefaultCamelContext();
        beans.forEach(context.getRegistry()::bind);
        context.getComponent("kamelet", KameletComponent.class).setLocation("file:routes/kamelets");
        HandlerSinks sinks = SinkBeans.bind(context, domains, knownChildren, timeout, trust,
                new TenantTopicPrefixes("c8y", java.util.List.of()));
        context.start();
        return new SinkHarness(context, sinks);
    }

    public static SinkHarness start(Optional<SSLContextParameters> trust, Duration timeout) {
        return start(KafkaDomainProperties.none(), trust, timeout, null);
    }

    /** One event through a sink set up for it alone. */
    public void deliver(EventHandler handler, Event event) throws Exception {
        delivery.deliver(handler, event);
    }

    /** A sink that stays set up (and keeps its client) until closed. */
    public OpenSink open(EventHandler handler) throws Exception {
        String id = "open-" + UUID.randomUUID();
        String sink = sinks.setUp(id, handler);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:handler-" + id).routeId("handler-" + id).to(sink);
            }
        });
        return new OpenSink(id);
    }

    /** A batch body as a handler's queue hands it over: one message per event, in order. */
    public List<Message> batch(Event... events) {
        List<Message> messages = new ArrayList<>();
        for (Event event : events) {
            Message message = new DefaultMessage(context);
            message.setBody(event);
            messages.add(message);
        }
        return messages;
    }

    /** Kafka producers open now. */
    public int openKafkaProducers() {
        return context.getRegistry().lookupByNameAndType("sharedKafkaClients", SharedKafkaClients.class).openProducers();
    }

    public final class OpenSink implements AutoCloseable {
        private final String id;
        private boolean closed;

        private OpenSink(String id) {
            this.id = id;
        }

        public void deliver(Object eventOrBatch) throws Exception {
            deliver(eventOrBatch, java.util.Map.of());
        }

        /** With headers on the exchange, as a step before dispatch sets them (a batch's are on its messages). */
        public void deliver(Object eventOrBatch, java.util.Map<String, Object> headers) throws Exception {
            try (ProducerTemplate producer = context.createProducerTemplate()) {
                Exchange result = producer.send("direct:handler-" + id, exchange -> {
                    exchange.getMessage().getHeaders().putAll(headers);
                    exchange.getMessage().setBody(eventOrBatch);
                });
                if (result.getException() != null) {
                    throw result.getException();
                }
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                OneOffDelivery.removeRoutes(context, List.of("handler-" + id, "handler-" + id + "-sink"));
                sinks.tearDown(id);
            }
        }
    }

    @Override
    public void close() {
        context.stop();
    }
}
