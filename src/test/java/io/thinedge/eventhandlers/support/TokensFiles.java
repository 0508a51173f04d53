package io.thinedge.eventhandlers.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes an API tokens file as an operator must: readable and writable by its owner alone (0600). */
public final class TokensFiles {

    private TokensFiles() {
    }

    /** Writes {@code text} into {@code file} and leaves it with mode 0600 (the forwarder refuses any other). */
    public static Path write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
