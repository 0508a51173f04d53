package io.thinedge.eventhandlers.api;

/** A request the API answers with an HTTP error status and {@code {"error":message}}. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ApiException notFound(String id) {
        return new ApiException(404, "No event handler " + id + " in this domain");
    }
}
