package io.thinedge.eventhandlers.api;

import io.thinedge.eventhandlers.config.Settings;
import io.thinedge.eventhandlers.sink.smartrest.TenantTopicPrefixes;

/**
 * What a token of a domain other than {@code /} may do beyond Coiote's 10 handlers per domain: at
 * most {@code api.max-handlers-per-token-domain} handlers in its domain and all below it together,
 * and SmartREST handlers only on topics that are not the gateway's own ({@link TenantTopicPrefixes}).
 *
 * @param maxHandlersPerTokenDomain the total a non-root token may create
 * @param topicPrefixes             the SmartREST topic prefixes a handler outside {@code /} may use
 */
public record TenantLimits(int maxHandlersPerTokenDomain, TenantTopicPrefixes topicPrefixes) {

    public static TenantLimits from(Settings settings) {
        return new TenantLimits(settings.apiMaxHandlersPerTokenDomain(),
                new TenantTopicPrefixes(settings.c8yTopicPrefix(), settings.smartrestTenantTopicPrefixes()));
    }

    /** The total a token of {@code tokenDomain} may create below it; the root domain's tokens are not limited so. */
    int maxInTokenDomain(String tokenDomain) {
        return tokenDomain.equals(Domains.ROOT) ? Integer.MAX_VALUE : maxHandlersPerTokenDomain;
    }
}
