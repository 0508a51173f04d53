package io.thinedge.eventhandlers.health;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerStatus;

/**
 * A summary of the event handlers: how many are active, disabled and failed, and which failed.
 * Always UP: a failed handler is its destination's problem, not the gateway's, and a restart would
 * not cure it (it is tested again every {@code handlers.retest-interval}).
 */
public class HandlersHealthCheck extends AbstractHealthCheck {

    private final HandlerRuntimes runtimes;

    public HandlersHealthCheck(HandlerRuntimes runtimes) {
        super("tedge", "handlers");
        this.runtimes = runtimes;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Collection<EventHandler> handlers = runtimes.all();
        long active = count(handlers, HandlerStatus.ACTIVE);
        long disabled = count(handlers, HandlerStatus.DISABLED);
        List<String> failed = handlers.stream().filter(handler -> handler.state().status() == HandlerStatus.FAILED)
                .map(EventHandler::id).sorted().toList();
        builder.up();
        builder.detail("active", active);
        builder.detail("disabled", disabled);
        builder.detail("failed", failed.size());
        // ids only: names are free text from API clients
        builder.detail("failed.ids", String.join(" ", failed));
        builder.message(active + " active, " + disabled + " disabled, " + failed.size() + " failed"
                + (failed.isEmpty() ? "" : ": " + String.join(" ", failed)));
    }

    private static long count(Collection<EventHandler> handlers, HandlerStatus status) {
        return handlers.stream().filter(handler -> handler.state().status() == status).count();
    }
}
