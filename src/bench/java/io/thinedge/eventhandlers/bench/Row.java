package io.thinedge.eventhandlers.bench;

import java.util.Map;

/**
 * One measured row of the benchmark.
 *
 * @param eventsPerSecond delivered events per second (0 when the row measures something else)
 * @param lost            events published but never delivered
 * @param note            latency or footprint figures, free text
 * @param cpuMicrosPerEvent CPU microseconds per event by process kind ({@link CpuUse#microsPerEvent}), empty when not measured
 */
record Row(String name, int events, double eventsPerSecond, long lost, long duplicates, String note,
        Map<String, Double> cpuMicrosPerEvent) {

    Row(String name, int events, double eventsPerSecond, long lost, long duplicates, String note) {
        this(name, events, eventsPerSecond, lost, duplicates, note, Map.of());
    }

    /** CPU microseconds per event of one process kind ("forwarder", "mosquitto_sub") during the row; NaN when not measured. */
    double cpuMicros(String process) {
        return cpuMicrosPerEvent.getOrDefault(process, Double.NaN);
    }

    String json() {
        return String.format(java.util.Locale.ROOT,
                "{\"name\":\"%s\",\"events\":%d,\"eventsPerSecond\":%.1f,\"lost\":%d,\"duplicates\":%d,\"note\":\"%s\"}",
                name, events, eventsPerSecond, lost, duplicates, note.replace("\"", "'"));
    }
}
