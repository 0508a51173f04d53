package io.thinedge.eventhandlers.console;

import org.apache.camel.builder.RouteBuilder;

/**
 * The web console at {@code /console/} on the API's port: a few static files from the jar that
 * talk to the public REST API with the operator's token; the console has no endpoint of its own.
 *
 * <p>Camel's own static content ({@code camel.server.static-enabled}) is not used: in 4.17 it
 * serves a directory's {@code index.html} from the class path's root whatever the context path,
 * and looks in the working directory first, where {@code config/api-tokens} lives.
 */
public class ConsoleRoutes extends RouteBuilder {

    public static final String PATH = "/console";

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?matchOnUriPrefix=true&httpMethodRestrict=GET,HEAD")
                .routeId("console")
                .process(new ConsoleAssets(PATH));
    }
}
