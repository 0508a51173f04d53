package io.thinedge.eventhandlers.bench;

/**
 * One measured row of the benchmark.
 *
 * @param eventsPerSecond delivered events per second (0 when the row measures something else)
 * @param lost            events published but never delivered
 * @param note            latency or footprint figures, free text
 */
record Row(String name, int events, double eventsPerSecond, long lost, long duplicates, String note) {

    String json() {
        return String.format(java.util.Locale.ROOT,
                "{\"name\":\"%s\",\"events\":%d,\"eventsPerSecond\":%.1f,\"lost\":%d,\"duplicates\":%d,\"note\":\"%s\"}",
                name, events, eventsPerSecond, lost, duplicates, note.replace("\"", "'"));
    }
}
