package io.thinedge.eventhandlers.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other instances' handler changes, as PostgreSQL {@code LISTEN/NOTIFY} brings them: one
 * connection of its own (outside the pool) that listens on {@link #CHANNEL}, and a thread that
 * hands each notice to the followers within milliseconds of the other instance's commit.
 *
 * <p>The same connection tells whether PostgreSQL is reachable: losing it reports the store down
 * at once, and reconnecting reports it back and has the followers read everything again (notices
 * sent while it was away are not kept by PostgreSQL).
 */
final class ChangeFeed implements AutoCloseable {

    static final String CHANNEL = "tedge_handler_change";

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    private static final int WAIT_MILLIS = 500;
    private static final long RETRY_MILLIS = 1_000;
    /** A quiet connection is checked this often: a network that silently drops it sends no error. */
    private static final long PING_MILLIS = 2_000;

    private record Follower(Consumer<String> changed, Runnable resync) {
    }

    private final String url;
    private final String shownUrl;
    private final Properties credentials = new Properties();
    private final String instanceId;
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Boolean>> availability = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean up = true;

    ChangeFeed(String url, String user, String password, String instanceId) {
        this.url = url;
        this.shownUrl = url.replaceAll("[?;].*", ""); // its parameters may hold a password
        credentials.setProperty("user", user == null ? "" : user);
        credentials.setProperty("password", password == null ? "" : password);
        credentials.setProperty("connectTimeout", "3");
        credentials.setProperty("socketTimeout", "5");
        credentials.setProperty("tcpKeepAlive", "true");
        this.instanceId = instanceId;
        this.thread = new Thread(this::run, "store-change-feed");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void follow(Consumer<String> changed, Runnable resync) {
        followers.add(new Follower(changed, resync));
    }

    void onAvailability(Consumer<Boolean> listener) {
        availability.add(listener);
    }

    private void run() {
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(url, credentials)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                available(true);
                followers.forEach(follower -> safely(follower.resync()));
                listen(connection.unwrap(PGConnection.class), connection);
            } catch (SQLException e) {
                if (!closed) {
                    if (up) {
                        LOG.warn("Store {} unreachable: {}", shownUrl, e.getMessage());
                    }
                    available(false);
                    pause();
                }
            }
        }
    }

    private void listen(PGConnection notices, Connection connection) throws SQLException {
        long quietSince = System.currentTimeMillis();
        while (!closed) {
            PGNotification[] received = notices.getNotifications(WAIT_MILLIS);
            if (received != null && received.length > 0) {
                quietSince = System.currentTimeMillis();
                for (PGNotification notice : received) {
                    deliver(notice.getParameter());
                }
            } else if (System.currentTimeMillis() - quietSince > PING_MILLIS) {
                try (Statement ping = connection.createStatement()) {
                    ping.execute("SELECT 1");
                }
                quietSince = System.currentTimeMillis();
            }
        }
    }

    /** A notice reads {@code <instance id> <handler id>}; the instance's own changes are already applied. */
    private void deliver(String notice) {
        int space = notice.indexOf(' ');
        if (space < 0 || notice.substring(0, space).equals(instanceId)) {
            return;
        }
        String handlerId = notice.substring(space + 1);
        for (Follower follower : followers) {
            safely(() -> follower.changed().accept(handlerId));
        }
    }

    private void available(boolean now) {
        if (up == now) {
            return;
        }
        up = now;
        if (now) {
            LOG.info("Store {} reachable again", shownUrl);
        }
        for (Consumer<Boolean> listener : availability) {
            safely(() -> listener.accept(now));
        }
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("A store change follower failed: {}", e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
