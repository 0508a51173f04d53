package io.thinedge.eventhandlers.metrics;

/** The {@code countEventIn} step of {@code routes/dispatch.camel.yaml}: {@code tedge.events.in}. */
public final class CountEventIn extends EventCounter {

    public CountEventIn() {
        super("tedge.events.in", "Events read from MQTT and parsed");
    }
}
