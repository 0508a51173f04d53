package io.thinedge.eventhandlers.dispatch;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.RecipientListDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Completes an exchange's {@code recipientList} only once every handler queue it sent the event to
 * has the event's outcome: delivered, or kept as a dead letter. Only then can the MQTT message be
 * acknowledged.
 *
 * <p>The queues' producers complete at once ({@link HandlerQueueEndpoint}) and the wait is here,
 * once per exchange, instead of in each of the recipientList's copies: with each copy waiting for
 * its handler, Camel's parallel multicast completed every copy on a handler thread (its unit of
 * work, aggregation and callbacks), which cost the 10-handler bench row about 40% more CPU per
 * event than the dispatcher it replaced (JFR and {@code make bench}, 2026-12-07). Wrapped around
 * every recipientList by Camel itself (an intercept strategy), so no edit of a route's steps can
 * switch the wait off; a recipientList that reaches no handler queue completes as it did.
 */
public final class AwaitHandlerQueues implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
            Processor nextTarget) {
        return definition instanceof RecipientListDefinition<?>
                ? new Awaiting(AsyncProcessorConverterHelper.convert(target))
                : target;
    }

    private static final class Awaiting extends DelegateAsyncProcessor {

        Awaiting(AsyncProcessor recipientList) {
            super(recipientList);
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            DeliveryHolds holds = new DeliveryHolds();
            Object outer = exchange.getProperty(DeliveryHolds.PROPERTY);
            exchange.setProperty(DeliveryHolds.PROPERTY, holds);
            boolean sync = processor.process(exchange, doneSync -> {
                restore(exchange, outer);
                if (holds.close(failure -> complete(exchange, failure, callback, false))) {
                    complete(exchange, holds.failure(), callback, doneSync);
                }
            });
            // done now only if the recipientList was and every queue had its outcome when it returned
            return sync && holds.releasedAtClose();
        }

        private static void restore(Exchange exchange, Object outer) {
            if (outer == null) {
                exchange.removeProperty(DeliveryHolds.PROPERTY);
            } else {
                exchange.setProperty(DeliveryHolds.PROPERTY, outer);
            }
        }

        private static void complete(Exchange exchange, Exception failure, AsyncCallback callback, boolean doneSync) {
            if (failure != null && exchange.getException() == null) {
                // the outcome could not be recorded (the store failed): not acknowledged, it comes again
                exchange.setException(failure);
            }
            callback.done(doneSync);
        }
    }
}
