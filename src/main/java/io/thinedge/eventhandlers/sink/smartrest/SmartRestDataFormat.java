package io.thinedge.eventhandlers.sink.smartrest;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;

import io.thinedge.eventhandlers.event.DeviceEvent;

/**
 * {@code marshal} for routes: a {@link DeviceEvent} body becomes the message Cumulocity receives
 * for it (no child registration: that needs the {@code tedge-smartrest-sink} Kamelet's {@code smartRestSteps} bean), with headers saying where it
 * goes. Only delegates to the {@link SmartRestMarshaller}.
 */
public final class SmartRestDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    /**
     * Exchange variable: {@code mqtt}, {@code http}, or {@code lookup} (a GET of a child's
     * managed-object id must come first); a variable, as headers set while marshalling do not survive it.
     */
    public static final String TRANSPORT = "SmartRestTransport";
    /** Exchange variable: the MQTT topic, or the URL to POST to (or to GET the child's id from). */
    public static final String DESTINATION = "SmartRestDestination";
    /** Exchange variable read: the managed-object id of the event's child device, once looked up. */
    public static final String CHILD_SOURCE_ID = "SmartRestChildSourceId";

    private final SmartRestMarshaller marshaller;

    public SmartRestDataFormat(SmartRestMarshaller marshaller) {
        this.marshaller = marshaller;
    }

    @Override
    public String getDataFormatName() {
        return "smartrest";
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        C8yMessage message = marshaller.convert(exchange.getContext().getTypeConverter()
                .mandatoryConvertTo(DeviceEvent.class, exchange, graph),
                Optional.ofNullable(exchange.getVariable(CHILD_SOURCE_ID, String.class)));
        if (message instanceof C8yMessage.Mqtt mqtt) {
            exchange.setVariable(TRANSPORT, "mqtt");
            exchange.setVariable(DESTINATION, mqtt.topic());
        } else if (message instanceof C8yMessage.HttpPost post) {
            exchange.setVariable(TRANSPORT, "http");
            exchange.setVariable(DESTINATION, post.uri().toString());
        } else if (message instanceof C8yMessage.IdentityLookup lookup) {
            exchange.setVariable(TRANSPORT, "lookup");
            exchange.setVariable(DESTINATION, lookup.uri().toString());
        }
        stream.write(message.payload().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) {
        throw new UnsupportedOperationException("SmartREST is an output format only");
    }
}
