package io.thinedge.eventhandlers;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultRegistry;

import io.thinedge.eventhandlers.api.ApiServerOptions;
import io.thinedge.eventhandlers.api.HandlerApiRoutes;
import io.thinedge.eventhandlers.api.TenantLimits;
import io.thinedge.eventhandlers.api.JsonFallbacks;
import io.thinedge.eventhandlers.api.ObserveAccess;
import io.thinedge.eventhandlers.api.TokensFile;
import io.thinedge.eventhandlers.config.LayeredProperties;
import io.thinedge.eventhandlers.config.Settings;
import io.thinedge.eventhandlers.console.ConsoleRoutes;
import io.thinedge.eventhandlers.dispatch.HandlerBreakers;
import io.thinedge.eventhandlers.dispatch.HandlerDispatch;
import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.sink.HandlerSinks;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.sink.kamelet.KameletCatalog;
import io.thinedge.eventhandlers.health.HandlersHealthCheck;
import io.thinedge.eventhandlers.health.MqttConnectionHealthCheck;
import io.thinedge.eventhandlers.health.FailedExchangesHealthCheck;
import io.thinedge.eventhandlers.health.StoreHealthCheck;
import io.thinedge.eventhandlers.ingest.CommandOutcomes;
import io.thinedge.eventhandlers.ingest.DeviceIdentity;
import io.thinedge.eventhandlers.ingest.EntityRegistrations;
import io.thinedge.eventhandlers.ingest.EventParser;
import io.thinedge.eventhandlers.ingest.ParseEvent;
import io.thinedge.eventhandlers.ingest.ParseMeasurement;
import io.thinedge.eventhandlers.ingest.MeasurementParser;
import io.thinedge.eventhandlers.mqtt.AcknowledgeAfterFailure;
import io.thinedge.eventhandlers.mqtt.FailedExchanges;
import io.thinedge.eventhandlers.mqtt.FailedMessageReports;
import io.thinedge.eventhandlers.metrics.CountEventIn;
import io.thinedge.eventhandlers.metrics.CountParseError;
import io.thinedge.eventhandlers.metrics.HandlerMetrics;
import io.thinedge.eventhandlers.metrics.RouteNotifierScope;
import io.thinedge.eventhandlers.mqtt.MqttClients;
import io.thinedge.eventhandlers.mqtt.SessionSubscriptions;
import io.thinedge.eventhandlers.mqtt.SubscriberBeans;
import io.thinedge.eventhandlers.reload.LiveEdits;
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
    private static final String FAILED_MESSAGE_ATTEMPTS = "tedge.mqtt.failed-message-attempts";
    /** The pause before the first retry of a failed message; each further one waits that much longer. */
    private static final long FAILED_MESSAGE_BACKOFF_MILLIS = 200;

    @Override
    public void configure(CamelContext context) throws Exception {
        // right after the HTTP server starts: 503 JSON until the routes are up, JSON 404/405 after
        context.addService(new JsonFallbacks(context), true, true);
        Settings settings = Settings.load(key -> context.getPropertiesComponent().resolveProperty(key));
        LayeredProperties layered = LayeredProperties.of(context);
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

        // one client (and persistent session) per subscribing route, made when a YAML route names
        // it (client: "#mqtt-<name>"); the sessions keep only the filters the routes name
        MqttClients mqtt = new MqttClients(settings);
        context.addService(mqtt, true, true);
        registry.bind("mqttClients", mqtt);
        ((DefaultRegistry) registry).addBeanRepository(new SubscriberBeans(mqtt));
        registry.bind("mqttPublisher", mqtt.publisher("publisher"));
        FailedExchanges failedExchanges = new FailedExchanges(failedMessageAttempts(context),
                FAILED_MESSAGE_BACKOFF_MILLIS, new FailedMessageReports(context));
        context.addService(failedExchanges, true, true);
        context.addRoutePolicyFactory(new AcknowledgeAfterFailure(failedExchanges));
        context.getManagementStrategy().addEventNotifier(
                new SessionSubscriptions(mqtt, settings.storeDir().resolve("mqtt-subscriptions.json")));
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
        health.register(new FailedExchangesHealthCheck(failedExchanges));
        context.addStartupListener(new RouteNotifierScope());

        DeviceIdentity identity = new DeviceIdentity(settings.deviceId(), settings.deviceDomain(), childDomains(layered));
        Clock clock = Clock.systemUTC();
        // the Java steps of routes/dispatch.camel.yaml
        registry.bind("parseEvent", new ParseEvent(new EventParser(identity, clock)));
        registry.bind("parseMeasurement", new ParseMeasurement(new MeasurementParser(identity, clock)));
        registry.bind("countEventIn", new CountEventIn());
        // the last step of routes/report-bad-input.camel.yaml
        registry.bind("countParseError", new CountParseError());
        // lifecycle events from thin-edge's registrations and commands (routes/te-registrations, te-commands)
        registry.bind("entityRegistrations", new EntityRegistrations(identity, knownChildren, clock));
        registry.bind("commandOutcomes", new CommandOutcomes(identity, knownChildren, clock));
        KafkaDomainProperties kafkaDomains = KafkaDomainProperties.from(layered.read(KafkaDomainProperties.PREFIX));
        HandlerRuntimes handlers = HandlerDispatch.setUp(context, settings, handlerStore, knownChildren, deadLetters, clock,
                kafkaDomains);
        handlers.addListener(registry.lookupByNameAndType("handlerBreakers", HandlerBreakers.class).followingTheStore());
        health.register(new HandlersHealthCheck(handlers));
        context.addService(new HandlerMetrics(context, handlers, mqtt), true, true);
        HandlerSinks sinks = registry.lookupByNameAndType(HandlerSinks.BEAN, HandlerSinks.class);
        LiveEdits.setUp(context, handlers, handlerStore, sinks.kamelets().catalog(), KameletCatalog.location(context));
        TokensFile tokens = TokensFile.load(settings.tokensFile());
        context.addRoutes(new HandlerApiRoutes(handlerStore, tokens, sinks, deadLetters, handlers,
                TenantLimits.from(settings)));
        ObserveAccess observeAccess = ObserveAccess.ifRequired(context, tokens);
        if (observeAccess != null) {
            context.addService(observeAccess, true, true);
        }
        context.addService(SettingsReload.watcher(layered, tokens, kafkaDomains, sinks.kamelets(), handlers), true, true);
        context.addRoutes(new ConsoleRoutes());
    }

    /** How often a message whose exchange failed is handed to its route before it is reported and acknowledged. */
    private static int failedMessageAttempts(CamelContext context) {
        String value = context.getPropertiesComponent().resolveProperty(FAILED_MESSAGE_ATTEMPTS).orElse("3").strip();
        try {
            int attempts = Integer.parseInt(value);
            if (attempts >= 1) {
                return attempts;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(FAILED_MESSAGE_ATTEMPTS + " must be a whole number of at least 1, not: " + value);
    }

    /** Per-child domains: {@code tedge.child-domain.<child>=/tenant/site/}. */
    private static Map<String, String> childDomains(LayeredProperties layered) {
        Properties properties = layered.read(CHILD_DOMAIN_PREFIX);
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
