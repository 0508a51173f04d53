package io.thinedge.eventhandlers.sink.smartrest;

/** Cumulocity's names and numbers the marshaller writes, as thin-edge's c8y mapper uses them. */
public final class SmartRest {

    /** Static template 400: create an event ({@code 400,<type>,<text>,<time>}). */
    public static final int CREATE_EVENT = 400;
    /** Static template 101: create a child device ({@code 101,<externalId>,<name>,<type>}). */
    public static final int CREATE_CHILD_DEVICE = 101;
    /** The device type thin-edge gives the child devices it registers. */
    public static final String CHILD_DEVICE_TYPE = "thin-edge.io-child";
    /** The external id type of child devices, used in {@code externalSource}. */
    public static final String EXTERNAL_ID_TYPE = "c8y_Serial";
    /** A converted message is sent over MQTT only when its UTF-8 size is strictly below this. */
    public static final int MQTT_MESSAGE_LIMIT_BYTES = 16184;

    /** SmartREST static templates, relative to the topic prefix. */
    public static final String SMARTREST_TOPIC = "s/us";
    /** Cumulocity JSON over MQTT: create an event. */
    public static final String EVENT_CREATE_TOPIC = "event/events/create";
    /** The REST path events too large for MQTT are POSTed to, relative to the tenant URL. */
    public static final String EVENTS_PATH = "event/events/";
    /** The REST path of a child's external id, relative to the tenant URL; the child's id follows. */
    public static final String EXTERNAL_ID_PATH = "identity/externalIds/" + EXTERNAL_ID_TYPE + "/";

    private SmartRest() {
    }
}
