package io.thinedge.eventhandlers.handler;

import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The one place a delivery failure becomes text: for the log, a handler's {@code lastError}, a
 * dead letter's {@code error} and a test's answer. A receiver's URI may hold its secret (a
 * webhook's path or {@code ?code=}, a user and password), and Camel's HTTP failure names it
 * whole, so every URI in the text is cut to {@code scheme://host:port/…}; the status code and
 * reason of an HTTP answer stay, they are what an operator needs.
 */
public final class SafeErrorText {

    /** scheme://[userinfo@]host[:port] then anything up to a space or a quote: the path and query. */
    private static final Pattern URI = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*)://([^/?#\\s\"'<>]*)([^\\s\"'<>]*)");
    private static final String CUT = "/…";

    private SafeErrorText() {
    }

    /** {@code ExceptionClass: message}, the URIs cut; camel-kafka's ExecutionException is unwrapped to the producer's cause. */
    public static String of(Throwable failure) {
        Throwable e = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        String name = e.getClass().getSimpleName();
        if (e instanceof HttpOperationFailedException http) {
            String reason = http.getStatusText() == null || http.getStatusText().isBlank() ? "" : " " + http.getStatusText();
            return name + ": HTTP " + http.getStatusCode() + reason + " from " + redact(http.getUri());
        }
        String message = e.getMessage();
        return name + (message == null || message.isBlank() ? "" : ": " + redact(message));
    }

    /** {@code text} with every URI cut to {@code scheme://host:port/…} (user and password dropped too). */
    public static String redact(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        Matcher matcher = URI.matcher(text);
        StringBuilder safe = new StringBuilder();
        while (matcher.find()) {
            String authority = matcher.group(2);
            String host = authority.substring(authority.lastIndexOf('@') + 1);
            String rest = matcher.group(3);
            String replacement = matcher.group(1) + "://" + host + (rest.isEmpty() || rest.equals("/") ? rest : CUT);
            matcher.appendReplacement(safe, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(safe);
        return safe.toString();
    }
}
