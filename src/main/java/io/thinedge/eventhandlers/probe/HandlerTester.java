package io.thinedge.eventhandlers.probe;

import io.thinedge.eventhandlers.handler.EventHandler;

/**
 * Sends a sample event built from a handler's filter through its real sink, now (SPEC §5
 * {@code /test/...}). A success re-enables a failed handler that is stored.
 */
public interface HandlerTester {

    /** The answer of the test endpoints: 200 with this body whether or not delivery worked. */
    record TestResult(boolean successful, String message) {
    }

    /** Tests a stored handler; a success re-enables it when it had failed. */
    TestResult testExisting(EventHandler handler);

    /** Tests a configuration that is not stored (validated already). */
    TestResult testUnsaved(EventHandler handler);
}
