package io.thinedge.eventhandlers.api;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens of {@code api.tokens-file}, re-read when the file changes: a token added or
 * removed there takes effect without a restart. A file that does not parse keeps the previous
 * tokens in effect (and says why in the log).
 */
public final class TokensFile implements Supplier<ApiTokens> {

    private static final Logger LOG = LoggerFactory.getLogger(TokensFile.class);

    private final Path file;
    private volatile ApiTokens current;

    private TokensFile(Path file, ApiTokens tokens) {
        this.file = file;
        this.current = tokens;
    }

    /** Reads the file, creating it with a random token for {@code /} when it is missing. */
    public static TokensFile load(Path file) {
        return new TokensFile(file, ApiTokens.load(file));
    }

    public Path file() {
        return file;
    }

    @Override
    public ApiTokens get() {
        return current;
    }

    /** @throws IllegalStateException naming the line when the file does not parse, or when others may read or write it (mode 0600 is required); the previous tokens stay */
    public void reload() {
        current = ApiTokens.load(file);
        LOG.info("API tokens re-read from {}", file.toAbsolutePath());
    }
}
