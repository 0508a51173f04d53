package io.thinedge.eventhandlers.sink;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * The placeholder every secret of a connectionConfig leaves the API as (SPEC §5); a PUT that sends
 * it back keeps the stored value.
 */
public final class Secrets {

    public static final String PLACEHOLDER = "******";

    private Secrets() {
    }

    public static InvalidHandlerException placeholderWithoutValue(String field) {
        return new InvalidHandlerException(field, "is the placeholder " + PLACEHOLDER
                + " but there is no stored secret to keep; send the secret itself");
    }
}
