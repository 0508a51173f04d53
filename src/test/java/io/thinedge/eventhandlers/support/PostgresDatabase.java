package io.thinedge.eventhandlers.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A database of its own on the machine's PostgreSQL (127.0.0.1:5432, user {@code postgres},
 * trust authentication, as {@code make test} sets it up), created for one test class and dropped
 * after it, connections and all.
 */
public final class PostgresDatabase implements AutoCloseable {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    public static PostgresDatabase create() {
        String name = "tedge_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return new PostgresDatabase(name);
    }

    public String url() {
        return SERVER + name;
    }

    /** The forwarder's store keys for this database. */
    public Map<String, String> storeProperties() {
        return Map.of("store.url", url(), "store.user", USER, "store.password", "");
    }

    /**
     * Stops or starts the machine's PostgreSQL server ({@code pg_ctlcluster}, as Debian runs it),
     * for the tests of an outage; waits until the command is done.
     */
    public static void server(String action) {
        try {
            Process list = new ProcessBuilder("pg_lsclusters", "-h").redirectErrorStream(true).start();
            String cluster = new String(list.getInputStream().readAllBytes()).lines()
                    .filter(line -> line.split("\\s+").length > 2 && line.split("\\s+")[2].equals("5432")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL cluster on port 5432 in pg_lsclusters"));
            String[] fields = cluster.split("\\s+");
            Process control = new ProcessBuilder("pg_ctlcluster", fields[0], fields[1], action).inheritIO().start();
            if (control.waitFor() != 0) {
                throw new IllegalStateException("pg_ctlcluster " + fields[0] + " " + fields[1] + " " + action + " failed");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("pg_ctlcluster: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 (make test starts it): " + e.getMessage(), e);
        }
    }
}
