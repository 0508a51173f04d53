package io.thinedge.eventhandlers.sink;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaHeaderFilterStrategy;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * Headers a caller may not set on a handler's messages, because Camel or the client reads them as
 * instructions rather than sending them: a webhook's {@code additionalHeaders} could otherwise
 * redirect the request ({@code CamelHttpUri}, {@code CamelHttpMethod}), a Kafka handler's
 * {@code headers} its topic ({@code kafka.OVERRIDE_TOPIC}).
 *
 * <p>Refused: every name starting with {@code Camel} or {@code org.apache.camel} in any case (Camel
 * reads message headers case-insensitively, while its own filters compare exact prefixes), every
 * name the component's own {@link HeaderFilterStrategy} keeps off the wire (camel-http's:
 * {@code Content-Length}, {@code Content-Type}, {@code Host}, {@code Connection},
 * {@code Transfer-Encoding}, {@code Cache-Control}, {@code Date}, {@code Pragma}, {@code Trailer},
 * {@code Upgrade}, {@code Via}, {@code Warning}; camel-kafka's: {@code kafka.*}), and the two
 * {@link Exchange} headers without the prefix: {@code breadcrumbId} and {@code Content-Encoding}
 * (camel-http compresses the body when it says gzip).
 */
public final class ControlHeaders {

    private static final HeaderFilterStrategy HTTP = new HttpHeaderFilterStrategy();
    private static final HeaderFilterStrategy KAFKA = new KafkaHeaderFilterStrategy();
    private static final Set<String> UNPREFIXED = Set.of(Exchange.BREADCRUMB_ID.toLowerCase(Locale.ROOT),
            Exchange.CONTENT_ENCODING.toLowerCase(Locale.ROOT));
    /** An HTTP field name (RFC 9110 token): no spaces, colons or line breaks. */
    private static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private ControlHeaders() {
    }

    /** A webhook's headers: also valid HTTP field names, and values without line breaks. */
    public static void checkHttp(Map<String, String> headers, String field) {
        headers.forEach((name, value) -> {
            if (!HTTP_TOKEN.matcher(name).matches()) {
                throw new InvalidHandlerException(field + "." + printable(name), "is not a valid HTTP header name");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new InvalidHandlerException(field + "." + name, "must not contain line breaks");
            }
            check(name, field, HTTP);
        });
    }

    /** A Kafka handler's record headers. */
    public static void checkKafka(Map<String, String> headers, String field) {
        headers.keySet().forEach(name -> check(name, field, KAFKA));
    }

    private static void check(String name, String field, HeaderFilterStrategy component) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("camel") || lower.startsWith("org.apache.camel") || UNPREFIXED.contains(lower)
                || component.applyFilterToCamelHeaders(name, "", null) || component.applyFilterToCamelHeaders(lower, "", null)) {
            throw new InvalidHandlerException(field + "." + printable(name), "is a header Camel or the client acts on "
                    + "(Camel*, Host, Content-Length, Content-Type, Transfer-Encoding, Connection, kafka.*, ...); "
                    + "it cannot be set by a handler");
        }
    }

    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }
}
