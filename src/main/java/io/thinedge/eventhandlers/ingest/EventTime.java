package io.thinedge.eventhandlers.ingest;

import java.time.Clock;
import java.time.DateTimeException;
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
 *
 * <p>{@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} defines the result. The usual shape
 * ({@code 2021-04-23T19:00:00.123+05:00}) is read and written by hand, because java.time's parser
 * copies its field map at every optional section: it was a quarter of the MQTT callback thread
 * and a fifth of everything the forwarder allocated (JFR, 1-handler Kafka route). Anything else
 * (no seconds, an offset in seconds, a year past 9999, and every invalid time) goes through the
 * formatter itself, so both paths accept and produce exactly the same.
 */
public final class EventTime {

    // ISO_OFFSET_DATE_TIME prints seconds always, the fraction without trailing zeros and Z for UTC
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private EventTime() {
    }

    /** Parses and normalises; throws {@link IllegalArgumentException} with a reason when it is not RFC 3339. */
    public static OffsetDateTime parse(String text) {
        OffsetDateTime usual = parseUsualShape(text);
        return usual != null ? usual : parseWithFormatter(text);
    }

    public static String format(OffsetDateTime time) {
        int year = time.getYear();
        int offsetSeconds = time.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offsetSeconds % 60 != 0) {
            return FORMAT.format(time);
        }
        StringBuilder out = new StringBuilder(35);
        digits(out, year, 4).append('-');
        digits(out, time.getMonthValue(), 2).append('-');
        digits(out, time.getDayOfMonth(), 2).append('T');
        digits(out, time.getHour(), 2).append(':');
        digits(out, time.getMinute(), 2).append(':');
        digits(out, time.getSecond(), 2);
        int nanos = time.getNano();
        if (nanos != 0) {
            int width = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                width--;
            }
            digits(out.append('.'), nanos, width);
        }
        if (offsetSeconds == 0) {
            return out.append('Z').toString();
        }
        int minutes = Math.abs(offsetSeconds) / 60;
        out.append(offsetSeconds < 0 ? '-' : '+');
        digits(out, minutes / 60, 2).append(':');
        return digits(out, minutes % 60, 2).toString();
    }

    /** Now, in UTC, to the millisecond. */
    public static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * {@code yyyy-MM-dd(T|t| )HH:mm:ss[.1-9 digits](Z|z|±HH:mm)}, or null for anything else,
     * including out-of-range fields (the formatter then gives the verdict).
     */
    static OffsetDateTime parseUsualShape(String text) {
        int length = text.length();
        if (length < 20 || !at(text, 4, '-') || !at(text, 7, '-') || !at(text, 13, ':') || !at(text, 16, ':')) {
            return null;
        }
        char separator = text.charAt(10);
        if (separator != 'T' && separator != 't' && separator != ' ') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && position - start < 10 && digit(text.charAt(position)) >= 0) {
                nanos = nanos * 10 + digit(text.charAt(position++));
            }
            int width = position - start;
            if (width == 0 || width > 9) {
                return null;
            }
            for (int i = width; i < 9; i++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = offset(text, position);
        if (offset == null) {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    private static ZoneOffset offset(String text, int position) {
        int remaining = text.length() - position;
        if (remaining < 1) {
            return null;
        }
        char sign = text.charAt(position);
        if (remaining == 1 && (sign == 'Z' || sign == 'z')) {
            return ZoneOffset.UTC;
        }
        if (remaining != 6 || (sign != '+' && sign != '-') || !at(text, position + 3, ':')) {
            return null;
        }
        int hours = number(text, position + 1, 2);
        int minutes = number(text, position + 4, 2);
        if ((hours | minutes) < 0) {
            return null;
        }
        try {
            return sign == '-' ? ZoneOffset.ofHoursMinutes(-hours, -minutes) : ZoneOffset.ofHoursMinutes(hours, minutes);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    private static OffsetDateTime parseWithFormatter(String text) {
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

    private static boolean at(String text, int index, char expected) {
        return index < text.length() && text.charAt(index) == expected;
    }

    /** The decimal number of {@code width} ASCII digits at {@code start}, or -1. */
    private static int number(String text, int start, int width) {
        int value = 0;
        for (int i = start; i < start + width; i++) {
            int digit = digit(text.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int digit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    /** {@code value} (below 10^width) in exactly {@code width} digits. */
    private static StringBuilder digits(StringBuilder out, int value, int width) {
        int divisor = 1;
        for (int i = 1; i < width; i++) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.append((char) ('0' + value / divisor % 10));
        }
        return out;
    }
}
