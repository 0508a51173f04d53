package io.thinedge.eventhandlers.dispatch;

import java.time.Clock;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import io.thinedge.eventhandlers.config.Settings;
import io.thinedge.eventhandlers.metrics.DroppedEvents;
import io.thinedge.eventhandlers.probe.HandlerTester;
import io.thinedge.eventhandlers.probe.OneOffDelivery;
import io.thinedge.eventhandlers.probe.Retester;
import io.thinedge.eventhandlers.probe.SampleEvents;
import io.thinedge.eventhandlers.probe.SinkTester;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.SharedJson;
import io.thinedge.eventhandlers.sink.SinkBeans;
import io.thinedge.eventhandlers.sink.smartrest.C8yBuiltin;
import io.thinedge.eventhandlers.sink.smartrest.TenantTopicPrefixes;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.sink.webhook.WebhookTrust;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.store.HandlerStore;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * Binds what the handler routes and their Kamelets call by name, and starts the handlers:
 * {@code firstEventOfNewChild}, {@code firstRegistrations}, {@code matchingHandlers} and {@code inArrivalOrder} for the dispatch
 * route, the {@code handler-queue} component and the breakers for the {@code tedge-handler} template, the sink beans ({@link SinkBeans}) and the built-in
 * Cumulocity output's sink, {@code handlerTester} for the API, and the re-test of failed handlers.
 */
public final class HandlerDispatch {

    private HandlerDispatch() {
    }

    /** @param kafkaDomains the Kafka properties of the domains (kafka.domain.*), replaced in place when config changes */
    public static HandlerRuntimes setUp(CamelContext context, Settings settings, HandlerStore store,
            KnownChildren knownChildren, DeadLetters deadLetters, Clock clock, KafkaDomainProperties kafkaDomains)
            throws Exception {
        Registry registry = context.getRegistry();
        HandlerSinks sinks = SinkBeans.bind(context, kafkaDomains, knownChildren, settings.webhookTimeout(),
                WebhookTrust.fromConfig(key -> context.getPropertiesComponent().resolveProperty(key)),
                new TenantTopicPrefixes(settings.c8yTopicPrefix(), settings.smartrestTenantTopicPrefixes()));

        HandlerBreakers breakers = new HandlerBreakers(registry);
        SinkSetupFailures setupFailures = new SinkSetupFailures();
        registry.bind(SinkSetupFailures.BEAN, setupFailures);
        HandlerRoutes routes = new HandlerRoutes(context, sinks, breakers, setupFailures);
        DroppedEvents dropped = new DroppedEvents(context);
        HandlerRuntimes handlers = new HandlerRuntimes(context, store, routes, breakers, deadLetters, dropped);
        SuccessRefresh successRefresh = new SuccessRefresh(context, store, HandlerRuntime.SUCCESS_WRITE_INTERVAL_MILLIS);
        context.addService(successRefresh, true, true);
        context.addComponent(HandlerQueueComponent.SCHEME,
                new HandlerQueueComponent(handlers, new HandlerOutcomes(breakers, store, successRefresh, clock),
                        new AtMostOnceBound(settings.handlerQos0QueueLimit(), dropped)));
        registry.bind("handlerBreakers", breakers);
        context.addService(handlers, true, true);

        SinkTester tester = new SinkTester(new OneOffDelivery(context, sinks), breakers, new SampleEvents(settings.deviceId(), clock, sinks), store, clock);
        registry.bind("handlerTester", HandlerTester.class, tester);
        context.addService(new Retester(context, settings.retestInterval(), store, tester, handlers), true, true);
        registry.bind("firstEventOfNewChild", new FirstEventOfNewChild(knownChildren));
        registry.bind("firstRegistrations", new FirstRegistrations(knownChildren));
        SharedJson json = registry.lookupByNameAndType("sharedJson", SharedJson.class);
        registry.bind("matchingHandlers", new MatchingHandlers(handlers, json));
        registry.bind("inArrivalOrder", new InArrivalOrder());
        context.getCamelContextExtension().addInterceptStrategy(new AwaitHandlerQueues());
        registry.bind(HandlerPreviews.BEAN, new HandlerPreviews(context, new DeliveryPreview(context, sinks)));
        C8yBuiltin.setUp(context, settings, store);
        return handlers;
    }
}
