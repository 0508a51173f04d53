package io.thinedge.eventhandlers.api;

import com.fasterxml.jackson.databind.JsonNode;

import io.thinedge.eventhandlers.sink.Sink;
import io.thinedge.eventhandlers.sink.kamelet.KameletAllowList;
import io.thinedge.eventhandlers.sink.kamelet.KameletSink;
import io.thinedge.eventhandlers.sink.smartrest.TenantTopicPrefixes;

/** Validates a connectionConfig with its sink; throws naming the field. */
final class ConnectionConfigs {

    private ConnectionConfigs() {
    }

    /**
     * @param kamelets      the domain's allow list of Kamelets: the built-in types deliver through
     *                      their own Kamelets, which it names too
     * @param topicPrefixes where a handler of the domain may publish on the gateway's MQTT broker
     * @throws ApiException 403 naming the Kamelet when handlers in {@code domain} may not use it
     */
    static void validate(Sink sink, KameletSink kamelets, JsonNode connectionConfig, String domain,
            TenantTopicPrefixes topicPrefixes) {
        String kamelet = sink.kamelet(connectionConfig);
        if (!kamelets.allows(domain, kamelet)) {
            throw new ApiException(403, "connectionConfig.kamelet: Kamelet " + kamelet + " is not allowed for domain "
                    + domain + " (" + KameletAllowList.ALLOWED + ", " + KameletAllowList.DOMAIN_PREFIX
                    + "<domain>.allowed in the gateway's configuration)");
        }
        sink.validate(connectionConfig, domain);
        sink.topicPrefix(connectionConfig)
                .ifPresent(prefix -> topicPrefixes.check(prefix, domain, "connectionConfig.topicPrefix"));
    }
}
