package io.thinedge.eventhandlers.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.thinedge.eventhandlers.mqtt.FailedExchanges;

/**
 * DOWN from an MQTT message given up after its last attempt until the next one is acknowledged
 * normally: events arrive but cannot be handled.
 */
public class FailedExchangesHealthCheck extends AbstractHealthCheck {

    private final FailedExchanges failedExchanges;

    public FailedExchangesHealthCheck(FailedExchanges failedExchanges) {
        super("tedge", "failed-exchanges");
        this.failedExchanges = failedExchanges;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        failedExchanges.problem().ifPresentOrElse(
                problem -> builder.down().message("Events are not handled: " + problem),
                builder::up);
    }
}
