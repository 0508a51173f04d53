package io.thinedge.eventhandlers.api;

/** Handler bodies for the API tests. */
final class Bodies {

    static final String LIFECYCLE = "{\"type\":\"lifecycle\",\"eventTypes\":[\"login_event\"]}";

    private Bodies() {
    }

    static String webhook(String name, String connectionConfig) {
        return """
                {"name":"%s","enabled":true,"description":"forwards logins","filter":%s,"connectionConfig":%s}
                """.formatted(name, LIFECYCLE, connectionConfig);
    }

    static String webhook(String name) {
        return webhook(name, "{\"uri\":\"http://127.0.0.1:9/hook\"}");
    }

    static String basicAuthWebhook(String name, String password) {
        return webhook(name, """
                {"uri":"https://receiver.example/hook","auth":{"type":"basic","user":"u","password":"%s"},
                 "additionalHeaders":{"X-Api-Key":"header-secret","X-Site":"north"},"method":"put"}
                """.formatted(password));
    }

    static String kafka(String name, String properties) {
        return """
                {"name":"%s","enabled":true,"filter":%s,
                 "connectionConfig":{"type":"custom","value":%s,"topic":"events","headers":{}}}
                """.formatted(name, LIFECYCLE, ApiClient.JSON.valueToTree(properties).toString());
    }
}
