package io.thinedge.eventhandlers.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded SQL database under {@code store.dir} (H2 in file mode).
 *
 * <p>H2 commits through its transaction log; with {@code WRITE_DELAY=0} each commit reaches the file
 * before the call returns (H2 otherwise waits up to 500 ms), so a process killed mid-write keeps every
 * acknowledged change. A JDBC URL of PostgreSQL would take its place in a central deployment.
 */
public final class Database implements AutoCloseable {

    private final JdbcConnectionPool pool;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    public static Database inDirectory(Path storeDir) {
        try {
            Files.createDirectories(storeDir);
        } catch (Exception e) {
            throw new IllegalStateException("store.dir " + storeDir + " cannot be created: " + e.getMessage(), e);
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + storeDir.toAbsolutePath().resolve("tedge-event-handlers") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                // the store is small (handlers, dead letters): 2 MB of page cache instead of 16 MB of heap
                + ";CACHE_SIZE=2048");
        h2.setUser("sa");
        return new Database(JdbcConnectionPool.create(h2));
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Runs DDL statements that are written to be idempotent ({@code CREATE TABLE IF NOT EXISTS}). */
    public void migrate(String... statements) {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Store schema cannot be created: " + e.getMessage(), e);
        }
    }

    /** True when the store accepts a write now (for the health check). */
    public boolean writable() {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS health_probe (id INT PRIMARY KEY)");
            statement.execute("MERGE INTO health_probe (id) KEY (id) VALUES (1)");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed
        }
        pool.dispose();
    }
}
