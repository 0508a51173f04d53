package io.thinedge.eventhandlers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class StallProbeTest {

    @Test
    void summaryCountsLateWakeUpsAndReportsTheTail() {
        // 200 wake-ups: 196 on time (0.1 ms late), then 1, 12, 20 and 45 ms late
        long[] late = LongStream.concat(LongStream.generate(() -> 100_000).limit(196),
                LongStream.of(1_000_000, 12_000_000, 20_000_000, 45_000_000)).toArray();

        assertThat(StallProbe.summary(late))
                .isEqualTo("1 ms sleeper woke >= 10 ms late 3 times in 200 (p99 12.00 ms, max 45.0 ms)");
    }

    @Test
    void summaryOfNoSamplesSaysSo() {
        assertThat(StallProbe.summary(new long[0])).isEqualTo("no samples");
    }
}
