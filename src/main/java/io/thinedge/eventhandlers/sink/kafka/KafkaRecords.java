package io.thinedge.eventhandlers.sink.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.sink.SharedJson;
import io.thinedge.eventhandlers.sink.SinkSetups;

/**
 * The {@code kafkaRecords} bean of the {@code tedge-kafka-sink} Kamelet: turns one event, or the
 * batch of events that waited for the handler, into the messages camel-kafka sends as records
 * (its {@code batchWithIndividualHeaders}): the generic JSON as UTF-8, keyed by device id, with
 * the handler's record headers.
 */
public final class KafkaRecords implements Processor {

    private final CamelContext context;
    private final SinkSetups setups;
    private final SharedJson json;

    public KafkaRecords(CamelContext context, SinkSetups setups, SharedJson json) {
        this.context = context;
        this.setups = setups;
        this.json = json;
    }

    /** The body (an event or a batch) becomes the records of the handler the Kamelet names ({@link SinkSetups#SETUP_PROPERTY}). */
    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(records(exchange.getMessage(),
                SinkSetups.setupOf(exchange)));
    }

    /**
     * One record per event: of the message, or of each message of a batch (its events with the
     * headers each had at dispatch). A record carries its event's headers (camel-kafka's header
     * filter drops Camel's own), then the handler's.
     */
    List<Message> records(Message message, String handlerId) {
        Map<String, String> headers = setups.parsed(handlerId, KafkaConfig.class,
                handler -> KafkaConfig.from(handler.connectionConfig())).headers();
        List<?> events = message.getBody() instanceof List<?> batch ? batch : List.of(message);
        List<Message> records = new ArrayList<>(events.size());
        for (Object each : events) {
            Message source = each instanceof Message eventMessage ? eventMessage : null;
            Event event = source != null ? source.getBody(Event.class) : (Event) each;
            Message record = new DefaultMessage(context);
            if (source != null) {
                record.getHeaders().putAll(source.getHeaders());
            }
            headers.forEach((name, value) -> record.setHeader(name, value.getBytes(StandardCharsets.UTF_8)));
            record.setHeader(KafkaConstants.KEY, event.deviceId());
            record.setBody(json.bytes(event));
            records.add(record);
        }
        return records;
    }
}
