package io.thinedge.eventhandlers.sink.smartrest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import io.thinedge.eventhandlers.config.InvalidSettingException;
import io.thinedge.eventhandlers.config.Settings;

/**
 * Where SmartREST output goes: the MQTT topic prefix of the Cumulocity bridge, and optionally
 * the tenant URL (with its {@code Authorization} header value) and the main device's
 * managed-object id, used for events too large for MQTT.
 *
 * @param topicPrefix   e.g. {@code c8y}: messages go to {@code c8y/s/us} and {@code c8y/event/events/create}
 * @param tenantUrl     http(s) base URL of the tenant; events are POSTed to {@code <url>/event/events/}
 * @param authorization verbatim {@code Authorization} header for those POSTs
 * @param sourceId      the main device's managed-object id, put in {@code source.id} of its POSTs (a child's own id is looked up)
 * @param urlKey        the configuration key of {@code tenantUrl}, named in errors
 * @param sourceIdKey   the configuration key of {@code sourceId}, named in errors
 */
public record SmartRestTarget(
        String topicPrefix,
        Optional<URI> tenantUrl,
        Optional<String> authorization,
        Optional<String> sourceId,
        String urlKey,
        String sourceIdKey) {

    public SmartRestTarget {
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        if (topicPrefix.isBlank() || topicPrefix.startsWith("/") || topicPrefix.endsWith("/")
                || topicPrefix.contains("+") || topicPrefix.contains("#")) {
            throw new IllegalArgumentException("The SmartREST topic prefix must be a topic name such as c8y, not '"
                    + topicPrefix + "'");
        }
        tenantUrl.ifPresent(url -> {
            if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null) {
                throw new IllegalArgumentException(urlKey + " must be an http or https URL, not '" + url + "'");
            }
        });
        sourceId = sourceId.map(String::trim).filter(id -> !id.isEmpty());
        authorization = authorization.filter(value -> !value.isBlank());
    }

    /** A handler's target; the keys named in errors are those of its {@code connectionConfig}. */
    public static SmartRestTarget of(String topicPrefix, Optional<URI> tenantUrl, Optional<String> authorization,
            Optional<String> sourceId) {
        return new SmartRestTarget(topicPrefix, tenantUrl, authorization, sourceId, "connectionConfig.uri",
                "connectionConfig.sourceId");
    }

    /**
     * The built-in Cumulocity output: {@code c8y.topic-prefix}, {@code c8y.url}, {@code c8y.source-id},
     * and the optional {@code Authorization} header value for {@code c8y.url}.
     */
    public static SmartRestTarget builtIn(Settings settings, Optional<String> authorization) {
        URI url = null;
        if (settings.c8yUrl() != null) {
            try {
                url = new URI(settings.c8yUrl());
            } catch (java.net.URISyntaxException e) {
                throw new InvalidSettingException("c8y.url", "must be an http or https URL, not '" + settings.c8yUrl() + "'");
            }
        }
        try {
            return new SmartRestTarget(settings.c8yTopicPrefix(), Optional.ofNullable(url), authorization,
                    Optional.ofNullable(settings.c8ySourceId()), "c8y.url", "c8y.source-id");
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().startsWith("c8y.url") ? "c8y.url" : "c8y.topic-prefix";
            throw new InvalidSettingException(key, "is invalid: " + e.getMessage());
        }
    }

    public String smartRestTopic() {
        return topicPrefix + "/" + SmartRest.SMARTREST_TOPIC;
    }

    public String eventCreateTopic() {
        return topicPrefix + "/" + SmartRest.EVENT_CREATE_TOPIC;
    }

    /** {@code <url>/event/events/}, whether or not the configured URL ends with a slash. */
    public Optional<URI> eventsUrl() {
        return tenantUrl.map(url -> URI.create(base(url) + SmartRest.EVENTS_PATH));
    }

    /** {@code <url>/identity/externalIds/c8y_Serial/<child>}, the child's id percent-encoded as one path segment. */
    public Optional<URI> externalIdUrl(String childId) {
        String segment = URLEncoder.encode(childId, StandardCharsets.UTF_8).replace("+", "%20");
        return tenantUrl.map(url -> URI.create(base(url) + SmartRest.EXTERNAL_ID_PATH + segment));
    }

    private static String base(URI url) {
        String base = url.toString();
        return base.endsWith("/") ? base : base + "/";
    }

    /** The scope under which registered child devices are remembered: one per Cumulocity bridge. */
    public String knownChildrenScope() {
        return "c8y:" + topicPrefix;
    }
}
