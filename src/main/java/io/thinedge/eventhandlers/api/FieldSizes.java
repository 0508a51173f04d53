package io.thinedge.eventhandlers.api;

import java.nio.charset.StandardCharsets;

import io.thinedge.eventhandlers.handler.EventFilters;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * The most bytes (UTF-8) a handler's fields may take, so that no tenant fills the store or every
 * listing with megabytes: {@code name} 256, {@code description} 4096, {@code filter} 16384 and
 * {@code connectionConfig} 65536 as JSON; a webhook's {@code bodyTemplate} 16384 on its own
 * ({@code BodyTemplate.MAX_BYTES}). Past one, a 400 names the field.
 */
final class FieldSizes {

    static final int NAME = 256;
    static final int DESCRIPTION = 4096;
    static final int FILTER = 16_384;
    static final int CONNECTION_CONFIG = 65_536;

    private FieldSizes() {
    }

    static EventHandler check(EventHandler handler) {
        within("name", handler.name(), NAME);
        within("description", handler.description(), DESCRIPTION);
        within("filter", EventFilters.toJson(handler.filter()).toString(), FILTER);
        within("connectionConfig", handler.connectionConfig() == null ? null : handler.connectionConfig().toString(),
                CONNECTION_CONFIG);
        return handler;
    }

    private static void within(String field, String value, int maxBytes) {
        if (value != null && value.length() > maxBytes / 3 && value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new InvalidHandlerException(field, "is longer than " + maxBytes + " bytes");
        }
    }
}
