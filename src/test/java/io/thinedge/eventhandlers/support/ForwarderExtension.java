package io.thinedge.eventhandlers.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The fixture of the end-to-end tests, for one test class: a real Mosquitto, the real application
 * in-process ({@link RunningForwarder}) with a tokens file, and an MQTT client playing the device.
 * Register it on a static field:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ForwarderExtension forwarder = ForwarderExtension.withDefaults()
 *         .property("webhook.timeout", "4s").token(TOKEN).deletingHandlersAfterEach();
 * </pre>
 *
 * It starts everything before the class's own {@code @BeforeAll} methods and stops it after its
 * {@code @AfterAll} ones. What only one class needs (a Kafka cluster, a receiver whose address is a
 * setting) is started in {@link #properties(PropertiesHook)} and closed in {@link #afterStop(Runnable)}.
 */
public final class ForwarderExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** How long the {@code publish...AndWait} helpers wait for the forwarder. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** What a setting of the forwarder needs to be computed when it starts (a port, a temporary folder). */
    @FunctionalInterface
    public interface PropertiesHook {
        void accept(Map<String, String> properties) throws Exception;
    }

    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final List<PropertiesHook> propertiesHooks = new ArrayList<>();
    private final List<String> deviceSubscriptions = new ArrayList<>();
    private final List<Runnable> afterStop = new ArrayList<>();
    private Consumer<CamelContext> beforeStart = context -> { };
    private String tokensFileText;
    private boolean deleteHandlersAfterEach;

    private MosquittoBroker broker;
    private RunningForwarder forwarder;
    private MqttTestClient device;

    private ForwarderExtension() {
    }

    /** The settings of {@link RunningForwarder#defaults}; without a token the forwarder writes its own. */
    public static ForwarderExtension withDefaults() {
        return new ForwarderExtension();
    }

    public ForwarderExtension property(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** Runs when the forwarder is about to start, after the broker started and the defaults were set. */
    public ForwarderExtension properties(PropertiesHook hook) {
        propertiesHooks.add(hook);
        return this;
    }

    /** The one API token, for domain {@code /}. */
    public ForwarderExtension token(String token) {
        return tokensFile("/ " + token + "\n");
    }

    /** The whole tokens file, one {@code domain token} a line. */
    public ForwarderExtension tokensFile(String text) {
        this.tokensFileText = text;
        return this;
    }

    /** See {@link RunningForwarder#start(Map, Consumer)}. */
    public ForwarderExtension beforeStart(Consumer<CamelContext> hook) {
        this.beforeStart = hook;
        return this;
    }

    /** The device's client records what is published on this filter (e.g. {@code tedge/errors}). */
    public ForwarderExtension deviceSubscribedTo(String topicFilter) {
        deviceSubscriptions.add(topicFilter);
        return this;
    }

    /** Every test starts without the handlers of the ones before (at most 10 handlers per domain). */
    public ForwarderExtension deletingHandlersAfterEach() {
        this.deleteHandlersAfterEach = true;
        return this;
    }

    /** Runs once the forwarder and the device stopped, before the broker stops: closes what a hook started. */
    public ForwarderExtension afterStop(Runnable action) {
        afterStop.add(action);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext extension) throws Exception {
        broker = MosquittoBroker.start();
        Map<String, String> properties = RunningForwarder.defaults(broker);
        properties.putAll(overrides);
        for (PropertiesHook hook : propertiesHooks) {
            hook.accept(properties);
        }
        if (tokensFileText != null) {
            TokensFiles.write(Path.of(properties.get("api.tokens-file")), tokensFileText);
        }
        forwarder = RunningForwarder.start(properties, beforeStart);
        device = new MqttTestClient(broker.uri());
        deviceSubscriptions.forEach(device::subscribe);
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        if (deleteHandlersAfterEach) {
            HandlerStore store = store();
            store.all().forEach(handler -> store.delete(handler.id()));
        }
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        close(device);
        close(forwarder);
        afterStop.forEach(action -> close(action::run));
        close(broker);
    }

    private static void close(AutoCloseable part) {
        try {
            if (part != null) {
                part.close();
            }
        } catch (Exception ignored) {
            // the others still close, even when a start failed half-way
        }
    }

    public MosquittoBroker broker() {
        return broker;
    }

    /** The MQTT client playing the device: publishes like thin-edge. */
    public MqttTestClient device() {
        return device;
    }

    public CamelContext context() {
        return forwarder.context();
    }

    public Map<String, String> properties() {
        return forwarder.properties();
    }

    public String httpBase() {
        return forwarder.httpBase();
    }

    public Path tokensFile() {
        return Path.of(properties().get("api.tokens-file"));
    }

    /** The token of domain {@code /}: the one set, or the one the forwarder wrote into its new tokens file. */
    public String token() {
        try {
            return Files.readAllLines(tokensFile()).stream().filter(line -> line.startsWith("/ ")).findFirst().orElseThrow()
                    .substring(2).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the forwarder and starts another with the same settings (same client ids, sessions and store). */
    public void restart() {
        restart(beforeStart);
    }

    /** Restarts with a hook for this start only (see {@link RunningForwarder#start(Map, Consumer)}). */
    public void restart(Consumer<CamelContext> hook) {
        forwarder = forwarder.restart(hook);
    }

    public HandlerStore store() {
        return context().getRegistry().lookupByNameAndType("handlerStore", HandlerStore.class);
    }

    public DeadLetters deadLetters() {
        return context().getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
    }

    public HandlerStatus status(String id) {
        return store().find(id).orElseThrow().state().status();
    }

    /**
     * Publishes {@code {"text":text}} on {@code tedge/events/<type>} and waits until the forwarder
     * completed that MQTT message (every handler done).
     */
    public void publishEventAndWait(String type, String text) {
        // filtered on the text: a builder created while the previous message's completion is being
        // announced would otherwise count that one
        NotifyBuilder done = new NotifyBuilder(context()).fromRoute("tedge-events")
                .filter(exchange -> isMqttMessage(exchange)
                        && exchange.getMessage().getBody() instanceof DeviceEvent event && event.text().equals(text))
                .whenDone(1).create();
        device.publish("tedge/events/" + type, "{\"text\":\"" + text + "\"}");
        assertThat(done.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as("event " + text + " processed").isTrue();
    }

    /** Publishes and waits until {@code route} has completed a message (every handler done). */
    public void publishAndWait(String route, String topic, String payload) {
        NotifyBuilder done = new NotifyBuilder(context()).fromRoute(route).filter(ForwarderExtension::isMqttMessage)
                .whenDone(1).create();
        device.publish(topic, payload);
        assertThat(done.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as("message on " + topic + " processed").isTrue();
    }

    /** Publishes a retained message and waits until {@code route} has completed a message on that topic. */
    public void publishRetainedAndWait(String route, String topic, String payload) {
        NotifyBuilder done = doneWith(context(), route, topic);
        device.publishRetained(topic, payload);
        assertThat(done.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as("message on " + topic + " processed").isTrue();
    }

    /** Completes when {@code route} has completed a message on {@code topic}. */
    public static NotifyBuilder doneWith(CamelContext context, String route, String topic) {
        return new NotifyBuilder(context).fromRoute(route)
                .filter(exchange -> isMqttMessage(exchange)
                        && topic.equals(exchange.getMessage().getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class)))
                .whenDone(1).create();
    }

    /**
     * True for the exchange of an MQTT message itself, false for the copies dispatch makes of it
     * (the split's and the recipientList's, one per handler), which complete on their own.
     */
    public static boolean isMqttMessage(Exchange exchange) {
        return exchange.getProperty(ExchangePropertyKey.SPLIT_INDEX) == null
                && exchange.getProperty(ExchangePropertyKey.MULTICAST_INDEX) == null;
    }
}
