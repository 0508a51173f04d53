package io.thinedge.eventhandlers.support;

/** Handler bodies for the API's create, update and test requests. */
public final class HandlerBodies {

    public static final String LIFECYCLE = "{\"type\":\"lifecycle\",\"eventTypes\":[\"login_event\"]}";

    private HandlerBodies() {
    }

    public static String lifecycle(String... types) {
        return "{\"type\":\"lifecycle\",\"eventTypes\":" + Handlers.JSON.valueToTree(types) + "}";
    }

    public static String telemetry(String... urls) {
        return "{\"type\":\"telemetry\",\"lwm2mUrls\":" + Handlers.JSON.valueToTree(urls) + "}";
    }

    public static String handler(String name, boolean enabled, String filter, String connectionConfig) {
        return "{\"name\":\"" + name + "\",\"enabled\":" + enabled + ",\"description\":null,\"filter\":" + filter
                + ",\"connectionConfig\":" + connectionConfig + "}";
    }

    /** An enabled handler for the lifecycle events of one type. */
    public static String handler(String name, String eventType, String connectionConfig) {
        return "{\"name\":\"" + name + "\",\"enabled\":true,\"description\":null,\"filter\":{\"type\":\"lifecycle\","
                + "\"eventTypes\":[\"" + eventType + "\"]},\"connectionConfig\":" + connectionConfig + "}";
    }

    /** A webhook's connectionConfig: POST the generic JSON to {@code uri}. */
    public static String webhook(String uri) {
        return "{\"uri\":\"" + uri + "\",\"auth\":null,\"method\":\"post\",\"format\":\"generic\"}";
    }

    /** A webhook handler for login events. */
    public static String webhookHandler(String name, String connectionConfig) {
        return """
                {"name":"%s","enabled":true,"description":"forwards logins","filter":%s,"connectionConfig":%s}
                """.formatted(name, LIFECYCLE, connectionConfig);
    }

    public static String webhookHandler(String name) {
        return webhookHandler(name, "{\"uri\":\"http://127.0.0.1:9/hook\"}");
    }

    public static String basicAuthWebhook(String name, String password) {
        return webhookHandler(name, """
                {"uri":"https://receiver.example/hook","auth":{"type":"basic","user":"u","password":"%s"},
                 "additionalHeaders":{"X-Api-Key":"header-secret","X-Site":"north"},"method":"put"}
                """.formatted(password));
    }

    public static String kafkaHandler(String name, String properties) {
        return """
                {"name":"%s","enabled":true,"filter":%s,
                 "connectionConfig":{"type":"custom","value":%s,"topic":"events","headers":{}}}
                """.formatted(name, LIFECYCLE, Handlers.JSON.valueToTree(properties).toString());
    }
}
