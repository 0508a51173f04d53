package io.thinedge.eventhandlers.sink.webhook;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * The webhook shapes Coiote's documentation prints besides the nested model, mapped onto it at the
 * API boundary so that only the nested form is stored, masked and sent:
 * <ul>
 *   <li>{@code connectionConfig: {"type":"basic","user":…,"password":…}} and
 *       {@code {"type":"token","token":…}} (and {@code customAuth} with {@code value}) become
 *       {@code connectionConfig.auth};</li>
 *   <li>a top-level {@code additionalHeaders} becomes {@code connectionConfig.additionalHeaders}.</li>
 * </ul>
 */
final class CoioteShapes {

    /** The flat auth types and the fields each carries. */
    private static final Map<String, Set<String>> FLAT_AUTH = Map.of(
            "basic", Set.of("user", "password"),
            "token", Set.of("token"),
            "customAuth", Set.of("value"));

    private CoioteShapes() {
    }

    /**
     * The body with a webhook's Coiote shapes nested (a copy; the body itself is left as it is).
     *
     * @param stored the stored connectionConfig for an update, else null: a top-level
     *               {@code additionalHeaders} without a connectionConfig then changes only the headers
     */
    static ObjectNode nested(ObjectNode body, JsonNode stored) {
        ObjectNode copy = body.deepCopy();
        JsonNode headers = copy.remove("additionalHeaders");
        JsonNode config = copy.get("connectionConfig");
        if (config != null && !config.isNull() && !config.isObject()) {
            return copy; // the config's own validation names what is wrong
        }
        if (config instanceof ObjectNode object) {
            nestFlatAuth(object);
        }
        if (headers != null && !headers.isNull()) {
            if (!headers.isObject()) {
                throw new InvalidHandlerException("additionalHeaders", "must be a JSON object of strings");
            }
            ObjectNode target = config instanceof ObjectNode object ? object
                    : stored instanceof ObjectNode storedObject ? storedObject.deepCopy() : JsonNodeFactory.instance.objectNode();
            if (config instanceof ObjectNode && target.path("additionalHeaders").size() > 0) {
                throw new InvalidHandlerException("additionalHeaders", "is given twice: send the headers either at the "
                        + "top level or in connectionConfig.additionalHeaders, not in both");
            }
            target.set("additionalHeaders", headers);
            copy.set("connectionConfig", target);
        }
        return copy;
    }

    /** Moves {@code type} and its secrets into {@code auth}; any other {@code type} is an error naming it. */
    private static void nestFlatAuth(ObjectNode config) {
        JsonNode typeNode = config.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return;
        }
        String type = typeNode.asText();
        Set<String> fields = FLAT_AUTH.get(type);
        if (fields == null || !typeNode.isTextual()) {
            throw new InvalidHandlerException("connectionConfig.type", "must be basic, token or customAuth (Coiote's "
                    + "short form of connectionConfig.auth) or left out, not '" + typeNode.asText() + "'");
        }
        if (config.hasNonNull("auth")) {
            throw new InvalidHandlerException("connectionConfig.type", "'" + type + "' and connectionConfig.auth "
                    + "both set the authentication: send only one of them");
        }
        ObjectNode auth = config.putObject("auth");
        auth.put("type", type);
        config.remove("type");
        for (String field : fields) {
            JsonNode value = config.remove(field);
            if (value != null) {
                auth.set(field, value);
            }
        }
    }
}
