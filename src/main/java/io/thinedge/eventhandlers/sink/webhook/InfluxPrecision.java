package io.thinedge.eventhandlers.sink.webhook;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * The unit of the timestamps in an influxDb handler's line protocol: the one its URI's
 * {@code precision} query parameter names, as InfluxDB reads it (1.x {@code /write} and 2.x
 * {@code /api/v2/write} alike); nanoseconds when it names none, InfluxDB's own default. Writing
 * milliseconds to a URI without {@code precision} put every point in January 1970.
 */
public enum InfluxPrecision {
    NANOSECONDS(1, "ns", "n", "ns"),
    MICROSECONDS(1_000, "us", "u"),
    MILLISECONDS(1_000_000, "ms", "ms"),
    SECONDS(1_000_000_000, "s", "s"),
    // InfluxDB 1.x also takes minutes and hours
    MINUTES(60_000_000_000L, null, "m"),
    HOURS(3_600_000_000_000L, null, "h");

    private final long nanos;
    /** Its name in the 2.x API ({@code /api/v2/write}); null where that API has none. */
    private final String v2Name;
    /** Its names in the 1.x API ({@code /write}), which reads a name it does not know as nanoseconds. */
    private final List<String> v1Names;

    InfluxPrecision(long nanos, String v2Name, String... v1Names) {
        this.nanos = nanos;
        this.v2Name = v2Name;
        this.v1Names = List.of(v1Names);
    }

    /**
     * The precision {@code uri} asks for. A name the URI's API does not know is a 400 naming
     * {@code field}: InfluxDB 1.6 stores {@code /write?precision=us} as nanoseconds, 1.8 refuses it.
     */
    public static InfluxPrecision of(URI uri, String field) {
        boolean v2 = uri.getPath() != null && uri.getPath().endsWith("/api/v2/write");
        return queryParameter(uri, "precision").map(value -> Arrays.stream(values())
                .filter(precision -> v2 ? value.equals(precision.v2Name) : precision.v1Names.contains(value))
                .findFirst()
                .orElseThrow(() -> new InvalidHandlerException(field, v2
                        ? "has a precision InfluxDB's /api/v2/write does not know; use ns, us, ms or s"
                        : "has a precision InfluxDB's /write does not know; use n, u, ms, s, m or h")))
                .orElse(NANOSECONDS);
    }

    /** {@code epochNanos} in this unit, rounded down as InfluxDB truncates. */
    public long of(long epochNanos) {
        return Math.floorDiv(epochNanos, nanos);
    }

    private static Optional<String> queryParameter(URI uri, String name) {
        if (uri.getRawQuery() == null) {
            return Optional.empty();
        }
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .filter(pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8).equals(name))
                .map(pair -> pair.length == 2 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "")
                .reduce((first, last) -> last);
    }
}
