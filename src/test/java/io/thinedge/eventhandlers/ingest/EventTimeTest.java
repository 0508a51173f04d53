package io.thinedge.eventhandlers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written path of {@link EventTime} against java.time's ISO_OFFSET_DATE_TIME, which defines it. */
class EventTimeTest {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    @Test
    void should_format_exactly_like_the_iso_formatter() {
        Random random = new Random(20261203);
        for (int i = 0; i < 20_000; i++) {
            OffsetDateTime time = randomTime(random);
            assertThat(EventTime.format(time)).as("format of %s", time).isEqualTo(ISO.format(time));
        }
    }

    @Test
    void should_read_the_usual_shapes_by_hand_and_exactly_like_the_iso_parser() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String text = usualSpelling(random, randomTime(random));
            OffsetDateTime byHand = EventTime.parseUsualShape(text);
            assertThat(byHand).as("the hand-written path reads %s", text).isNotNull();
            assertThat(byHand).as("read of %s", text).isEqualTo(viaIso(text));
            assertThat(EventTime.parse(text)).isEqualTo(byHand);
        }
    }

    @ParameterizedTest(name = "{0} is read like java.time reads it")
    @ValueSource(strings = {
        "2021-04-23T19:00Z", // no seconds
        "2021-04-23T19:00:00+05:00:30", // an offset with seconds
        "+10000-01-01T00:00:00Z", // a five-digit year
        "2021-04-23T19:00:00+05", // the lenient offset java.time accepts
        "2021-04-23T19:00:00.Z", // a decimal point without digits, which it accepts too
    })
    void should_leave_the_other_valid_shapes_to_the_iso_parser(String text) {
        assertThat(EventTime.parseUsualShape(text)).isNull();
        assertThat(EventTime.parse(text)).isEqualTo(viaIso(text));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @ValueSource(strings = {
        "2021-02-29T00:00:00Z", "2021-04-31T00:00:00Z", "2021-13-01T00:00:00Z", "2021-00-10T00:00:00Z",
        "2021-04-23T24:00:00Z", "2021-04-23T19:60:00Z", "2021-04-23T19:00:60Z",
        "2021-04-23T19:00:00+18:01", "2021-04-23T19:00:00+05:60", "2021-04-23T19:00:00-19:00",
        "2021-04-23T19:00:00+0530", "2021-04-23T19:00:00.1234567890Z", "2021-04-23T19:00:00.",
        "2021-04-23T19:00:00", "2021-04-23T19:00:00ZZ", "2021-04-23T19:00:00+05:00x", "2021-04-23X19:00:00Z",
        "2021-4-23T19:00:00Z", "2021-04-23T19:0a:00Z", "2021-04-23T19:00:00 Z", "yesterday", "",
    })
    void should_reject_what_the_iso_parser_rejects_with_the_same_message(String text) {
        assertThat(EventTime.parseUsualShape(text)).isNull();
        assertThatThrownBy(() -> EventTime.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid time '" + text + "': expected RFC 3339 with an offset, e.g. 2021-04-23T19:00:00+05:00");
    }

    private static OffsetDateTime randomTime(Random random) {
        int year = random.nextInt(20) == 0 ? 10_000 + random.nextInt(5_000) : random.nextInt(10_000);
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000; // milliseconds
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        int offsetMinutes = random.nextInt(5) == 0 ? 0 : random.nextInt(18 * 60 * 2 + 1) - 18 * 60;
        int offsetSeconds = offsetMinutes * 60 + (random.nextInt(50) == 0 && Math.abs(offsetMinutes) < 17 * 60 ? 17 : 0);
        return OffsetDateTime.of(year, 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24),
                random.nextInt(60), random.nextInt(60), nanos, ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    /** The time as a device may write it: any fraction length, +00:00 or Z, lower case, a space for T. */
    private static String usualSpelling(Random random, OffsetDateTime time) {
        OffsetDateTime usual = OffsetDateTime.of(time.toLocalDateTime().withYear(time.getYear() % 10_000),
                ZoneOffset.ofTotalSeconds(time.getOffset().getTotalSeconds() / 60 * 60));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02d%s%02d:%02d:%02d",
                usual.getYear(), usual.getMonthValue(), usual.getDayOfMonth(), "Tt ".charAt(random.nextInt(3)),
                usual.getHour(), usual.getMinute(), usual.getSecond()));
        String nanos = String.format(Locale.ROOT, "%09d", usual.getNano());
        int keep = nanos.replaceAll("0+$", "").length();
        if (keep > 0 || random.nextBoolean()) {
            text.append('.').append(nanos, 0, Math.max(1, keep + random.nextInt(10 - Math.max(1, keep))));
        }
        int offset = usual.getOffset().getTotalSeconds();
        if (offset == 0 && random.nextBoolean()) {
            text.append(random.nextBoolean() ? "Z" : "z");
        } else {
            text.append(String.format(Locale.ROOT, "%s%02d:%02d", offset < 0 || (offset == 0 && random.nextBoolean())
                    ? "-" : "+", Math.abs(offset) / 3600, Math.abs(offset) / 60 % 60));
        }
        return text.toString();
    }

    private static OffsetDateTime viaIso(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.length() > 10 && upper.charAt(10) == ' ') {
            upper = upper.substring(0, 10) + 'T' + upper.substring(11);
        }
        return OffsetDateTime.parse(upper, ISO);
    }
}
