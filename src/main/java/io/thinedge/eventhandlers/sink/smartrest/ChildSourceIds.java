package io.thinedge.eventhandlers.sink.smartrest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.thinedge.eventhandlers.event.DeviceEvent;
import io.thinedge.eventhandlers.sink.SinkSetups;

/**
 * The {@code childSourceIds} bean of the {@code tedge-smartrest-sink} Kamelet: a child's event
 * too large for MQTT is POSTed with the child's own managed-object id as {@code source.id}, which
 * the Kamelet GETs once from Cumulocity's identity API
 * ({@code <url>/identity/externalIds/c8y_Serial/<child>}). The ids are kept in memory per tenant
 * URL, for the life of the process: a restart looks each child up again.
 */
public final class ChildSourceIds {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SmartRestSteps smartRest;
    /** tenant URL -> child id -> managed-object id */
    private final Map<String, Map<String, String>> idsByTenant = new ConcurrentHashMap<>();

    public ChildSourceIds(SmartRestSteps smartRest) {
        this.smartRest = smartRest;
    }

    /**
     * Before marshalling: the child's managed-object id, when looked up already, in the variable
     * the SmartREST DataFormat reads (cleared otherwise). The event is the variable {@code event}.
     */
    public void known(Exchange exchange) {
        String handlerId = SinkSetups.setupOf(exchange);
        DeviceEvent event = exchange.getVariable("event", DeviceEvent.class);
        SmartRestTarget target = smartRest.target(handlerId);
        String id = event.childDevice() && target.tenantUrl().isPresent()
                ? ids(target).get(event.deviceId()) : null;
        if (id == null) {
            exchange.removeVariable(SmartRestDataFormat.CHILD_SOURCE_ID);
        } else {
            exchange.setVariable(SmartRestDataFormat.CHILD_SOURCE_ID, id);
        }
    }

    /** The GET of the URL the marshaller named, with the tenant's Authorization. */
    public void request(Exchange exchange) {
        String handlerId = SinkSetups.setupOf(exchange);
        Message request = exchange.getMessage();
        request.setBody(null);
        request.removeHeader(Exchange.CONTENT_TYPE);
        // the exact URL: the endpoint, configured with the trust of HTTPS receivers, would take https:// for http://
        request.setHeader(Exchange.HTTP_URI, exchange.getVariable(SmartRestDataFormat.DESTINATION, String.class));
        request.setHeader(Exchange.HTTP_METHOD, "GET");
        request.setHeader("Accept", "application/json");
        smartRest.target(handlerId).authorization().ifPresent(value -> request.setHeader("Authorization", value));
    }

    /**
     * Cumulocity's answer: {@code managedObject.id}, remembered for the tenant and set for the
     * second marshalling. Any other answer fails the delivery, which is retried like any other.
     *
     * @throws SmartRestException naming the child: 404 (not registered in Cumulocity yet), another
     *                            status, or an answer without {@code managedObject.id}
     */
    public void answer(Exchange exchange) {
        String handlerId = SinkSetups.setupOf(exchange);
        DeviceEvent event = exchange.getVariable("event", DeviceEvent.class);
        String url = exchange.getVariable(SmartRestDataFormat.DESTINATION, String.class);
        Message response = exchange.getMessage();
        int status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = response.getBody(String.class);
        // the GET's answer headers must not go out with the POST
        response.removeHeaders("*");
        if (status == 404) {
            throw failure(event, "child device " + event.deviceId() + " is not registered in Cumulocity yet (GET "
                    + url + " answered 404); the event is sent again when the delivery is retried");
        }
        if (status < 200 || status > 299) {
            throw failure(event, "the managed-object id of child device " + event.deviceId()
                    + " could not be looked up: GET " + url + " answered " + status);
        }
        JsonNode id = managedObjectId(body);
        if (!(id.isTextual() || id.isNumber()) || id.asText().isBlank()) {
            throw failure(event, "GET " + url + " answered without managedObject.id for child device " + event.deviceId());
        }
        ids(smartRest.target(handlerId)).put(event.deviceId(), id.asText());
        exchange.setVariable(SmartRestDataFormat.CHILD_SOURCE_ID, id.asText());
    }

    private static JsonNode managedObjectId(String body) {
        try {
            return JSON.readTree(body == null ? "" : body).path("managedObject").path("id");
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    private Map<String, String> ids(SmartRestTarget target) {
        return idsByTenant.computeIfAbsent(target.tenantUrl().orElseThrow().toString(), url -> new ConcurrentHashMap<>());
    }

    private static SmartRestException failure(DeviceEvent event, String problem) {
        return new SmartRestException(event.sourceTopic(), event.deviceId(), problem);
    }
}
