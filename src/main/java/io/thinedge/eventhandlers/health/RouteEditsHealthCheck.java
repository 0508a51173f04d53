package io.thinedge.eventhandlers.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.thinedge.eventhandlers.reload.EditReports;

/** Down while the last edit of a file of routes/ did not load (what ran before still runs), naming the file. */
public class RouteEditsHealthCheck extends AbstractHealthCheck {

    private final EditReports edits;

    public RouteEditsHealthCheck(EditReports edits) {
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
            builder.down().message(file + " was not loaded: " + reason);
        });
    }
}
