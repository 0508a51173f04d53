package io.thinedge.eventhandlers.smartrest;

/** Sends one converted message; returns only once it is delivered, throws when it is not. */
@FunctionalInterface
public interface C8yTransport {

    void send(C8yMessage message) throws Exception;
}
