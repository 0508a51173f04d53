package io.thinedge.eventhandlers.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.thinedge.eventhandlers.reload.RouteFileEdits;

/** Down while a route file's last edit did not load (the routes before it still run), naming the file. */
public class RouteEditsHealthCheck extends AbstractHealthCheck {

    private final RouteFileEdits edits;

    public RouteEditsHealthCheck(RouteFileEdits edits) {
        super("tedge", "route-edits");
        this.edits = edits;
    }

    @Override
    public boolean isLiveness() {
        return false; // a restart would not load the file either: it needs mending
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        edits.failures().forEach((file, reason) -> {
            builder.detail(file, reason);
            builder.down().message("Route file " + file + " was not loaded: " + reason);
        });
    }
}
