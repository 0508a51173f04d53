package io.thinedge.eventhandlers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CpuUseTest {

    @Test
    void perEventSplitsTheRowsCpuByProcessLargestFirst() {
        CpuUse.Snapshot before = new CpuUse.Snapshot(
                Map.of("bench JVM", Duration.ofSeconds(10), "mosquitto", Duration.ofSeconds(1)), 1_000, 4_000);
        CpuUse.Snapshot after = new CpuUse.Snapshot(Map.of("bench JVM", Duration.ofSeconds(14), "mosquitto",
                Duration.ofMillis(1_500), "forwarder", Duration.ofSeconds(3)), 1_900, 5_000);

        // 100 000 events: 4 s, 3 s and 0.5 s of CPU; 900 of 1 000 jiffies busy
        assertThat(CpuUse.perEvent(before, after, 100_000))
                .isEqualTo("CPU bench JVM 40.0, forwarder 30.0, mosquitto 5.0 µs/event; machine 90% busy");
    }

    @Test
    void processesThatUsedNoCpuAreLeftOut() {
        CpuUse.Snapshot same = new CpuUse.Snapshot(Map.of("bench JVM", Duration.ofSeconds(1)), 0, 0);

        assertThat(CpuUse.perEvent(same, same, 10)).isEqualTo("CPU none");
    }

    @Test
    void aJvmRunningAJarIsTheForwarderAndAnyOtherJvmIsJava() {
        assertThat(CpuUse.kind("/usr/lib/jvm/java-17/bin/java", List.of("-Xmx96m", "-jar", "target/tedge-event-handlers.jar")))
                .isEqualTo("forwarder");
        assertThat(CpuUse.kind("/usr/lib/jvm/java-17/bin/java", List.of("-cp", "target/test-classes", "StallProbe")))
                .isEqualTo("java");
    }

    @Test
    void nowFindsThisJvmAndNamesAChildByItsProgram() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            CpuUse.Snapshot snapshot = CpuUse.now();

            assertThat(snapshot.byProcess().get("bench JVM")).isPositive();
            assertThat(CpuUse.kind(child.toHandle())).isEqualTo("sleep");
            assertThat(snapshot.machineTotalTicks()).isGreaterThan(snapshot.machineBusyTicks()).isPositive();
        } finally {
            child.destroy();
        }
    }
}
