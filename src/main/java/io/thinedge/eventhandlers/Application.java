package io.thinedge.eventhandlers;

import org.apache.camel.main.Main;

/** Starts the forwarder: {@code java -jar target/tedge-event-handlers.jar} from the project root. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        create().run(args);
    }

    /**
     * Kafka's own guard against login modules that reach out to directories (CVE-2023-25194); the
     * REST API rejects them already, this keeps any other path (domain properties) safe too.
     */
    static final String DISALLOWED_LOGIN_MODULES = "org.apache.kafka.disallowed.login.modules";

    /** Key endings Camel Main masks in its start-up summary besides its own list. */
    static final String SENSITIVE_KEYWORDS = "authorization,url,jaas.config";

    /** The configured Camel Main, also used by the tests to start the real application in-process. */
    public static Main create() {
        if (System.getProperty(DISALLOWED_LOGIN_MODULES) == null) {
            System.setProperty(DISALLOWED_LOGIN_MODULES,
                    "com.sun.security.auth.module.JndiLoginModule,com.sun.security.auth.module.LdapLoginModule");
        }
        Main main = new Main();
        // config/ is read relative to the working directory so integrators edit it without a rebuild
        main.setDefaultPropertyPlaceholderLocation("file:config/application.properties");
        // Defaults that application.properties may override. Bodies are byte arrays and events,
        // never streams, so stream caching only costs; Camel's per-exchange meters cost more per
        // event than the parsing itself (profiled), and the tedge_* meters cover events and handlers.
        main.addInitialProperty("camel.main.stream-caching-enabled", "false");
        main.addInitialProperty("camel.metrics.enable-route-policy", "false");
        main.addInitialProperty("camel.metrics.enable-exchange-event-notifier", "false");
        // Handler routes come and go at run time, and Camel's check of a route being removed fails
        // with a NullPointerException (the whole health answer a 500); the handlers check covers them.
        main.addInitialProperty("camel.health.exclude-pattern", "route:handler-*,consumer:handler-*");
        // Camel Main's start-up summary masks the keys it knows as secret (password, token, ...);
        // these are the product's others. Camel matches a key's last segment (lower case, no '-')
        // as a part of this text: c8y.authorization, store.url / c8y.url (a JDBC URL's ?password=,
        // a tenant URL's path), the Kafka client's sasl.jaas.config.
        main.configure().setAdditionalSensitiveKeywords(SENSITIVE_KEYWORDS);
        main.configure().addConfiguration(AppConfiguration.class);
        main.addMainListener(new io.thinedge.eventhandlers.api.HttpSurface());
        main.addMainListener(new io.thinedge.eventhandlers.api.ApiTls());
        return main;
    }
}
