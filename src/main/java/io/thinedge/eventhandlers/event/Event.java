package io.thinedge.eventhandlers.event;

/** Something a device raised, tagged with the device and the domain it belongs to. */
public sealed interface Event permits DeviceEvent, TelemetryEvent {

    /** The child id, or the main device id for the gateway itself. */
    String deviceId();

    /** The domain of the device, a path such as {@code /} or {@code /tenant/site/}. */
    String domain();

    /** The event type a lifecycle filter matches on; {@code telemetry} for measurements. */
    String eventType();

    /** When it happened, in epoch milliseconds. */
    long timestampMillis();
}
