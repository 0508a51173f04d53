package io.thinedge.eventhandlers.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.KafkaTestCluster;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.PostgresDatabase;
import io.thinedge.eventhandlers.support.RunningForwarder;

/**
 * {@code make bench}: the forwarder and its baselines on the same stream, in one run, on loopback.
 * Prints a table and {@code ratio_kafka_vs_raw_subscriber=<x>}; writes target/bench/results.json.
 */
public final class Bench {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final int events = Integer.getInteger("bench.events", 100_000);
    /**
     * A warm-up batch as large as the measured one: with 20% the JIT was still compiling (C2 took
     * 40% of a core) and the forwarder measured half its steady rate.
     */
    private final int warmUp = Integer.getInteger("bench.warmup", events);
    /**
     * Events the forwarder's 1-handler route gets before the first round, unmeasured: its CPU per
     * event kept falling for about 500 000 events (55 to 37 µs in six rounds of 100 000), and so
     * did the bench JVM's (publisher, Kafka broker, consumer), which every row shares. A gateway
     * runs for days, so the rounds are measured after that warm-up.
     */
    private final int forwarderWarmUp = Integer.getInteger("bench.forwarderWarmup", 4 * events);
    /** Events published at 1 000/s, unmeasured, before each latency row. */
    private final int latencyWarmUp = Integer.getInteger("bench.latencyWarmup", 30_000);
    /** Row groups to run (raw, peer, kafka1, drain, kafka10, webhook, smartrest, hundred, scale); all when empty. */
    private final List<String> only = List.of(System.getProperty("bench.only", "").split(",")).stream()
            .map(String::trim).filter(name -> !name.isEmpty()).toList();
    /** linger.ms of both Kafka producers, the shell peer's and the forwarder's handler. */
    static final int LINGER_MS = Integer.getInteger("bench.lingerMs", 0);
    /**
     * The baselines and the forwarder's 1-handler row alternate this many times, and the ratios are
     * the medians of each round's: the machine's speed drifts during a run (the shell peer alone
     * measured 6 600 to 11 800 ev/s in runs minutes apart), and a single row of each decided the ratio.
     */
    private final int rounds = Math.max(1, Integer.getInteger("bench.rounds", 3));
    /** Per round: the raw, peer and forwarder rows (null where the group did not run), for the medians. */
    private final List<Round> roundRows = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private long nextSeq;

    public static void main(String[] args) throws Exception {
        new Bench().run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
                KafkaTestCluster kafka = KafkaTestCluster.start();
                BenchPublisher baseline = new BenchPublisher(broker.uri(), BenchPublisher.BASELINE_TOPIC);
                BenchPublisher publisher = new BenchPublisher(broker.uri(), BenchPublisher.TOPIC)) {
            Map<String, String> properties = new java.util.HashMap<>(RunningForwarder.defaults(broker));
            SlicedStream.CHILD_DOMAINS.forEach(properties::put);
            long launched = System.nanoTime();
            // started first and left running: the baselines publish on a topic it does not read
            try (ForwarderProcess forwarder = ForwarderProcess.start(properties)) {
                double readySeconds = (System.nanoTime() - launched) / 1e9;
                BenchApi api = new BenchApi(forwarder.httpBase(), Path.of(properties.get("api.tokens-file")));
                rows.add(new Row("forwarder ready (java -jar to API answering)", 0, 0, 0, 0,
                        String.format(Locale.ROOT, "%.2f s", readySeconds)));
                alternatingRounds(broker, kafka, baseline, publisher, forwarder, api);
                if (runs("kafka10")) {
                    kafkaTenHandlers(kafka, publisher, api);
                }
                if (runs("webhook")) {
                    webhook(publisher, forwarder, api);
                    webhookTenDevices(broker, api);
                }
                if (runs("smartrest")) {
                    smartRest(broker, publisher, api);
                }
                if (runs("hundred")) {
                    hundredHandlers(broker, kafka, forwarder, api);
                }
            }
            // after the single forwarder is gone: it would take its share of the stream too
            if (runs("scale")) {
                scale(broker, kafka, publisher);
            }
        }
        report();
    }

    /** Raw subscriber, shell peer, forwarder with one Kafka handler: live, round after round; then latencies and drains. */
    private void alternatingRounds(MosquittoBroker broker, KafkaTestCluster kafka, BenchPublisher baseline,
            BenchPublisher publisher, ForwarderProcess forwarder, BenchApi api) throws Exception {
        boolean live = runs("kafka1");
        boolean drain = runs("drain");
        String k1 = live || drain ? api.kafka("bench-k1", kafka.bootstrapServers(), "bench-k1") : null;
        try (Receivers.KafkaReceiver receiver = k1 == null ? null
                : new Receivers.KafkaReceiver(kafka.bootstrapServers(), List.of("bench-k1"))) {
            if (k1 != null) {
                // the drain alone runs cold, as a gateway back from an outage does: a small batch shows it subscribed
                awaitDelivered(publisher, receiver.tally::arrivals, live ? forwarderWarmUp : Math.min(warmUp, 1000));
            }
            int roundCount = live || runs("raw") || runs("peer") ? rounds : 0;
            for (int round = 1; round <= roundCount; round++) {
                Row raw = runs("raw") ? rawLive(broker, baseline, round) : null;
                Row peer = runs("peer") ? shellPeer(broker, kafka, baseline, round) : null;
                Row one = live ? forwarderLive(publisher, receiver, round) : null;
                roundRows.add(new Round(raw, peer, one));
            }
            if (live) {
                // before the drain, which restarts the forwarder: a long-running gateway's latency
                latency("latency Kafka at 1000 events/s", publisher, receiver.tally, forwarder);
            }
            if (drain) {
                // the two drains back to back: the machine's speed drifts during a run
                rawDrain(broker, baseline);
                kafkaOneHandlerDrain(publisher, forwarder, receiver);
            }
        }
        if (k1 != null) {
            api.delete(k1);
        }
    }

    private Row rawLive(MosquittoBroker broker, BenchPublisher baseline, int round) throws Exception {
        Row row;
        try (RawSubscriber raw = RawSubscriber.counting(broker.port(), baseline.topic(), "bench-raw")) {
            awaitSubscribed(baseline, raw.tally::arrivals, round);
            row = measure(named("raw mosquitto_sub -q 1 (live)", round), baseline, raw.tally::arrivals,
                    raw.tally::lastArrivalNanos, raw.tally);
            if (round == 1) {
                // the broker's own tail, the floor under the forwarder's latency rows
                latency("latency raw mosquitto_sub at 1000 events/s", baseline, raw.tally, null);
            }
        }
        // at once: the session must not queue the shell peer's events
        RawSubscriber.forgetSession(broker.port(), "bench-raw");
        return row;
    }

    /**
     * The raw subscriber's persistent session (-c), subscribed and then left, keeps a backlog of
     * {@link #events} published meanwhile: time draining it, from the first event out to the last.
     */
    private void rawDrain(MosquittoBroker broker, BenchPublisher baseline) throws Exception {
        try (RawSubscriber raw = RawSubscriber.counting(broker.port(), baseline.topic(), "bench-raw-drain")) {
            awaitDelivered(baseline, raw.tally::arrivals, Math.min(warmUp, 1000));
        }
        long first = publishBatch(baseline, events);
        Receivers.Tally drained = new Receivers.Tally();
        drained.watch(first, events);
        CpuUse.Snapshot cpuBefore = CpuUse.now();
        try (RawSubscriber raw = RawSubscriber.counting(broker.port(), baseline.topic(), "bench-raw-drain", drained)) {
            Awaited awaited = awaitWithCpu(drained::newInWatched, events, cpuBefore);
            rows.add(row("raw mosquitto_sub -q 1 (drain)", awaited.arrivals(), drained.firstArrivalNanos(),
                    drained.lastArrivalNanos(), events - awaited.arrivals(), 0, awaited,
                    "from the first event out; leftovers of the subscribe check not counted"));
        }
        RawSubscriber.forgetSession(broker.port(), "bench-raw-drain");
    }

    private Row shellPeer(MosquittoBroker broker, KafkaTestCluster kafka, BenchPublisher baseline, int round)
            throws Exception {
        Row row;
        try (Receivers.KafkaReceiver receiver = new Receivers.KafkaReceiver(kafka.bootstrapServers(), List.of("peer"));
                RawSubscriber peer = RawSubscriber.pipedInto(broker.port(), baseline.topic(), "bench-peer",
                        "kcat -P -b " + kafka.bootstrapServers() + " -t peer -X linger.ms=" + LINGER_MS)) {
            awaitSubscribed(baseline, receiver.tally::arrivals, round);
            row = measure(named("shell peer mosquitto_sub | kcat -P", round), baseline, receiver.tally::arrivals,
                    receiver.tally::lastArrivalNanos, receiver.tally);
            if (round == 1) {
                latency("latency shell peer at 1000 events/s", baseline, receiver.tally, null);
            }
        }
        RawSubscriber.forgetSession(broker.port(), "bench-peer");
        return row;
    }

    private Row forwarderLive(BenchPublisher publisher, Receivers.KafkaReceiver receiver, int round)
            throws Exception {
        awaitSubscribed(publisher, receiver.tally::arrivals, round);
        return measure(named("forwarder -> Kafka, 1 handler (live)", round), publisher, receiver.tally::arrivals,
                receiver.tally::lastArrivalNanos, receiver.tally);
    }

    private void kafkaOneHandlerDrain(BenchPublisher publisher, ForwarderProcess forwarder,
            Receivers.KafkaReceiver receiver) throws Exception {
        forwarder.stop();
        receiver.tally.reset();
        long first = publishBatch(publisher, events);
        CpuUse.Snapshot cpuBefore = CpuUse.now();
        long start = System.nanoTime();
        forwarder.restart();
        Awaited awaited = awaitWithCpu(receiver.tally::arrivals, events, cpuBefore);
        long delivered = receiver.tally.distinctIn(first, events);
        rows.add(row("forwarder -> Kafka, 1 handler (drain)", delivered, start, receiver.tally.lastArrivalNanos(),
                events - delivered, receiver.tally.arrivals() - delivered, awaited, "includes the JVM start"));
        rows.add(row("forwarder -> Kafka, 1 handler (drain, running)", delivered, receiver.tally.firstArrivalNanos(),
                receiver.tally.lastArrivalNanos(), events - delivered, receiver.tally.arrivals() - delivered,
                "from the first event out: without the start, with a cold JIT"));
    }

    /** Round 1 keeps the row's plain name (results.json stays comparable with earlier runs). */
    private static String named(String row, int round) {
        return round == 1 ? row : row + " round " + round;
    }

    private boolean runs(String group) {
        return only.isEmpty() || only.contains(group);
    }

    private void kafkaTenHandlers(KafkaTestCluster kafka, BenchPublisher publisher, BenchApi api) throws Exception {
        List<String> topics = IntStream.range(0, 10).mapToObj(i -> "bench-k10-" + i).collect(Collectors.toList());
        List<String> ten = new ArrayList<>();
        for (String topic : topics) {
            ten.add(api.kafka(topic, kafka.bootstrapServers(), topic));
        }
        try (Receivers.KafkaReceiver receiver = new Receivers.KafkaReceiver(kafka.bootstrapServers(), topics)) {
            awaitSubscribed(publisher, () -> receiver.tally.arrivals() / 10);
            measure("forwarder -> Kafka, 10 handlers (live)", publisher, () -> receiver.tally.arrivals() / 10,
                    receiver.tally::lastArrivalNanos, null);
        }
        for (String id : ten) {
            api.delete(id);
        }
    }

    /**
     * 1, 2 and 3 instances in one shared subscription group on one PostgreSQL database, into one
     * Kafka handler: the total rate, the rate per instance and the CPU per event of all of them.
     * Each instance joins the running ones, and the warm-up batch spreads over all, warming it.
     */
    private void scale(MosquittoBroker broker, KafkaTestCluster kafka, BenchPublisher publisher) throws Exception {
        List<ForwarderProcess> instances = new ArrayList<>();
        try (PostgresDatabase database = PostgresDatabase.create();
                Receivers.KafkaReceiver receiver = new Receivers.KafkaReceiver(kafka.bootstrapServers(), List.of("bench-scale"))) {
            Path tokens = Files.createTempFile("bench-scale", ".tokens");
            Files.writeString(tokens, "/ bench-" + java.util.UUID.randomUUID() + "\n");
            for (int count = 1; count <= 3; count++) {
                Map<String, String> properties = new java.util.HashMap<>(RunningForwarder.defaults(broker));
                properties.putAll(database.storeProperties());
                properties.put("tedge.mqtt.shared-group", "bench-scale");
                properties.put("api.tokens-file", tokens.toString());
                instances.add(ForwarderProcess.start(properties));
                if (count == 1) {
                    new BenchApi(instances.get(0).httpBase(), tokens).kafka("bench-scale", kafka.bootstrapServers(), "bench-scale");
                }
                awaitSubscribed(publisher, receiver.tally::arrivals);
                double rate = measure("forwarder x" + count + " shared group -> Kafka (live)", publisher,
                        receiver.tally::arrivals, receiver.tally::lastArrivalNanos, receiver.tally).eventsPerSecond();
                rows.add(new Row("... per instance, " + count + " instance" + (count > 1 ? "s" : ""), events, rate / count,
                        0, 0, "the row above divided by " + count));
            }
        } finally {
            instances.forEach(ForwarderProcess::close);
        }
    }

    private void webhook(BenchPublisher publisher, ForwarderProcess forwarder, BenchApi api) throws Exception {
        try (Receivers.HttpReceiver receiver = new Receivers.HttpReceiver()) {
            String hook = api.webhook("bench-webhook", receiver.uri());
            awaitSubscribed(publisher, receiver.tally::arrivals);
            measure("forwarder -> webhook (live)", publisher, receiver.tally::arrivals,
                    receiver.tally::lastArrivalNanos, receiver.tally);
            latency("latency webhook at 1000 events/s", publisher, receiver.tally, forwarder);
            api.delete(hook);
        }
    }

    /**
     * The same webhook, on the hundred row's stream: 10 child devices, whose requests go out up to
     * maxInFlight (default 4) at once, each device's in order. The row above has one device, whose
     * events must go one after the other.
     */
    private void webhookTenDevices(MosquittoBroker broker, BenchApi api) throws Exception {
        try (BenchPublisher sliced = new BenchPublisher(broker.uri(), "tedge/events/+/+", SlicedStream::topic);
                Receivers.HttpReceiver receiver = new Receivers.HttpReceiver()) {
            String hook = api.webhook("bench-webhook-devices", receiver.uri(), SlicedStream.types());
            awaitSubscribed(sliced, receiver.tally::arrivals);
            measure(WEBHOOK_TEN_DEVICES, sliced, receiver.tally::arrivals, receiver.tally::lastArrivalNanos, receiver.tally);
            api.delete(hook);
        }
    }

    private static final String WEBHOOK_TEN_DEVICES = "forwarder -> webhook, 10 devices (live)";

    private void smartRest(MosquittoBroker broker, BenchPublisher publisher, BenchApi api) throws Exception {
        try (Receivers.MqttReceiver receiver = new Receivers.MqttReceiver(broker.uri(), "bench-c8y/#")) {
            String smartrest = api.smartrest("bench-smartrest", "bench-c8y");
            awaitSubscribed(publisher, receiver.tally::arrivals);
            measure("forwarder -> SmartREST over MQTT (live)", publisher, receiver.tally::arrivals,
                    receiver.tally::lastArrivalNanos, receiver.tally);
            api.delete(smartrest);
        }
    }

    /**
     * 100 Kafka handlers, 10 in each of 10 domains, each matching a hundredth of the stream (one
     * event type of one child device), against 1 handler matching the whole of the same stream:
     * each measured twice, the second round (warm) counts, with the forwarder's threads and RSS.
     */
    private void hundredHandlers(MosquittoBroker broker, KafkaTestCluster kafka, ForwarderProcess forwarder,
            BenchApi api) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (BenchPublisher sliced = new BenchPublisher(broker.uri(), "tedge/events/+/+", SlicedStream::topic);
                Receivers.KafkaReceiver receiver = new Receivers.KafkaReceiver(bootstrap, List.of("bench-hundred"))) {
            String one = api.kafka("bench-h1", bootstrap, "bench-hundred", null, SlicedStream.types());
            warmRound(HUNDRED_ONE, sliced, receiver, forwarder);
            api.delete(one);
            Map<String, String> domainsById = new LinkedHashMap<>();
            for (int domain = 0; domain < SlicedStream.DOMAINS; domain++) {
                for (int type = 0; type < SlicedStream.TYPES; type++) {
                    domainsById.put(api.kafka("bench-h" + domain + "-" + type, bootstrap, "bench-hundred",
                            SlicedStream.domain(domain), List.of(SlicedStream.type(type))), SlicedStream.domain(domain));
                }
            }
            warmRound(HUNDRED_SLICED, sliced, receiver, forwarder);
            for (Map.Entry<String, String> handler : domainsById.entrySet()) {
                api.delete(handler.getKey(), handler.getValue());
            }
        }
    }

    private static final String HUNDRED_ONE = "forwarder -> Kafka, sliced, 1 handler (live)";
    private static final String HUNDRED_SLICED = "forwarder -> Kafka, sliced, 100 handlers (live)";

    /**
     * A small batch (the handlers are subscribed), a cold round, then the warm round that counts
     * (named {@code name}) and the forwarder's peak threads and RSS during it.
     */
    private void warmRound(String name, BenchPublisher publisher, Receivers.KafkaReceiver receiver,
            ForwarderProcess forwarder) throws Exception {
        awaitDelivered(publisher, receiver.tally::arrivals, Math.min(warmUp, 1000));
        measure(name.replace("(live)", "(live, cold)"), publisher, receiver.tally::arrivals,
                receiver.tally::lastArrivalNanos, receiver.tally);
        try (ForwarderFootprint footprint = new ForwarderFootprint(forwarder)) {
            measure(name, publisher, receiver.tally::arrivals, receiver.tally::lastArrivalNanos, receiver.tally);
            rows.add(new Row("... the forwarder during the row above", 0, 0, 0, 0, String.format(Locale.ROOT,
                    "threads peak %d, RSS peak %d MB", footprint.peakThreads(), footprint.peakRssMegabytes())));
        }
    }

    /** Publishes a warm-up batch and waits until it has all arrived: the receiver is ready and warm. */
    private void awaitSubscribed(BenchPublisher publisher, LongSupplier arrivals) throws Exception {
        awaitSubscribed(publisher, arrivals, 1);
    }

    /** In later rounds the forwarder is warm already, and the C programs need none: a small batch shows they are subscribed. */
    private void awaitSubscribed(BenchPublisher publisher, LongSupplier arrivals, int round) throws Exception {
        awaitDelivered(publisher, arrivals, round == 1 ? warmUp : Math.min(warmUp, 1000));
    }

    /** Publishes a batch, unmeasured, and waits until it has all arrived. */
    private void awaitDelivered(BenchPublisher publisher, LongSupplier arrivals, int batch) throws Exception {
        long before = arrivals.getAsLong();
        publishBatch(publisher, batch);
        await(() -> arrivals.getAsLong() - before, batch);
    }

    /** Measures one live row; returns it. */
    private Row measure(String name, BenchPublisher publisher, LongSupplier arrivals, LongSupplier lastArrival,
            Receivers.Tally tally) throws Exception {
        if (tally != null) {
            tally.reset();
        }
        long before = arrivals.getAsLong();
        CpuUse.Snapshot cpuBefore = CpuUse.now();
        long start = System.nanoTime();
        long first = publishBatch(publisher, events);
        Awaited awaited = awaitWithCpu(() -> arrivals.getAsLong() - before, events, cpuBefore);
        long got = awaited.arrivals();
        long delivered = tally == null ? Math.min(got, events) : tally.distinctIn(first, events);
        long duplicates = tally == null ? 0 : tally.arrivals() - delivered;
        Row row = row(name, delivered, start, lastArrival.getAsLong(), events - delivered, duplicates, awaited, "");
        rows.add(row);
        return row;
    }

    /**
     * Publish-to-arrival latency at a fixed rate, the forwarder's peak RSS meanwhile (when there is
     * one), and each process's CPU per event.
     */
    private void latency(String name, BenchPublisher publisher, Receivers.Tally tally, ForwarderProcess forwarder)
            throws Exception {
        // the same rate unmeasured first: right after the throughput rows both JVMs were still
        // compiling (C2 a third of a core each) and the row measured that, not a steady gateway;
        // the probe's JVM starts before it, not inside the measured row
        try (StallProbe probe = StallProbe.start()) {
            tally.reset();
            publishBatch(publisher, latencyWarmUp, 1000);
            await(tally::arrivals, latencyWarmUp);
            tally.reset();
            probe.begin();
            latencyRow(name, publisher, tally, forwarder, probe);
        }
    }

    private void latencyRow(String name, BenchPublisher publisher, Receivers.Tally tally, ForwarderProcess forwarder,
            StallProbe probe) throws Exception {
        int count = Math.min(events, 10_000);
        ForwarderFootprint footprint = new ForwarderFootprint(forwarder);
        CpuUse.Snapshot cpuBefore = CpuUse.now();
        long first = publishBatch(publisher, count, 1000);
        await(tally::arrivals, count);
        // at a pace it keeps, each event wakes each thread on its way: the CPU a gateway pays per event
        String cpu = CpuUse.perEvent(cpuBefore, CpuUse.now(), count);
        String host = probe.stop();
        footprint.close();
        List<Long> latencies = new ArrayList<>(tally.latenciesNanos());
        writeSeries(name, latencies);
        Collections.sort(latencies);
        String note = latencies.isEmpty() ? "no arrivals" : String.format(Locale.ROOT,
                "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.get(latencies.size() - 1) / 1e6);
        if (forwarder != null) {
            note += "; forwarder RSS peak " + footprint.peakRssMegabytes() + " MB";
        }
        note += "; " + cpu + "; " + host;
        long delivered = tally.distinctIn(first, count);
        rows.add(new Row(name, count, 0, count - delivered, tally.arrivals() - delivered, note));
    }

    /** Each arrival's latency in arrival order (about one per millisecond), to see when the slow ones came. */
    private static void writeSeries(String rowName, List<Long> latencies) throws java.io.IOException {
        Path out = Path.of("target/bench", rowName.replaceAll("[^A-Za-z0-9]+", "-") + ".ms");
        Files.createDirectories(out.getParent());
        Files.write(out, latencies.stream().map(nanos -> String.format(Locale.ROOT, "%.3f", nanos / 1e6)).toList());
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private long publishBatch(BenchPublisher publisher, int count) throws Exception {
        return publishBatch(publisher, count, 0);
    }

    /** Publishes the next {@code count} events at {@code rate} per second (0: as fast as acknowledged); returns the first one's number. */
    private long publishBatch(BenchPublisher publisher, int count, int rate) throws Exception {
        long first = nextSeq;
        publisher.publish(first, count, rate);
        nextSeq += count;
        return first;
    }

    /** What arrived, and the CPU each process spent per event meanwhile: as figures and as a note. */
    private record Awaited(long arrivals, Map<String, Double> cpuMicrosPerEvent, String cpu) {
    }

    /**
     * Waits like {@link #await(LongSupplier, long)}, accounting CPU from {@code cpuBefore}: when
     * events are lost, the accounting ends at the last progress, not after the 30 s wait for them.
     */
    private Awaited awaitWithCpu(LongSupplier arrivals, long target, CpuUse.Snapshot cpuBefore)
            throws InterruptedException {
        AtomicReference<CpuUse.Snapshot> cpuAtProgress = new AtomicReference<>(cpuBefore);
        long got = await(arrivals, target, () -> cpuAtProgress.set(CpuUse.now()));
        CpuUse.Snapshot cpuAfter = got >= target ? CpuUse.now() : cpuAtProgress.get();
        return new Awaited(got, CpuUse.microsPerEvent(cpuBefore, cpuAfter, events),
                CpuUse.perEvent(cpuBefore, cpuAfter, events));
    }

    /** Waits until {@code target} arrivals or the patience runs out; returns what arrived. */
    private static long await(LongSupplier arrivals, long target) throws InterruptedException {
        return await(arrivals, target, () -> { });
    }

    /** The same, calling {@code onProgress} when arrivals have grown, at most every 200 ms. */
    private static long await(LongSupplier arrivals, long target, Runnable onProgress) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        long lastReport = 0;
        while (arrivals.getAsLong() < target && System.nanoTime() < deadline) {
            long now = arrivals.getAsLong();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
                if (lastChange - lastReport > Duration.ofMillis(200).toNanos()) {
                    onProgress.run();
                    lastReport = lastChange;
                }
            } else if (System.nanoTime() - lastChange > Duration.ofSeconds(30).toNanos()) {
                break; // nothing for 30 s: what is missing is lost
            }
            Thread.sleep(5);
        }
        return arrivals.getAsLong();
    }

    private Row row(String name, long delivered, long startNanos, long endNanos, long lost, long duplicates, String note) {
        return row(name, delivered, startNanos, endNanos, lost, duplicates, null, note);
    }

    /** A throughput row; its note ends with the CPU per event of {@code awaited}, when given. */
    private Row row(String name, long delivered, long startNanos, long endNanos, long lost, long duplicates,
            Awaited awaited, String note) {
        double seconds = Math.max(1e-9, (endNanos - startNanos) / 1e9);
        String fullNote = awaited == null ? note : note.isEmpty() ? awaited.cpu() : note + "; " + awaited.cpu();
        Row row = new Row(name, events, delivered / seconds, lost, duplicates, fullNote,
                awaited == null ? Map.of() : awaited.cpuMicrosPerEvent());
        System.out.println("bench: " + row);
        return row;
    }

    private void report() throws Exception {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%-54s %10s %12s %6s %6s  %s%n",
                "run", "events", "events/s", "lost", "dups", "note"));
        rows.forEach(row -> table.append(String.format(Locale.ROOT, "%-54s %10d %12.0f %6d %6d  %s%n", row.name(),
                row.events(), row.eventsPerSecond(), row.lost(), row.duplicates(), row.note())));
        table.append(System.lineSeparator());
        if (!roundRows.isEmpty()) {
            table.append(String.format(Locale.ROOT, "%d rounds; per round, forwarder against raw / against the shell peer:%s%n",
                    roundRows.size(), roundRows.stream().map(round -> String.format(Locale.ROOT, " %.2f / %.2f",
                            ratio(round.one(), round.raw()), ratio(round.one(), round.peer()))).collect(Collectors.joining(","))));
        }
        Map<String, Double> ratios = ratios();
        ratios.forEach((name, value) -> table.append(String.format(Locale.ROOT, "%s=%.2f%n", name, value)));
        System.out.print(table);
        Path out = Path.of("target/bench/results.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "{\"events\":" + events + ",\"rows\":["
                + rows.stream().map(Row::json).collect(Collectors.joining(",")) + "],"
                + ratios.entrySet().stream().map(ratio -> "\"" + ratio.getKey() + "\":" + (Double.isFinite(ratio.getValue())
                        ? String.format(Locale.ROOT, "%.3f", ratio.getValue()) : "null")).collect(Collectors.joining(",")) + "}");
    }

    /**
     * The issue's figures, in the order printed; NaN where a group did not run ({@code null} in
     * results.json). {@code ratio_kafka_vs_raw_subscriber} stays the last line.
     */
    private Map<String, Double> ratios() {
        double kafkaOne = median(roundRows.stream().mapToDouble(round -> rate(round.one())).toArray());
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("ratio_kafka_vs_shell_peer", median(roundRows.stream()
                .mapToDouble(round -> ratio(round.one(), round.peer())).toArray()));
        ratios.put("ratio_drain_kafka_vs_raw_subscriber",
                rate("forwarder -> Kafka, 1 handler (drain, running)") / rate("raw mosquitto_sub -q 1 (drain)"));
        ratios.put("ratio_webhook_vs_kafka", rate("forwarder -> webhook (live)") / kafkaOne);
        ratios.put("ratio_webhook_ten_devices_vs_kafka", rate(WEBHOOK_TEN_DEVICES) / kafkaOne);
        ratios.put("ratio_smartrest_vs_kafka", rate("forwarder -> SmartREST over MQTT (live)") / kafkaOne);
        ratios.put("cost_ten_handlers_vs_one", kafkaOne / rate("forwarder -> Kafka, 10 handlers (live)"));
        ratios.put("ratio_hundred_handlers_sliced_vs_one", rate(HUNDRED_SLICED) / rate(HUNDRED_ONE));
        ratios.put("cpu_per_event_kafka_vs_raw_subscriber", median(roundRows.stream()
                .mapToDouble(round -> cpu(round.one(), "forwarder") / cpu(round.raw(), "mosquitto_sub")).toArray()));
        ratios.put("ratio_kafka_vs_raw_subscriber", median(roundRows.stream()
                .mapToDouble(round -> ratio(round.one(), round.raw())).toArray()));
        return ratios;
    }

    /** One round of the alternating rows; null where its group did not run. */
    private record Round(Row raw, Row peer, Row one) {
    }

    private static double rate(Row row) {
        return row == null ? Double.NaN : row.eventsPerSecond();
    }

    private static double cpu(Row row, String process) {
        return row == null ? Double.NaN : row.cpuMicros(process);
    }

    /** The forwarder's rate in one round against a baseline's in the same round. */
    private static double ratio(Row forwarder, Row baseline) {
        return rate(forwarder) / rate(baseline);
    }

    private static double median(double[] values) {
        double[] sorted = java.util.Arrays.stream(values).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private double rate(String name) {
        return rows.stream().filter(row -> row.name().equals(name)).mapToDouble(Row::eventsPerSecond).findFirst()
                .orElse(Double.NaN);
    }
}
