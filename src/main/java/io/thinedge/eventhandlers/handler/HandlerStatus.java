package io.thinedge.eventhandlers.handler;

/** The read-only {@code status} field: what the handler does with events now. */
public enum HandlerStatus {
    /** Enabled: receives matching events. */
    ACTIVE("active"),
    /** Switched off by its operator ({@code enabled:false}). */
    DISABLED("disabled"),
    /** Switched off by its circuit breaker after consecutive failures; a successful test re-enables it. */
    FAILED("failed");

    private final String apiName;

    HandlerStatus(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
