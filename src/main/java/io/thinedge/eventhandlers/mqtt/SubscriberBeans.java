package io.thinedge.eventhandlers.mqtt;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.spi.BeanRepository;

/**
 * Lets a YAML route subscribe with its own reliable client and persistent session without a line
 * of Java: {@code client: "#mqtt-<name>"} names the client {@code <tedge.mqtt.client-id>-<name>},
 * made at its first use ({@link MqttClients#subscriber}). Keep a route's name once events flow: a
 * new name is a new session, and the old one's backlog stays with the broker until it expires.
 */
public class SubscriberBeans implements BeanRepository {

    public static final String PREFIX = "mqtt-";
    /** What goes into an MQTT client id everywhere. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final MqttClients clients;

    public SubscriberBeans(MqttClients clients) {
        this.clients = clients;
    }

    @Override
    public Object lookupByName(String name) {
        if (name == null || !name.startsWith(PREFIX) || !NAME.matcher(name.substring(PREFIX.length())).matches()) {
            return null;
        }
        return clients.subscriber(name.substring(PREFIX.length()));
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        Object bean = lookupByName(name);
        return type.isInstance(bean) ? type.cast(bean) : null;
    }

    /** Made on demand only: nothing is found by type, so no component gets one wired in by itself. */
    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        return Map.of();
    }

    @Override
    public <T> Set<T> findByType(Class<T> type) {
        return Set.of();
    }
}
