package io.thinedge.eventhandlers.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's bearer tokens, from {@code api.tokens-file}: one {@code <domain> <token>} per line,
 * {@code #} starts a comment. Tokens are compared in constant time and never logged. The file
 * must be the owner's alone (mode 0600): one that group or others may read or write is refused.
 */
public final class ApiTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);

    private record Entry(String domain, byte[] tokenDigest) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the file; when it is missing, writes one with a random token for {@code /} (mode 0600). */
    public static ApiTokens load(Path file) {
        try {
            if (Files.notExists(file)) {
                create(file);
            }
            refuseIfShared(file);
            return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("api.tokens-file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A file that other users may read leaks every tenant's token; one they may write lets them
     * add their own. Like ssh with a private key, such a file is not used.
     *
     * @throws IllegalStateException naming the file, its mode and the mode to set
     */
    private static void refuseIfShared(Path file) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX modes on this file system
        }
        Set<PosixFilePermission> shared = EnumSet.complementOf(EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        shared.retainAll(permissions);
        if (!shared.isEmpty()) {
            String message = "api.tokens-file " + file.toAbsolutePath() + " has mode " + PosixFilePermissions.toString(permissions)
                    + ": other users may read or change the tokens, so it is not used; set mode 0600 (chmod 600 "
                    + file.toAbsolutePath() + ")";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    /** The domain of the token, if it is one of the file's. */
    public Optional<String> domainOf(String token) {
        byte[] digest = sha256(token);
        String found = null;
        for (Entry entry : entries) { // no early exit: every token is compared
            if (MessageDigest.isEqual(entry.tokenDigest(), digest) && found == null) {
                found = entry.domain();
            }
        }
        return Optional.ofNullable(found);
    }

    private static ApiTokens parse(Path file, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalStateException("api.tokens-file " + file + " line " + (i + 1)
                        + ": expected '<domain> <token>'");
            }
            try {
                entries.add(new Entry(Domains.normalise(parts[0], "domain"), sha256(parts[1])));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("api.tokens-file " + file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new ApiTokens(entries);
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return; // another process created it first
        }
        Files.writeString(file, "# Handler API tokens: '<domain> <token>' per line; a token acts on its domain and below.\n"
                + "/ " + token + "\n", StandardCharsets.UTF_8);
        LOG.info("Created the API tokens file {} with a random token for domain /; read the token there", file.toAbsolutePath());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
