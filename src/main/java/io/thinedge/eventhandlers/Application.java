package io.thinedge.eventhandlers;

import org.apache.camel.main.Main;

/** Starts the forwarder: {@code java -jar target/tedge-event-handlers.jar} from the project root. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        create().run(args);
    }

    /** The configured Camel Main, also used by the tests to start the real application in-process. */
    public static Main create() {
        Main main = new Main();
        // config/ is read relative to the working directory so integrators edit it without a rebuild
        main.setDefaultPropertyPlaceholderLocation("file:config/application.properties");
        main.configure().addConfiguration(AppConfiguration.class);
        return main;
    }
}
