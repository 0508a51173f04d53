package io.thinedge.eventhandlers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.thinedge.eventhandlers.support.ForwarderProcess;

/**
 * The forwarder's peak resident memory and thread count while a row runs, sampled from
 * /proc/&lt;pid&gt;/status every 100 ms in a thread of its own. Without a forwarder it samples nothing.
 */
final class ForwarderFootprint implements AutoCloseable {

    private final Thread sampler;
    private volatile long peakRssBytes;
    private volatile int peakThreads;

    ForwarderFootprint(ForwarderProcess forwarder) {
        sampler = new Thread(() -> {
            while (forwarder != null && !Thread.currentThread().isInterrupted()) {
                sample(Path.of("/proc", String.valueOf(forwarder.pid()), "status"));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-footprint");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample(Path status) {
        try {
            List<String> lines = Files.readAllLines(status);
            peakRssBytes = Math.max(peakRssBytes, field(lines, "VmRSS:") * 1024);
            peakThreads = (int) Math.max(peakThreads, field(lines, "Threads:"));
        } catch (IOException e) {
            // the forwarder is restarting or gone: nothing to sample this time
        }
    }

    private static long field(List<String> lines, String name) {
        return lines.stream().filter(line -> line.startsWith(name)).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).orElse(0L);
    }

    long peakRssMegabytes() {
        return peakRssBytes / (1024 * 1024);
    }

    int peakThreads() {
        return peakThreads;
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
    }
}
