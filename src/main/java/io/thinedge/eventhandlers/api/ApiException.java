package io.thinedge.eventhandlers.api;

/** A request the API answers with an HTTP error status and {@code {"error":message}}. */
public class ApiException extends RuntimeException {

    /** Every 401 names the scheme the client must use (RFC 6750). */
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String BEARER_CHALLENGE = "Bearer";

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
