package io.thinedge.eventhandlers.api;

import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import io.vertx.core.http.HttpServerRequest;

/**
 * Authenticates the bearer token and settles the domain a request acts on: {@code ?domain=}
 * (or python-coiote's {@code CDM-Context-Domain} header), else the token's own. A token acts on
 * its domain and every domain below it.
 *
 * <p>The token is read from the request's real {@code Authorization} header only. Camel turns
 * query parameters (and form fields) into headers of the same name, so {@code ?Authorization=Bearer…}
 * would pass as one; a token in a URL ends up in proxy logs and browser histories, and such a
 * request is refused with 401 even when its header holds a valid token.
 */
final class ApiAccess implements Processor {

    /** Exchange property: the domain the request acts on, normalised. */
    static final String DOMAIN = "api.domain";
    /** Exchange property: true when the client named the domain itself. */
    static final String DOMAIN_GIVEN = "api.domainGiven";
    /** Exchange property: the domain of the token. */
    static final String TOKEN_DOMAIN = "api.tokenDomain";

    private static final String BEARER = "bearer ";

    private final Supplier<ApiTokens> tokens;

    ApiAccess(Supplier<ApiTokens> tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) {
        String tokenDomain = tokenDomain(exchange.getIn(HttpMessage.class), tokens.get());
        String requested = exchange.getIn().getHeader("domain", String.class);
        if (requested == null) {
            requested = exchange.getIn().getHeader("CDM-Context-Domain", String.class);
        }
        String domain = requested == null ? tokenDomain : Domains.normalise(requested, "domain");
        check(domain, tokenDomain);
        exchange.setProperty(DOMAIN, domain);
        exchange.setProperty(DOMAIN_GIVEN, requested != null);
        exchange.setProperty(TOKEN_DOMAIN, tokenDomain);
    }

    /**
     * The domain of the request's bearer token, read from its {@code Authorization} header alone.
     *
     * @throws ApiException 401 when there is no valid token there, or the URL names one too
     */
    static String tokenDomain(HttpMessage request, ApiTokens tokens) {
        if (request == null) {
            throw new ApiException(401, "An 'Authorization: Bearer <token>' header is required");
        }
        return tokenDomain(request.getRequest(), tokens);
    }

    /** As above, for a request that reaches the server's router directly (health and metrics). */
    static String tokenDomain(HttpServerRequest request, ApiTokens tokens) {
        for (String name : request.params().names()) {
            if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("access_token")) {
                throw new ApiException(401, "A token goes in the 'Authorization: Bearer <token>' header, never in the URL");
            }
        }
        String authorization = request.getHeader("Authorization");
        authorization = authorization == null ? "" : authorization.strip();
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiException(401, "An 'Authorization: Bearer <token>' header is required");
        }
        return tokens.domainOf(authorization.substring(BEARER.length()).strip())
                .orElseThrow(() -> new ApiException(401, "The bearer token is not valid"));
    }

    /** 403 unless the token's domain holds {@code domain}. */
    static void check(String domain, String tokenDomain) {
        if (!Domains.isWithin(domain, tokenDomain)) {
            throw new ApiException(403, "This token may not act on domain " + domain);
        }
    }
}
