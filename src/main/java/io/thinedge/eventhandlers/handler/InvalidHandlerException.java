package io.thinedge.eventhandlers.handler;

/** A handler body that cannot be accepted; the message names the field, e.g. {@code connectionConfig.uri}. */
public class InvalidHandlerException extends IllegalArgumentException {

    private final String field;

    public InvalidHandlerException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
