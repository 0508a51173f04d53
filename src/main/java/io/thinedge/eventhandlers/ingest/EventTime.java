package io.thinedge.eventhandlers.ingest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Event times as thin-edge forwards them: RFC 3339 with an offset, re-serialised so that
 * {@code +00:00} becomes {@code Z} and trailing zeros of the fraction are dropped, while other
 * offsets and nanoseconds are kept.
 */
public final class EventTime {

    // ISO_OFFSET_DATE_TIME prints seconds always, the fraction without trailing zeros and Z for UTC
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private EventTime() {
    }

    /** Parses and normalises; throws {@link IllegalArgumentException} with a reason when it is not RFC 3339. */
    public static OffsetDateTime parse(String text) {
        // RFC 3339 allows a lower-case t and z, and a space between date and time
        String candidate = text.toUpperCase(Locale.ROOT);
        if (candidate.length() > 10 && candidate.charAt(10) == ' ') {
            candidate = candidate.substring(0, 10) + 'T' + candidate.substring(11);
        }
        try {
            return OffsetDateTime.parse(candidate, FORMAT);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid time '" + text + "': expected RFC 3339 with an offset, "
                    + "e.g. 2021-04-23T19:00:00+05:00");
        }
    }

    public static String format(OffsetDateTime time) {
        return FORMAT.format(time);
    }

    /** Now, in UTC, to the millisecond. */
    public static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }
}
