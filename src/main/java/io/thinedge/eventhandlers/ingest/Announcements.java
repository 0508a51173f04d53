package io.thinedge.eventhandlers.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.SafeErrorText;
import io.thinedge.eventhandlers.store.Announcement;

/**
 * Settles the {@link Announcement}s of the lifecycle events an exchange dispatches once the exchange
 * is done: recorded when every matching handler delivered or kept them, undone when the dispatch
 * failed (the MQTT message is then not acknowledged, and its redelivery raises them again).
 */
public final class Announcements {

    private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);

    private Announcements() {
    }

    /**
     * Raises the lifecycle events of an exchange ({@code raising} adds the announcements it starts to
     * the list) and settles those announcements when the exchange is done, or at once when raising failed.
     */
    public static <T> T raise(Exchange exchange, Function<List<Announcement>, T> raising) {
        List<Announcement> announcements = new ArrayList<>(2);
        T events;
        try {
            events = raising.apply(announcements);
        } catch (RuntimeException e) {
            announcements.forEach(announcement -> settle(announcement::failed));
            throw e;
        }
        settleWhenDone(exchange, announcements);
        return events;
    }

    private static void settleWhenDone(Exchange exchange, List<Announcement> announcements) {
        if (announcements.isEmpty()) {
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                announcements.forEach(announcement -> settle(announcement::dispatched));
            }

            @Override
            public void onFailure(Exchange failed) {
                announcements.forEach(announcement -> settle(announcement::failed));
            }
        });
    }

    private static void settle(Runnable settlement) {
        try {
            settlement.run();
        } catch (RuntimeException e) {
            // the events went out; a store that failed now only means they may be announced again
            LOG.warn("Known child devices could not be updated, their lifecycle events may be raised again: {}",
                    SafeErrorText.of(e));
        }
    }
}
