package io.thinedge.eventhandlers.handler;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of event handler, named as in Coiote's API paths ({@code /kafka}, {@code /webhook}, ...). */
public enum HandlerType {
    KAFKA("kafka"),
    WEBHOOK("webhook"),
    SMARTREST("smartrest"),
    /** Any Kamelet sink of routes/kamelets/ or Camel's catalog, named in its connectionConfig. */
    KAMELET("kamelet");

    private final String apiName;

    HandlerType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Optional<HandlerType> fromApiName(String name) {
        return Arrays.stream(values()).filter(type -> type.apiName.equals(name)).findFirst();
    }
}
