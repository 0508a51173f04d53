package io.thinedge.eventhandlers.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Answers a console request with one of a fixed set of files from the jar's {@code console/}
 * folder (nothing else can be asked for), read once at start. {@code /console} is redirected to
 * {@code /console/} so the page's relative links resolve.
 */
final class ConsoleAssets implements Processor {

    /** File name to content type: the whole console. */
    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    /** The page may load only its own files and call only its own origin (the API); no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final String path;
    private final Map<String, byte[]> contents;

    ConsoleAssets(String path) {
        this.path = path;
        this.contents = FILES.keySet().stream().collect(Collectors.toMap(name -> name, ConsoleAssets::load));
    }

    @Override
    public void process(Exchange exchange) {
        String requested = exchange.getIn().getHeader(Exchange.HTTP_PATH, "", String.class);
        Message answer = exchange.getMessage();
        answer.getHeaders().clear(); // the request's headers (a token among them) are not echoed
        if (requested.equals(path)) {
            answer.setHeader(Exchange.HTTP_RESPONSE_CODE, 301);
            answer.setHeader("Location", path + "/");
            answer.setBody(null);
            return;
        }
        String name = requested.equals(path + "/") ? "index.html"
                : requested.startsWith(path + "/") ? requested.substring(path.length() + 1) : requested;
        byte[] content = contents.get(name);
        if (content == null) {
            answer.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            answer.setHeader(Exchange.CONTENT_TYPE, "application/json");
            answer.setBody("{\"error\":\"No console file " + name.replaceAll("[^A-Za-z0-9._-]", "?") + "\"}");
            return;
        }
        answer.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        answer.setHeader(Exchange.CONTENT_TYPE, FILES.get(name));
        answer.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        answer.setHeader("X-Content-Type-Options", "nosniff");
        answer.setHeader("Referrer-Policy", "no-referrer");
        answer.setBody(content);
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The jar has no console/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
