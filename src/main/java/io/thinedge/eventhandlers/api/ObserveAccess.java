package io.thinedge.eventhandlers.api;

import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;

import io.thinedge.eventhandlers.config.InvalidSettingException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Health and metrics ({@code /observe/*}) name every tenant's handlers. With
 * {@code observe.require-token} (true by default when {@code camel.server.host} is not a loopback
 * address) they answer only a request bearing a token of the root domain {@code /} in its
 * {@code Authorization} header, as Prometheus sends its {@code bearer_token}; any other gets 401
 * (403 for another domain's token). On loopback only programs of the gateway reach them, and a
 * local probe needs no token.
 */
public final class ObserveAccess extends ServiceSupport {

    public static final String REQUIRE_TOKEN = "observe.require-token";
    private static final String PATHS = "/observe/*";
    private static final String ROOT = "/";

    private final CamelContext context;
    private final Supplier<ApiTokens> tokens;

    private ObserveAccess(CamelContext context, Supplier<ApiTokens> tokens) {
        this.context = context;
        this.tokens = tokens;
    }

    /**
     * The guard when {@value #REQUIRE_TOKEN} asks for one, else null. Add it with
     * {@code addService(access, true, true)} during configuration: it goes onto the HTTP server's
     * router when that starts, before any request is served.
     */
    public static ObserveAccess ifRequired(CamelContext context, Supplier<ApiTokens> tokens) {
        String host = context.getPropertiesComponent().resolveProperty(HttpSurface.HOST).orElse("127.0.0.1").trim();
        String setting = context.getPropertiesComponent().resolveProperty(REQUIRE_TOKEN).map(String::trim)
                .filter(value -> !value.isEmpty()).orElse(String.valueOf(requiredByDefault(host)));
        if (!setting.equalsIgnoreCase("true") && !setting.equalsIgnoreCase("false")) {
            throw new InvalidSettingException(REQUIRE_TOKEN, "must be true or false, not '" + setting + "'");
        }
        return Boolean.parseBoolean(setting) ? new ObserveAccess(context, tokens) : null;
    }

    /** Unset, the setting follows the server's host: a token is needed once others can reach it. */
    static boolean requiredByDefault(String serverHost) {
        return !HttpSurface.isLoopback(serverHost);
    }

    @Override
    protected void doStart() {
        for (Router router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            // right after JsonFallbacks' "not started yet" guard, before Camel's health and metrics handlers
            router.route(PATHS).order(Integer.MIN_VALUE + 1).handler(this::check);
        }
    }

    private void check(RoutingContext routing) {
        try {
            String domain = ApiAccess.tokenDomain(routing.request(), tokens.get());
            if (!ROOT.equals(domain)) {
                JsonFallbacks.answer(routing, 403, "Health and metrics need a token of the root domain /");
                return;
            }
        } catch (ApiException e) {
            routing.response().putHeader(ApiException.WWW_AUTHENTICATE, ApiException.BEARER_CHALLENGE);
            JsonFallbacks.answer(routing, e.status(), e.getMessage());
            return;
        }
        routing.next();
    }
}
