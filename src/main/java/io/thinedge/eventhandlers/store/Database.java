package io.thinedge.eventhandlers.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The SQL database of the store: by default the embedded H2 file under {@code store.dir}, or the
 * database of {@code store.url} (PostgreSQL, shared by several instances). Opening it brings its
 * schema up to date with the Flyway migrations under {@code db/migration}.
 *
 * <p>H2 commits through its transaction log; with {@code WRITE_DELAY=0} each commit reaches the file
 * before the call returns (H2 otherwise waits up to 500 ms), so a process killed mid-write keeps every
 * acknowledged change.
 */
public final class Database implements AutoCloseable {

    private final Dialect dialect;
    private final DataSource pool;
    private final String url;
    private final String user;
    private final String password;
    /** Names this process in its change notices, so it does not act twice on its own changes. */
    private final String instanceId = UUID.randomUUID().toString();
    private ChangeFeed feed;

    private Database(Dialect dialect, DataSource pool, String url, String user, String password) {
        this.dialect = dialect;
        this.pool = pool;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The embedded H2 file of a gateway, in {@code storeDir}. */
    public static Database inDirectory(Path storeDir) {
        return open(embeddedUrl(storeDir), "sa", "");
    }

    /** The H2 URL of the store in {@code storeDir} (created when missing): the default of {@code store.url}. */
    public static String embeddedUrl(Path storeDir) {
        try {
            Files.createDirectories(storeDir);
        } catch (Exception e) {
            throw new IllegalStateException("store.dir " + storeDir + " cannot be created: " + e.getMessage(), e);
        }
        return "jdbc:h2:file:" + storeDir.toAbsolutePath().resolve("tedge-event-handlers") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                // the store is small (handlers, dead letters): 2 MB of page cache instead of 16 MB of heap
                + ";CACHE_SIZE=2048";
    }

    /**
     * Opens the database of a JDBC URL ({@code jdbc:h2:} or {@code jdbc:postgresql:}) and migrates
     * its schema. A store made before migrations existed (tables, no history) is taken as version 1.
     */
    public static Database open(String url, String user, String password) {
        Dialect dialect = Dialect.of(url);
        DataSource pool;
        try {
            pool = dialect.pool(url, user, password);
        } catch (RuntimeException e) {
            throw new IllegalStateException("store.url " + url.replaceAll("[?;].*", "") + " cannot be opened: " + e.getMessage(), e);
        }
        Database database = new Database(dialect, pool, url, user, password);
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.migrationPlaceholders())
                    .baselineOnMigrate(true)
                    .baselineVersion("1")
                    .baselineDescription("store made before migrations")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            dialect.close(pool);
            throw new IllegalStateException("Store schema at " + url.replaceAll("[?;].*", "") + " cannot be migrated: " + e.getMessage(), e);
        }
        return database;
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** A connection outside the pool, for one that stays open long (a held lock). */
    Connection openUnpooled() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    Dialect dialect() {
        return dialect;
    }

    /** True when other instances may share this store (PostgreSQL). */
    public boolean shared() {
        return dialect.shared();
    }

    /** True when the store accepts a write now (for the health check). */
    public boolean writable() {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE health_probe SET id = 1 WHERE id = 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Tells the other instances that a handler changed; part of the caller's transaction, so they
     * hear of it once it is committed (PostgreSQL {@code NOTIFY}). Nothing to do for H2.
     */
    void announce(Connection connection, String handlerId) throws SQLException {
        if (!dialect.shared()) {
            return;
        }
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, ChangeFeed.CHANNEL);
            notify.setString(2, instanceId + ' ' + handlerId);
            notify.execute();
        }
    }

    /**
     * Follows the changes other instances make: {@code changed} gets each handler id they announce,
     * {@code resync} runs whenever the feed (re)connects, since notices sent while it was away are lost.
     * Only a shared store has other instances; for H2 nothing is ever called.
     */
    synchronized void followChanges(Consumer<String> changed, Runnable resync) {
        if (dialect.shared()) {
            feed().follow(changed, resync);
        }
    }

    /**
     * Called with false when the shared store becomes unreachable and true when it is back (the
     * feed's own connection notices it at once). Never called for H2, which is a local file.
     */
    public synchronized void onAvailability(Consumer<Boolean> listener) {
        if (dialect.shared()) {
            feed().onAvailability(listener);
        }
    }

    private ChangeFeed feed() {
        if (feed == null) {
            feed = new ChangeFeed(url, user, password, instanceId);
            feed.start();
        }
        return feed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (feed != null) {
                feed.close();
            }
        }
        dialect.close(pool);
    }
}
