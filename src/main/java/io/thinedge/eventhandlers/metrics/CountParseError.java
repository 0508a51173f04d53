package io.thinedge.eventhandlers.metrics;

/** The {@code countParseError} step of {@code routes/report-bad-input.camel.yaml}: {@code tedge.parse.errors}. */
public final class CountParseError extends EventCounter {

    public CountParseError() {
        super("tedge.parse.errors", "Messages that could not be read as events");
    }
}
