package io.thinedge.eventhandlers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of every process on the measured path, per event: the bench's own JVM (publisher, Kafka
 * broker, receivers), the forwarder, Mosquitto, a baseline's mosquitto_sub and kcat. On this
 * machine every throughput row keeps both cores busy, so a rate is the inverse of the CPU an event
 * costs in all processes together; these figures say which process that CPU went to.
 */
final class CpuUse {

    /** CPU time so far per process kind, and the machine's busy and total time (from /proc/stat). */
    record Snapshot(Map<String, Duration> byProcess, long machineBusyTicks, long machineTotalTicks) {
    }

    private CpuUse() {
    }

    /** The bench's JVM and all its descendants, grouped by what they are. */
    static Snapshot now() {
        Map<String, Duration> byProcess = new LinkedHashMap<>();
        ProcessHandle self = ProcessHandle.current();
        add(byProcess, "bench JVM", self);
        self.descendants().forEach(process -> add(byProcess, kind(process), process));
        long[] machine = machineTicks();
        return new Snapshot(byProcess, machine[0], machine[1]);
    }

    /** "forwarder 31.2, bench JVM 40.1, mosquitto 5.3 µs/event; machine 98% busy", largest first. */
    static String perEvent(Snapshot before, Snapshot after, long events) {
        String processes = microsPerEvent(before, after, events).entrySet().stream()
                .map(entry -> String.format(Locale.ROOT, "%s %.1f", entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", "));
        long total = after.machineTotalTicks() - before.machineTotalTicks();
        String machine = total <= 0 ? "" : String.format(Locale.ROOT, "; machine %.0f%% busy",
                100.0 * (after.machineBusyTicks() - before.machineBusyTicks()) / total);
        return "CPU " + (processes.isEmpty() ? "none" : processes + " µs/event") + machine;
    }

    /** The CPU microseconds per event each process kind spent between the snapshots, largest first; idle ones left out. */
    static Map<String, Double> microsPerEvent(Snapshot before, Snapshot after, long events) {
        return after.byProcess().entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(),
                        entry.getValue().minus(before.byProcess().getOrDefault(entry.getKey(), Duration.ZERO))))
                .filter(entry -> !entry.getValue().isNegative() && !entry.getValue().isZero())
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().toNanos() / 1e3 / Math.max(1, events),
                        (a, b) -> a, LinkedHashMap::new));
    }

    private static void add(Map<String, Duration> byProcess, String kind, ProcessHandle process) {
        process.info().totalCpuDuration().ifPresent(cpu -> byProcess.merge(kind, cpu, Duration::plus));
    }

    static String kind(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return kind(info.command().orElse("?"), info.arguments().map(List::of).orElse(List.of()));
    }

    /**
     * A JVM running a jar is the forwarder (the only jar the bench starts; the stall probe's JVM
     * runs a class); every other process goes by its program's name.
     */
    static String kind(String command, List<String> arguments) {
        String program = Path.of(command).getFileName().toString();
        return program.equals("java") && arguments.contains("-jar") ? "forwarder" : program;
    }

    /** Busy and total jiffies of all cores since boot; zeros where /proc/stat cannot be read. */
    private static long[] machineTicks() {
        try {
            List<String> fields = List.of(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"));
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is counted in user already)
            for (String field : fields.subList(1, Math.min(9, fields.size()))) {
                total += Long.parseLong(field);
            }
            long idle = Long.parseLong(fields.get(4)) + Long.parseLong(fields.get(5)); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
