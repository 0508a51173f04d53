package io.thinedge.eventhandlers;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;

import io.thinedge.eventhandlers.api.ApiServerOptions;
import io.thinedge.eventhandlers.api.ApiTokens;
import io.thinedge.eventhandlers.api.HandlerApiRoutes;
import io.thinedge.eventhandlers.config.Settings;
import io.thinedge.eventhandlers.dispatch.DispatchRoutes;
import io.thinedge.eventhandlers.dispatch.Dispatcher;
import io.thinedge.eventhandlers.dispatch.FirstRegistrations;
import io.thinedge.eventhandlers.dispatch.HandlerRouteTemplates;
import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.dispatch.Retester;
import io.thinedge.eventhandlers.dispatch.SampleEvents;
import io.thinedge.eventhandlers.dispatch.SinkTester;
import io.thinedge.eventhandlers.handler.HandlerTester;
import io.thinedge.eventhandlers.health.HandlerStates;
import io.thinedge.eventhandlers.health.HandlersHealthCheck;
import io.thinedge.eventhandlers.health.MqttConnectionHealthCheck;
import io.thinedge.eventhandlers.health.StoreHealthCheck;
import io.thinedge.eventhandlers.ingest.DeviceIdentity;
import io.thinedge.eventhandlers.ingest.ErrorReporting;
import io.thinedge.eventhandlers.ingest.EventParser;
import io.thinedge.eventhandlers.ingest.IngestRoutes;
import io.thinedge.eventhandlers.ingest.MeasurementParser;
import io.thinedge.eventhandlers.mqtt.AcknowledgeAfterFailure;
import io.thinedge.eventhandlers.metrics.HandlerMetrics;
import io.thinedge.eventhandlers.metrics.RouteNotifierScope;
import io.thinedge.eventhandlers.mqtt.MqttClients;
import io.thinedge.eventhandlers.sink.SinkFactory;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.sink.webhook.WebhookSink;
import io.thinedge.eventhandlers.sink.webhook.WebhookTrust;
import io.thinedge.eventhandlers.store.Database;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.store.HandlerStore;
import io.thinedge.eventhandlers.store.JdbcHandlerStore;
import io.thinedge.eventhandlers.store.KnownChildren;

/**
 * Builds the application's beans from the validated {@link Settings} and adds the Java routes.
 * The YAML routes in {@code routes/} refer to the beans bound here by name.
 */
public class AppConfiguration implements CamelConfiguration {

    private static final String CHILD_DOMAIN_PREFIX = "tedge.child-domain.";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.load(key -> context.getPropertiesComponent().resolveProperty(key));
        Registry registry = context.getRegistry();
        registry.bind("settings", settings);
        registry.bind("vertxOptions", ApiServerOptions.vertxOptions());

        Database database = settings.storeUrl() == null ? Database.inDirectory(settings.storeDir())
                : Database.open(settings.storeUrl(), settings.storeUser(), settings.storePassword());
        context.addService(new DatabaseService(database), true, true);
        KnownChildren knownChildren = new KnownChildren(database);
        registry.bind("database", database);
        registry.bind("knownChildren", knownChildren);
        HandlerStore handlerStore = new JdbcHandlerStore(database);
        registry.bind("handlerStore", handlerStore);
        DeadLetters deadLetters = new DeadLetters(database, settings.deadletterMaxEvents());
        registry.bind("deadLetters", deadLetters);

        // one client (and persistent session) per subscribing route; the YAML routes use them by name
        MqttClients mqtt = new MqttClients(settings);
        context.addService(mqtt, true, true);
        registry.bind("mqttClients", mqtt);
        registry.bind("mqttEvents", mqtt.subscriber("events"));
        registry.bind("mqttTeEvents", mqtt.subscriber("te-events"));
        registry.bind("mqttMeasurements", mqtt.subscriber("measurements"));
        registry.bind("mqttPublisher", mqtt.publisher("publisher"));
        context.addRoutePolicyFactory(new AcknowledgeAfterFailure());
        // a shared store that is gone: take no event (none is acknowledged) until it is back
        database.onAvailability(up -> {
            if (up) {
                mqtt.resumeSubscribers();
            } else {
                mqtt.pauseSubscribers();
            }
        });

        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        health.register(new MqttConnectionHealthCheck(mqtt));
        health.register(new StoreHealthCheck(database));
        HandlerStates handlerStates = new HandlerStates(handlerStore);
        context.addService(handlerStates, true, true);
        health.register(new HandlersHealthCheck(handlerStates));
        context.addService(new HandlerMetrics(context, handlerStates, mqtt), true, true);
        context.addStartupListener(new RouteNotifierScope());

        DeviceIdentity identity = new DeviceIdentity(settings.deviceId(), settings.deviceDomain(), childDomains(context));
        Clock clock = Clock.systemUTC();
        context.addRoutes(new ErrorReporting());
        context.addRoutes(new IngestRoutes(new EventParser(identity, clock), new MeasurementParser(identity, clock)));
        HandlerRuntimes handlers = dispatch(context, settings, handlerStore, knownChildren, deadLetters, clock);
        context.addRoutes(new HandlerRouteTemplates(handlers));
        context.addRoutes(new DispatchRoutes(settings.c8yEnabled(), new Dispatcher(handlers, new FirstRegistrations(knownChildren))));
        context.addRoutes(new HandlerApiRoutes(handlerStore, ApiTokens.load(settings.tokensFile())));
        context.addRoutes(new io.thinedge.eventhandlers.smartrest.SmartRestRoutes(settings, knownChildren));
    }

    /** The handlers' sinks and routes, the {@code handlerTester} bean and the re-test of failed handlers. */
    private static HandlerRuntimes dispatch(CamelContext context, Settings settings, HandlerStore store,
            KnownChildren knownChildren, DeadLetters deadLetters, Clock clock) throws Exception {
        KafkaDomainProperties kafkaDomains = KafkaDomainProperties.from(context.getPropertiesComponent()
                .loadProperties(key -> key.startsWith(KafkaDomainProperties.PREFIX)));
        // a private CA for HTTPS receivers, from config/ (webhook.trust-store); else the JVM's trust
        WebhookTrust.fromConfig(key -> context.getPropertiesComponent().resolveProperty(key))
                .ifPresent(trust -> context.getRegistry().bind(WebhookSink.SSL_CONTEXT_BEAN, trust));
        SinkFactory sinks = new SinkFactory(context, settings.webhookTimeout(), kafkaDomains, knownChildren);
        HandlerRuntimes handlers = new HandlerRuntimes(context, store, sinks, deadLetters, clock);
        context.addService(handlers, true, true);
        HandlerTester tester = new SinkTester(sinks, new SampleEvents(settings.deviceId(), clock), store, clock);
        context.getRegistry().bind("handlerTester", HandlerTester.class, tester);
        context.addService(new Retester(context, settings.retestInterval(), store, tester, handlers), true, true);
        return handlers;
    }

    /** Per-child domains: {@code tedge.child-domain.<child>=/tenant/site/}. */
    private static Map<String, String> childDomains(CamelContext context) {
        Properties properties = context.getPropertiesComponent().loadProperties(key -> key.startsWith(CHILD_DOMAIN_PREFIX));
        Map<String, String> domains = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> {
            String domain = properties.getProperty(key).trim();
            domains.put(key.substring(CHILD_DOMAIN_PREFIX.length()), domain.endsWith("/") ? domain : domain + "/");
        });
        return domains;
    }

    /** Closes the database when Camel stops. */
    private record DatabaseService(Database database) implements org.apache.camel.Service {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
            database.close();
        }
    }
}
