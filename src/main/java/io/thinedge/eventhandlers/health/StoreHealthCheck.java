package io.thinedge.eventhandlers.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.thinedge.eventhandlers.store.Database;

/** Ready when the store ({@code store.dir}, or the database of {@code store.url}) accepts writes. */
public class StoreHealthCheck extends AbstractHealthCheck {

    private final Database database;

    public StoreHealthCheck(Database database) {
        super("tedge", "store");
        this.database = database;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (database.writable()) {
            builder.up();
        } else {
            builder.down().message(database.shared() ? "The store of store.url does not accept writes"
                    : "The store under store.dir does not accept writes");
        }
    }
}
