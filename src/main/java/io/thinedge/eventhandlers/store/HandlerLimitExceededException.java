package io.thinedge.eventhandlers.store;

/** The domain, or the creating token's domain with its sub-domains, already holds as many handlers as allowed. */
public class HandlerLimitExceededException extends RuntimeException {

    public HandlerLimitExceededException(String domain, int limit) {
        super("Domain " + domain + " already has the maximum of " + limit + " event handlers");
    }

    private HandlerLimitExceededException(String message) {
        super(message);
    }

    /** {@code scope} and its sub-domains hold {@code limit} together ({@code api.max-handlers-per-token-domain}). */
    static HandlerLimitExceededException inScope(String scope, int limit) {
        return new HandlerLimitExceededException("Domain " + scope + " and its sub-domains already have the maximum of "
                + limit + " event handlers together that a token of " + scope + " may create");
    }
}
