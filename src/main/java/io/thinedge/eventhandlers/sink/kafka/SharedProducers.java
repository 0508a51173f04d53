package io.thinedge.eventhandlers.sink.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import java.util.function.Function;

import org.apache.kafka.clients.producer.Producer;

/**
 * One Kafka producer for all handlers whose producer properties are the same (usually: the same
 * cluster), as Kafka recommends: one sender thread and one connection per broker carry the
 * records of all of them, several handlers' batches in one produce request. With a producer per
 * handler, ten handlers on one cluster sent ten requests where one does, and the broker's work
 * per request and the senders' wake-ups set the cost of every handler added.
 *
 * <p>A producer lives while a handler uses it: each {@link #acquire} is matched by one
 * {@link Lease#close}, and the last one closes it. A handler's record key, topic and headers are
 * its own; a failed send fails only the records of the handler that sent them.
 */
public final class SharedProducers {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Function<Properties, Producer<Object, Object>> create;
    private final Map<Properties, Shared> byProperties = new HashMap<>();
    /** Producers created so far, for their client ids (only changed under this object's lock). */
    private int created;

    /** @param create makes a producer from complete properties (camel-kafka's default client factory) */
    public SharedProducers(Function<Properties, Producer<Object, Object>> create) {
        this.create = create;
    }

    /** A handler's use of a shared producer. */
    public final class Lease implements AutoCloseable {
        private final Properties key;
        private final Shared shared;
        private boolean closed;

        private Lease(Properties key, Shared shared) {
            this.key = key;
            this.shared = shared;
        }

        public Producer<Object, Object> producer() {
            return shared.producer;
        }

        /** Ends this use; closes the producer (waiting for what it still sends) when it was the last. */
        @Override
        public void close() {
            Producer<Object, Object> last;
            synchronized (SharedProducers.this) {
                if (closed) {
                    return;
                }
                closed = true;
                last = --shared.users == 0 && byProperties.remove(key, shared) ? shared.producer : null;
            }
            if (last != null) {
                last.close(CLOSE_TIMEOUT);
            }
        }
    }

    private static final class Shared {
        final Producer<Object, Object> producer;
        int users;

        Shared(Producer<Object, Object> producer) {
            this.producer = producer;
        }
    }

    /**
     * The producer for these properties (complete but for {@code client.id}, which a shared
     * producer gets of its own unless they set one), created on first use.
     */
    public synchronized Lease acquire(Properties properties) {
        Properties key = new Properties();
        key.putAll(properties);
        Shared shared = byProperties.get(key);
        if (shared == null) {
            Properties withId = new Properties();
            withId.putAll(key);
            withId.putIfAbsent("client.id", "tedge-event-handlers-" + ++created);
            shared = new Shared(create.apply(withId));
            byProperties.put(key, shared);
        }
        shared.users++;
        return new Lease(key, shared);
    }

    /** Producers open now (the tests check that handlers share them and the last one closes them). */
    public synchronized int open() {
        return byProperties.size();
    }
}
