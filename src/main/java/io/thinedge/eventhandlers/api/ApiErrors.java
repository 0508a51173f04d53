package io.thinedge.eventhandlers.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;
import io.thinedge.eventhandlers.store.HandlerLimitExceededException;

/** Turns what went wrong into a JSON answer: a message naming the problem, never a stack trace. */
final class ApiErrors implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    @Override
    public void process(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof ApiException api) {
            JsonExchange.respondError(exchange, api.status(), api.getMessage());
            if (api.status() == 401) {
                exchange.getMessage().setHeader(ApiException.WWW_AUTHENTICATE, ApiException.BEARER_CHALLENGE);
            }
        } else if (cause instanceof InvalidHandlerException invalid) {
            JsonExchange.respondError(exchange, 400, invalid.getMessage());
        } else if (cause instanceof HandlerLimitExceededException full) {
            JsonExchange.respondError(exchange, 409, full.getMessage());
        } else {
            LOG.error("Handler API request {} {} failed", exchange.getIn().getHeader(Exchange.HTTP_METHOD),
                    exchange.getIn().getHeader(Exchange.HTTP_PATH), cause);
            JsonExchange.respondError(exchange, 500, "Internal error; the forwarder's log has the details");
        }
    }
}
