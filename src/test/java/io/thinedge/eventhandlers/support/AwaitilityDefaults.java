package io.thinedge.eventhandlers.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Awaitility's defaults for every test class (registered for all of them through
 * {@code META-INF/services} and {@code junit-platform.properties}): the first check at once, then
 * every 50 ms. Awaitility's own defaults wait 100 ms before the first check, so every await cost
 * at least 100 ms even when its condition already held, and the suite runs thousands of them.
 * Only how often a condition is checked changes; what it waits for and how long at most do not.
 */
public final class AwaitilityDefaults implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
    }
}
