package io.thinedge.eventhandlers.store;

/** The domain already holds as many handlers as allowed. */
public class HandlerLimitExceededException extends RuntimeException {
    public HandlerLimitExceededException(String domain, int limit) {
        super("Domain " + domain + " already has the maximum of " + limit + " event handlers");
    }
}
