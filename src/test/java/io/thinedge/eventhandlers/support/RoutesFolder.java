package io.thinedge.eventhandlers.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A copy of the project's {@code routes/} (Kamelets included) in a temporary folder, watched by
 * the forwarder as its live-reloaded routes: tests edit it as an integrator edits a gateway's.
 */
public final class RoutesFolder {

    private final Path dir;

    private RoutesFolder(Path dir) {
        this.dir = dir;
    }

    public static RoutesFolder copyOfProject() {
        try {
            Path dir = Files.createTempDirectory("routes");
            Path shipped = Path.of("routes");
            try (Stream<Path> files = Files.walk(shipped)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = dir.resolve(shipped.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
            return new RoutesFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings that make the forwarder load and watch this folder instead of routes/. */
    public void configure(Map<String, String> properties) {
        properties.put("camel.main.routes-include-pattern", "file:" + dir + "/*.camel.yaml");
        properties.put("camel.main.routes-reload-enabled", "true");
        properties.put("camel.main.routes-reload-directory", dir.toString());
        properties.put("camel.component.kamelet.location", "file:" + dir.resolve("kamelets") + ",classpath:kamelets");
    }

    public Path path(String file) {
        return dir.resolve(file);
    }

    /** Writes a new file. */
    public void write(String file, String content) {
        try {
            Files.writeString(path(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites one file as an editor saves it. */
    public void edit(String file, UnaryOperator<String> change) {
        try {
            Path path = path(file);
            String before = Files.readString(path);
            String after = change.apply(before);
            if (after.equals(before)) {
                throw new IllegalArgumentException("the edit leaves " + file + " as it is");
            }
            Files.writeString(path, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
