package io.thinedge.eventhandlers.handler;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event handler as stored: the Coiote v3 fields plus its runtime state.
 *
 * <p>{@code connectionConfig} stays JSON here, exactly as stored (secrets included); each sink
 * package reads it into its own typed, validated config record.
 *
 * @param domain the domain it belongs to, always ending with {@code /}
 */
public record EventHandler(
        String id,
        HandlerType type,
        String name,
        boolean enabled,
        String description,
        String domain,
        EventFilter filter,
        JsonNode connectionConfig,
        HandlerState state) {

    public EventHandler withState(HandlerState newState) {
        return new EventHandler(id, type, name, newState.status() == HandlerStatus.ACTIVE, description, domain, filter,
                connectionConfig, newState);
    }

    /** Leaves out connectionConfig: it holds secrets, and handlers end up in log lines. */
    @Override
    public String toString() {
        return "EventHandler[id=" + id + ", type=" + type + ", name=" + name + ", domain=" + domain + ", status="
                + state.status() + "]";
    }

    /** True when events should be delivered to it now. */
    public boolean active() {
        return state.status() == HandlerStatus.ACTIVE;
    }
}
