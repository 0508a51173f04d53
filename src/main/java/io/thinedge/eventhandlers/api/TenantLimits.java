package io.thinedge.eventhandlers.api;

import io.thinedge.eventhandlers.config.Settings;

/**
 * What a token of a domain other than {@code /} may do beyond Coiote's 10 handlers per domain: at
 * most {@code api.max-handlers-per-token-domain} handlers in its domain and all below it together.
 * (Its SmartREST handlers publish only on topics that are not the gateway's own: the
 * {@link io.thinedge.eventhandlers.sink.smartrest.TenantTopicPrefixes} of the handler sinks, which
 * the API and every sink setup check.)
 *
 * @param maxHandlersPerTokenDomain the total a non-root token may create
 */
public record TenantLimits(int maxHandlersPerTokenDomain) {

    public static TenantLimits from(Settings settings) {
        return new TenantLimits(settings.apiMaxHandlersPerTokenDomain());
    }

    /** The total a token of {@code tokenDomain} may create below it; the root domain's tokens are not limited so. */
    int maxInTokenDomain(String tokenDomain) {
        return tokenDomain.equals(Domains.ROOT) ? Integer.MAX_VALUE : maxHandlersPerTokenDomain;
    }
}
