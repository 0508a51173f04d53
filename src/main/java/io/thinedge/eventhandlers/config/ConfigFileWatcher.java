package io.thinedge.eventhandlers.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action when one of the watched files is written or replaced (an editor that saves by
 * renaming included), so settings such as the API tokens change without a restart. Writes that
 * come in a burst are handled once, after the file has been quiet for a moment.
 */
public final class ConfigFileWatcher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);
    /** How long a file must be quiet before its action runs: an editor writes in several steps. */
    private static final long QUIET_MILLIS = 200;

    private final Map<Path, List<Runnable>> actions = new LinkedHashMap<>();
    private WatchService watcher;
    private Thread thread;

    /** Runs {@code action} whenever {@code file} changes; call before the service starts. */
    public ConfigFileWatcher onChange(Path file, Runnable action) {
        actions.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new ArrayList<>()).add(action);
        return this;
    }

    @Override
    protected void doStart() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        Set<Path> folders = new LinkedHashSet<>();
        actions.keySet().forEach(file -> folders.add(file.getParent()));
        for (Path folder : folders) {
            if (folder.toFile().isDirectory()) {
                folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            } else {
                LOG.warn("Configuration folder {} does not exist: changes to its files are not picked up", folder);
            }
        }
        thread = new Thread(this::watch, "config-file-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }

    private void watch() {
        try {
            while (true) {
                Set<Path> changed = new LinkedHashSet<>();
                collect(watcher.take(), changed);
                WatchKey more;
                while ((more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    collect(more, changed);
                }
                changed.forEach(this::run);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopped
        }
    }

    private void collect(WatchKey key, Set<Path> changed) {
        Path folder = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name) {
                Path file = folder.resolve(name).toAbsolutePath().normalize();
                if (actions.containsKey(file)) {
                    changed.add(file);
                }
            }
        }
        key.reset();
    }

    private void run(Path file) {
        for (Runnable action : actions.get(file)) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("Re-reading {} failed, the previous settings stay in effect: {}", file, e.getMessage());
            }
        }
    }
}
