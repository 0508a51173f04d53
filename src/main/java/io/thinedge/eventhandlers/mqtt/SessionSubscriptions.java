package io.thinedge.eventhandlers.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps the broker's persistent sessions subscribed to exactly the topic filters the routes name:
 * once all routes started, and after every route reload, each subscribing client drops the filters
 * no route uses any more (a subscription narrowed or removed in {@code routes/*.camel.yaml}).
 *
 * <p>MQTT cannot list a session's subscriptions, and a session outlives the process: the filters
 * in each session are recorded in a small file under the store's folder, so one removed while the
 * forwarder was stopped is unsubscribed at the next start. Nothing is unsubscribed while Camel
 * stops: the sessions keep their filters, and what arrives meanwhile, for the next start.
 */
public class SessionSubscriptions extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSubscriptions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClients clients;
    private final Path file;

    public SessionSubscriptions(MqttClients clients, Path file) {
        this.clients = clients;
        this.file = file;
        setIgnoreExchangeEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent
                || event instanceof CamelEvent.RouteReloadedEvent reloaded && reloaded.getIndex() == reloaded.getTotal();
    }

    @Override
    public void notify(CamelEvent event) {
        reconcile(getCamelContext());
    }

    /** Unsubscribes every filter no running route wants, and records what each session keeps. */
    public synchronized void reconcile(CamelContext context) {
        Map<String, List<String>> wanted = topicsByClient(context);
        Map<String, List<String>> recorded = read();
        Map<String, Set<String>> inSession = new TreeMap<>();
        for (ReliableMqttClient client : clients.subscribers()) {
            String id = client.getClientId();
            inSession.put(id, new TreeSet<>(client.retainOnly(wanted.getOrDefault(id, List.of()),
                    recorded.getOrDefault(id, List.of()))));
        }
        write(inSession);
    }

    private static Map<String, List<String>> topicsByClient(CamelContext context) {
        Map<String, List<String>> topics = new HashMap<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof PahoMqtt5Endpoint endpoint
                    && endpoint.getClient() instanceof ReliableMqttClient client) {
                topics.computeIfAbsent(client.getClientId(), id -> new ArrayList<>()).add(endpoint.getTopic());
            }
        }
        return topics;
    }

    private Map<String, List<String>> read() {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<Map<String, List<String>>>() { });
        } catch (IOException e) {
            LOG.warn("{} could not be read ({}): filters removed from the routes before this start stay subscribed",
                    file, e.getMessage());
            return Map.of();
        }
    }

    private void write(Map<String, Set<String>> inSession) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), inSession);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("{} could not be written ({}): a filter removed while the forwarder is stopped may stay subscribed",
                    file, e.getMessage());
        }
    }
}
