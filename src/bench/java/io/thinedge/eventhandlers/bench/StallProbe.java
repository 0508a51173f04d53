package io.thinedge.eventhandlers.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * How long the machine itself keeps a waiting thread from running, measured beside a latency row:
 * a process of its own (no GC, no other work) sleeps 1 ms over and over and records how much later
 * than asked it woke up. Every hop of an event (publisher, broker, forwarder, sink, receiver) waits
 * for a core the same way, so this is the floor under the rows' latency tails.
 *
 * <p>It also reads the CPU time of DAMON's kernel thread ({@code kdamond}), which some virtual
 * machines run to find memory to hand back to their host: on the bench's machine it sampled every
 * 500 ms, took 30–50 ms of CPU each time and held one core for up to 25 ms at a stretch, the stalls
 * this probe sees.
 */
final class StallProbe implements AutoCloseable {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ of /proc/<pid>/stat on Linux
    private final Process process;
    private long kdamondTicksBefore;
    private long startNanos;

    private StallProbe(Process process) {
        this.process = process;
        begin();
    }

    /**
     * Starts counting afresh from now: the bench starts the probe before a row's warm-up, since a
     * JVM starting on the two busy cores held up the first 400 ms of a measured row by up to 90 ms.
     */
    void begin() {
        try {
            process.getOutputStream().write('\n');
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the stall probe has stopped", e);
        }
        startNanos = System.nanoTime();
        kdamondTicksBefore = kdamondTicks();
    }

    /** Starts the sleeper in a JVM of its own, with the bench's class path. */
    static StallProbe start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(StallProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return new StallProbe(new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx16m", "-cp", classes,
                StallProbe.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Stops the sleeper; returns what it saw, e.g. "host: 1 ms sleeper woke >= 10 ms late 31 times in 9000 (p99 6.10 ms, max 24.0 ms); kdamond 7% of a core". */
    String stop() throws Exception {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long kdamondTicks = kdamondTicks() - kdamondTicksBefore;
        process.getOutputStream().close();
        String summary;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            summary = out.readLine();
        }
        process.waitFor(10, TimeUnit.SECONDS);
        String host = "host: " + (summary == null ? "sleeper gave no result" : summary);
        if (kdamondTicksBefore >= 0) {
            host += String.format(Locale.ROOT, "; kdamond %.0f%% of a core",
                    100.0 * kdamondTicks / TICKS_PER_SECOND / seconds);
        }
        return host;
    }

    @Override
    public void close() {
        process.destroy();
    }

    /** CPU time of every DAMON kernel thread, in clock ticks; -1 when the machine runs none. */
    static long kdamondTicks() {
        long total = -1;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path dir : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (Exception gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("kdamond")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    total = Math.max(total, 0) + Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return total;
    }

    /**
     * The sleeper: starts counting afresh at each line on its standard input, and prints one line of
     * figures when that closes.
     */
    public static void main(String[] args) throws Exception {
        long[] lateNanos = new long[1 << 20];
        int[] count = {0};
        AtomicBoolean restart = new AtomicBoolean();
        Thread sleeper = new Thread(() -> {
            long wanted = TimeUnit.MILLISECONDS.toNanos(1);
            while (!Thread.currentThread().isInterrupted() && count[0] < lateNanos.length) {
                if (restart.getAndSet(false)) {
                    count[0] = 0;
                }
                long before = System.nanoTime();
                LockSupport.parkNanos(wanted);
                lateNanos[count[0]] = System.nanoTime() - before - wanted;
                count[0]++;
            }
        }, "sleeper");
        sleeper.start();
        int read;
        while ((read = System.in.read()) >= 0) {
            if (read == '\n') {
                restart.set(true);
            }
        }
        sleeper.interrupt();
        sleeper.join();
        System.out.println(summary(Arrays.copyOf(lateNanos, count[0])));
    }

    static String summary(long[] lateNanos) {
        if (lateNanos.length == 0) {
            return "no samples";
        }
        long[] sorted = lateNanos.clone();
        Arrays.sort(sorted);
        long over10 = Arrays.stream(sorted).filter(late -> late >= 10_000_000).count();
        return String.format(Locale.ROOT, "1 ms sleeper woke >= 10 ms late %d times in %d (p99 %.2f ms, max %.1f ms)",
                over10, sorted.length, sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
