package io.thinedge.eventhandlers.api;

import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Authenticates the bearer token and settles the domain a request acts on: {@code ?domain=}
 * (or python-coiote's {@code CDM-Context-Domain} header), else the token's own. A token acts on
 * its domain and every domain below it.
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
        String authorization = exchange.getIn().getHeader("Authorization", "", String.class).strip();
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiException(401, "An 'Authorization: Bearer <token>' header is required");
        }
        String tokenDomain = tokens.get().domainOf(authorization.substring(BEARER.length()).strip())
                .orElseThrow(() -> new ApiException(401, "The bearer token is not valid"));
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

    /** 403 unless the token's domain holds {@code domain}. */
    static void check(String domain, String tokenDomain) {
        if (!Domains.isWithin(domain, tokenDomain)) {
            throw new ApiException(403, "This token may not act on domain " + domain);
        }
    }
}
