package io.thinedge.eventhandlers.dispatch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.EventCodec;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.store.DeadLetters;

/**
 * The events a handler could not take live, kept in its {@link DeadLetters} and replayed oldest
 * first (SPEC §6). Everything here runs on the handler's lane.
 *
 * <p>Kept: a failed live delivery, every event of a failed handler, and every event that arrives
 * while the handler replays. A replay starts when the handler becomes active with letters stored
 * (a successful test or re-test, an operator enabling it, a start) and after a live delivery
 * succeeds following failed ones. It delivers one letter per turn of the lane, so new events are
 * appended in between (their MQTT messages acknowledged at once), and goes live when it finds no
 * letter left: the lane runs one task at a time, so no event slips between the last letter and
 * live delivery. A letter is removed once delivered; a failing one is tried again until the
 * breaker fails the handler, which ends the replay until the handler is active again.
 */
final class Backlogs {

    private static final Logger LOG = LoggerFactory.getLogger(Backlogs.class);

    /** What a replay needs from the handler runtimes. */
    interface Deliveries {
        /** The handler as stored now; null once deleted. */
        EventHandler current(String id);

        /** Counts the handler's switches to active: a change means "active again". */
        long activation(String id);

        Executor lane(String id);

        /** Delivers through the handler's route; false when the delivery failed (and was counted). */
        boolean send(EventHandler handler, Event event) throws Exception;
    }

    /** One handler's replay state; used on its lane only. */
    private static final class Backlog {
        long activation = -1;
        boolean replaying;
        /** Letters may be stored: set when one is kept or found. */
        boolean pending;
    }

    private final DeadLetters letters;
    private final Deliveries deliveries;
    private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

    Backlogs(DeadLetters letters, Deliveries deliveries) {
        this.letters = letters;
        this.deliveries = deliveries;
    }

    /**
     * True when the handler's events are kept now (it failed, or it replays) instead of delivered.
     * A handler seen active again with letters stored starts its replay here.
     */
    boolean keepsEventsOf(EventHandler handler) {
        Backlog backlog = backlog(handler.id());
        if (!handler.active()) {
            backlog.replaying = false;
            return true;
        }
        long activation = deliveries.activation(handler.id());
        if (backlog.activation != activation) {
            backlog.activation = activation;
            backlog.pending = letters.size(handler.id()) > 0;
            if (backlog.pending) {
                startReplay(handler.id(), backlog);
            }
        }
        return backlog.replaying;
    }

    /** Stores the event as the handler's newest letter; the durable record of its failure. */
    void keep(String id, Event event) {
        letters.add(id, EventCodec.toJson(event));
        backlog(id).pending = true;
    }

    /** A live delivery succeeded: letters kept by earlier failures are replayed now. */
    void delivered(String id) {
        Backlog backlog = backlog(id);
        if (backlog.pending) {
            startReplay(id, backlog);
        }
    }

    /** The handler was deleted: its letters go too. */
    void forget(String id) {
        backlogs.remove(id);
        letters.clear(id);
    }

    private Backlog backlog(String id) {
        return backlogs.computeIfAbsent(id, key -> new Backlog());
    }

    private void startReplay(String id, Backlog backlog) {
        if (!backlog.replaying) {
            backlog.replaying = true;
            LOG.info("Event handler {} replays its {} dead letters", id, letters.size(id));
            deliveries.lane(id).execute(() -> replayNext(id));
        }
    }

    /** Delivers the oldest letter and queues the next turn behind whatever arrived meanwhile. */
    private void replayNext(String id) {
        Backlog backlog = backlogs.get(id);
        if (backlog == null || !backlog.replaying) {
            return;
        }
        EventHandler handler = deliveries.current(id);
        if (handler == null || !handler.active()) {
            backlog.replaying = false;
            return;
        }
        try {
            // two: the turn that removes the last letter goes live, leaving no gap for an event
            List<DeadLetters.Letter> oldest = letters.oldest(id, 2);
            boolean delivered = oldest.isEmpty() || deliver(handler, oldest.get(0));
            if (delivered && !oldest.isEmpty()) {
                letters.remove(oldest.get(0).sequence());
            }
            if (delivered && oldest.size() <= 1) {
                backlog.replaying = false;
                backlog.pending = false;
                LOG.info("Event handler {} replayed its dead letters and takes events live again", id);
                return;
            }
        } catch (Exception e) {
            // the store (or the route) failed: the next event of this handler starts the replay again
            LOG.warn("Replay of the dead letters of event handler {} stopped: {}", id, e.getMessage());
            backlog.replaying = false;
            backlog.activation = -1;
            return;
        }
        deliveries.lane(id).execute(() -> replayNext(id));
    }

    /** True when the letter can go: delivered, or unreadable (then dropped, as nothing could ever send it). */
    private boolean deliver(EventHandler handler, DeadLetters.Letter letter) throws Exception {
        Event event;
        try {
            event = EventCodec.fromJson(letter.eventJson());
        } catch (IllegalArgumentException e) {
            LOG.error("Dead letter {} of event handler {} is dropped: {}", letter.sequence(), handler.id(), e.getMessage());
            return true;
        }
        return deliveries.send(handler, event);
    }
}
