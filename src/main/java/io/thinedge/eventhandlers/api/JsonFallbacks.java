package io.thinedge.eventhandlers.api;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.StartupListener;
import org.apache.camel.support.service.ServiceSupport;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes every answer of the HTTP server JSON, like the API's own errors:
 * <ul>
 *   <li>while Camel is starting (the server listens before the routes are up) or stopping, every
 *       request gets 503 {@code {"error":…}} with {@code Retry-After}, not Vert.x's HTML 404;</li>
 *   <li>a path nothing serves gets 404, a known path with a method it does not take 405 with
 *       {@code Allow}. This is the last route of the server, added once everything else is up, so
 *       whatever else is served (static files under {@code /console/}, say) is served first.</li>
 * </ul>
 */
public final class JsonFallbacks extends ServiceSupport implements StartupListener {

    private static final Pattern PATH_PARAMETER = Pattern.compile(":[A-Za-z0-9_]+");

    private final CamelContext context;
    private final Map<Router, Boolean> routers = new IdentityHashMap<>();

    /**
     * Add it with {@code addService(fallbacks, true, true)} during configuration: Camel Main's HTTP
     * server, added before, starts (and listens) at the beginning of Camel's start, and this
     * service right after it, before any route.
     */
    public JsonFallbacks(CamelContext context) throws Exception {
        this.context = context;
        context.addStartupListener(this);
    }

    @Override
    protected void doStart() {
        context.getRegistry().findByType(VertxPlatformHttpRouter.class).forEach(router -> routers.put(router, true));
        for (Router router : routers.keySet()) {
            router.route().order(Integer.MIN_VALUE).handler(routing -> whileNotStarted(context, routing));
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
        // the fallback goes in once everything else is up (below)
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
        for (Router router : routers.keySet()) {
            Route[] self = new Route[1];
            self[0] = router.route().order(Integer.MAX_VALUE).handler(routing -> nothingServes(router, self[0], routing));
        }
    }

    private static void whileNotStarted(CamelContext context, RoutingContext routing) {
        ServiceStatus status = context.getStatus();
        if (status.isStarted()) {
            routing.next();
            return;
        }
        routing.response().putHeader("Retry-After", "2");
        answer(routing, 503, "The forwarder is " + (status.isStopping() || status.isStopped() ? "stopping" : "starting")
                + "; try again in a moment");
    }

    private static void nothingServes(Router router, Route self, RoutingContext routing) {
        String path = routing.normalizedPath();
        Set<String> allowed = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            Set<HttpMethod> methods = route.methods();
            if (route != self && route.getPath() != null && methods != null && !methods.isEmpty()
                    && pattern(route.getPath()).matcher(path).matches()) {
                methods.forEach(method -> allowed.add(method.name()));
            }
        }
        String method = routing.request().method().name();
        if (allowed.isEmpty() || allowed.contains(method)) {
            answer(routing, 404, "Nothing is served at " + method + " " + path);
        } else {
            routing.response().putHeader("Allow", String.join(", ", allowed));
            answer(routing, 405, "Method " + method + " is not allowed on " + path + "; use " + String.join(", ", allowed));
        }
    }

    /** A route's path ({@code /handler/:id}) as a pattern of the paths it serves. */
    private static Pattern pattern(String routePath) {
        StringBuilder regex = new StringBuilder();
        var matcher = PATH_PARAMETER.matcher(routePath);
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(routePath.substring(last, matcher.start()))).append("[^/]+");
            last = matcher.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(routePath.substring(last))).toString());
    }

    /** A JSON error answer straight from the router, as the API's own. */
    static void answer(RoutingContext routing, int status, String error) {
        routing.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(JsonExchange.MAPPER.createObjectNode().put("error", error).toString());
    }
}
