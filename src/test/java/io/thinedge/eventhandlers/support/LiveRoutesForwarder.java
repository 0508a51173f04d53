package io.thinedge.eventhandlers.support;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.store.HandlerStore;

/**
 * The fixture of the live-edit tests: a real Mosquitto, the real application reading and watching
 * a copy of routes/ ({@link RoutesFolder}) with an {@link EventRecorder}, and an MQTT client
 * playing the device, subscribed to the given filters.
 */
public final class LiveRoutesForwarder implements AutoCloseable {

    private final RoutesFolder routes = RoutesFolder.copyOfProject();
    private final MosquittoBroker broker;
    private final MqttTestClient device;
    private final Map<String, String> properties;
    private RunningForwarder forwarder;
    private EventRecorder recorder;

    private LiveRoutesForwarder(String... deviceSubscriptions) {
        broker = MosquittoBroker.start();
        device = new MqttTestClient(broker.uri());
        for (String filter : deviceSubscriptions) {
            device.subscribe(filter);
        }
        properties = RunningForwarder.defaults(broker);
        routes.configure(properties);
    }

    public static LiveRoutesForwarder start(String... deviceSubscriptions) {
        return start(routes -> { }, deviceSubscriptions);
    }

    /** Starts once {@code prepare} has changed the copy of routes/ (a file in place before the start). */
    public static LiveRoutesForwarder start(Consumer<RoutesFolder> prepare, String... deviceSubscriptions) {
        return start(Map.of(), prepare, deviceSubscriptions);
    }

    /** Starts with {@code settings} added to the defaults, once {@code prepare} has changed the copy of routes/. */
    public static LiveRoutesForwarder start(Map<String, String> settings, Consumer<RoutesFolder> prepare,
            String... deviceSubscriptions) {
        LiveRoutesForwarder fixture = new LiveRoutesForwarder(deviceSubscriptions);
        fixture.properties.putAll(settings);
        prepare.accept(fixture.routes);
        fixture.startForwarder();
        return fixture;
    }

    private void startForwarder() {
        forwarder = RunningForwarder.start(properties, context -> recorder = EventRecorder.attachTo(context));
    }

    /** Stops the forwarder, runs {@code whileStopped}, and starts it again (same sessions and store). */
    public void restart(Runnable whileStopped) {
        forwarder.close();
        whileStopped.run();
        startForwarder();
    }

    /** A webhook handler of domain / for the event types given, delivering to {@code uri}. */
    public String createWebhook(String uri, String... eventTypes) {
        return createHandler(HandlerType.WEBHOOK, "{\"uri\":\"" + uri + "\"}", eventTypes);
    }

    /** A handler of domain / for the event types given, straight into the store. */
    public String createHandler(HandlerType type, String connectionConfig, String... eventTypes) {
        HandlerStore store = forwarder.context().getRegistry().lookupByNameAndType("handlerStore", HandlerStore.class);
        return store.create(Handlers.handler(type, "/", new EventFilter.Lifecycle(List.of(eventTypes)), connectionConfig), 10).id();
    }

    public RoutesFolder routes() {
        return routes;
    }

    public MqttTestClient device() {
        return device;
    }

    public RunningForwarder forwarder() {
        return forwarder;
    }

    /** What the forwarder now running dispatched. */
    public EventRecorder recorder() {
        return recorder;
    }

    @Override
    public void close() {
        forwarder.close();
        device.close();
        broker.close();
    }
}
