package io.thinedge.eventhandlers.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Everything that differs between the embedded H2 store of a gateway and the PostgreSQL store that
 * several instances share: the connection pool, the few statements written differently, and
 * whether other instances can change the store behind this one's back. Every other statement of
 * the store is plain SQL both accept.
 */
enum Dialect {

    H2 {
        @Override
        DataSource pool(String url, String user, String password) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            return JdbcConnectionPool.create(h2);
        }

        @Override
        String clobType() {
            return "CLOB";
        }

        /** H2 has no {@code ON CONFLICT}; MERGE without a matched branch inserts only what is missing. */
        @Override
        String insertIfAbsent(String table, String... columns) {
            String names = String.join(", ", columns);
            StringBuilder on = new StringBuilder();
            for (String column : columns) {
                on.append(on.length() == 0 ? "" : " AND ").append("t.").append(column).append(" = n.").append(column);
            }
            return "MERGE INTO " + table + " t USING (VALUES (" + String.join(", ",
                    java.util.Collections.nCopies(columns.length, "CAST(? AS VARCHAR)")) + ")) n(" + names + ") ON "
                    + on + " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES (" + prefixed("n.", columns) + ")";
        }

        @Override
        String addToCounter(String table, String key, String counter) {
            return "MERGE INTO " + table + " t USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS BIGINT))) n(k, c) "
                    + "ON t." + key + " = n.k WHEN MATCHED THEN UPDATE SET t." + counter + " = t." + counter + " + n.c "
                    + "WHEN NOT MATCHED THEN INSERT (" + key + ", " + counter + ") VALUES (n.k, n.c)";
        }

        @Override
        boolean shared() {
            return false;
        }

        /** One process: its callers serialise themselves ({@code synchronized}). */
        @Override
        void lockUntilCommit(Connection connection, String key) {
        }

        /** Closes the file cleanly, so the next start does not recover it. */
        @Override
        void close(DataSource pool) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already closed
            }
            ((JdbcConnectionPool) pool).dispose();
        }
    },

    POSTGRESQL {
        @Override
        DataSource pool(String url, String user, String password) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("store");
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(8);
            config.setMinimumIdle(1);
            // a store that is gone fails a call within seconds (health 503, no ack) instead of hanging it
            config.setConnectionTimeout(3_000);
            config.setValidationTimeout(1_000);
            config.addDataSourceProperty("socketTimeout", "30");
            config.addDataSourceProperty("tcpKeepAlive", "true");
            return new HikariDataSource(config);
        }

        @Override
        String clobType() {
            return "TEXT";
        }

        /** {@code ON CONFLICT DO NOTHING}: two instances inserting the same key at once both succeed, one inserts. */
        @Override
        String insertIfAbsent(String table, String... columns) {
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders(columns.length)
                    + ") ON CONFLICT DO NOTHING";
        }

        @Override
        String addToCounter(String table, String key, String counter) {
            return "INSERT INTO " + table + " (" + key + ", " + counter + ") VALUES (?, ?) ON CONFLICT (" + key
                    + ") DO UPDATE SET " + counter + " = " + table + "." + counter + " + EXCLUDED." + counter;
        }

        @Override
        boolean shared() {
            return true;
        }

        /** A transaction-level advisory lock on the key's hash: released by the commit or rollback. */
        @Override
        void lockUntilCommit(Connection connection, String key) throws SQLException {
            try (java.sql.PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, key);
                lock.execute();
            }
        }

        @Override
        void close(DataSource pool) {
            ((HikariDataSource) pool).close();
        }
    };

    /** The dialect of a JDBC URL; any other database is refused with the key's name. */
    static Dialect of(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("store.url must be a jdbc:h2: or jdbc:postgresql: URL, not '" + url + "'");
    }

    abstract DataSource pool(String url, String user, String password);

    /** The type of unbounded text columns (stored events). */
    abstract String clobType();

    /** Inserts a row of the given columns (bound in this order) unless it exists; the update count says which. */
    abstract String insertIfAbsent(String table, String... columns);

    /** Adds parameter 2 to the counter of the row keyed by parameter 1, creating the row when missing. */
    abstract String addToCounter(String table, String key, String counter);

    /** True when other processes may change the store at the same time (other instances). */
    abstract boolean shared();

    abstract void close(DataSource pool);

    /**
     * Makes other instances' transactions that lock the same key wait until this one ends (a
     * handler's dead letters: the count and the drop of the oldest must not interleave).
     */
    abstract void lockUntilCommit(Connection connection, String key) throws SQLException;

    /** Values of the {@code ${...}} placeholders in the migrations under {@code db/migration}. */
    Map<String, String> migrationPlaceholders() {
        return Map.of("clob", clobType());
    }

    /**
     * Locks the selected rows for this transaction and skips those another transaction holds, so
     * that several instances each take different rows (dead letters being replayed).
     */
    String forUpdateSkipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static String prefixed(String prefix, String... columns) {
        StringBuilder joined = new StringBuilder();
        for (String column : columns) {
            joined.append(joined.length() == 0 ? "" : ", ").append(prefix).append(column);
        }
        return joined.toString();
    }
}
