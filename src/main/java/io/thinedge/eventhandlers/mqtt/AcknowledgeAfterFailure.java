package io.thinedge.eventhandlers.mqtt;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Message;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.SynchronizationAdapter;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;

/**
 * Tells {@link FailedExchanges} about an exchange that failed, so its message is handed to the route
 * again a bounded number of times and then reported and acknowledged, while the acknowledgements
 * of the messages behind it wait their turn (not longer than those attempts).
 *
 * <p>camel-paho-mqtt5 acknowledges on completion only and says nothing on failure, hence this
 * policy on every route that consumes from a {@code paho-mqtt5} endpoint with our client. It also
 * tells the client which consumer takes its messages, so a route being reloaded gets none while it
 * stops ({@link ReliableMqttClient#consumedBy}).
 */
public class AcknowledgeAfterFailure implements RoutePolicyFactory {

    private final FailedExchanges failedExchanges;

    public AcknowledgeAfterFailure(FailedExchanges failedExchanges) {
        this.failedExchanges = failedExchanges;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onStart(Route route) {
                if (route.getEndpoint() instanceof PahoMqtt5Endpoint endpoint
                        && endpoint.getClient() instanceof ReliableMqttClient client) {
                    client.consumedBy(route.getConsumer());
                }
            }

            @Override
            public void onExchangeBegin(Route route, Exchange exchange) {
                if (!(route.getEndpoint() instanceof PahoMqtt5Endpoint endpoint)
                        || !(endpoint.getClient() instanceof ReliableMqttClient client)
                        || !(exchange.getIn() instanceof PahoMqtt5Message message)) {
                    return;
                }
                MqttMessage original = message.getMqttMessage();
                int ticket = original.getId(); // the client's ticket for the message
                String topic = message.getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);
                exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onComplete(Exchange completed) {
                        failedExchanges.completed(client, ticket);
                    }

                    @Override
                    public void onFailure(Exchange failed) {
                        failedExchanges.failed(client, ticket, route.getRouteId(), topic, original, failed.getException());
                    }
                });
            }
        };
    }
}
