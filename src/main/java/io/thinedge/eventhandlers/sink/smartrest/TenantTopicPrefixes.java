package io.thinedge.eventhandlers.sink.smartrest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * Where SmartREST handlers of a domain other than {@code /} may publish. The gateway's own topics
 * are the root domain's: the built-in Cumulocity output's prefix ({@code c8y.topic-prefix}),
 * {@code c8y} (what thin-edge's bridge sends to Cumulocity), thin-edge's {@code te} and
 * {@code tedge} (what this forwarder and thin-edge read as devices' messages), and the broker's
 * {@code $...} topics. A tenant's prefix is none of them nor below one; with
 * {@code smartrest.tenant-topic-prefixes} set it is also one of those listed or below one.
 * Topics are compared level by level: {@code c8y2} is not below {@code c8y}, {@code c8y/x} is.
 */
public final class TenantTopicPrefixes {

    private final Set<String> reserved = new LinkedHashSet<>();
    private final List<String> allowed;

    /**
     * @param builtInPrefix {@code c8y.topic-prefix}
     * @param allowed       {@code smartrest.tenant-topic-prefixes}; empty for any prefix not reserved
     */
    public TenantTopicPrefixes(String builtInPrefix, List<String> allowed) {
        reserved.add(builtInPrefix);
        reserved.addAll(List.of(SmartRestHandlerConfig.DEFAULT_PREFIX, "te", "tedge"));
        this.allowed = List.copyOf(allowed);
    }

    /** @throws InvalidHandlerException naming {@code field} when a handler of {@code domain} may not use {@code prefix} */
    public void check(String prefix, String domain, String field) {
        if (domain.equals("/")) {
            return; // the root domain's administrator runs the gateway
        }
        if (prefix.startsWith("$") || reserved.stream().anyMatch(own -> isAtOrBelow(prefix, own))) {
            throw new InvalidHandlerException(field, "'" + prefix + "' is a topic of the gateway's own (" + String.join(", ",
                    reserved) + " and $... are the root domain's); a handler of " + domain + " names a prefix of its own"
                    + (allowed.isEmpty() ? "" : " among " + String.join(", ", allowed)));
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(permitted -> isAtOrBelow(prefix, permitted))) {
            throw new InvalidHandlerException(field, "must be one of " + String.join(", ", allowed)
                    + " or below one (smartrest.tenant-topic-prefixes), not '" + prefix + "'");
        }
    }

    private static boolean isAtOrBelow(String prefix, String parent) {
        return prefix.equals(parent) || prefix.startsWith(parent + "/");
    }
}
