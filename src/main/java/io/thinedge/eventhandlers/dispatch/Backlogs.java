package io.thinedge.eventhandlers.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.event.Event;
import io.thinedge.eventhandlers.event.EventCodec;
import io.thinedge.eventhandlers.handler.SafeErrorText;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.metrics.DroppedEvents;
import io.thinedge.eventhandlers.store.DeadLetters;
import io.thinedge.eventhandlers.store.ReplayClaim;

/**
 * A handler's events that could not go out live, kept in its {@link DeadLetters} (SPEC §6).
 * Everything here runs on the handler's lane.
 *
 * <p>Order per handler always holds: while letters wait, every new event is kept behind them
 * and a replay pass sends them oldest first, the new one last. A pass starts when an event
 * arrives with letters waiting, when the handler becomes active again (a successful test or
 * re-test, an operator enabling it, a start), after an operator's retry, and after a failed batch
 * (each of its events but the first is worth an attempt, as when they come one by one). It sends one letter
 * per turn of the lane (new events are appended in between). A transient failure counts toward
 * the breaker like any other; the pass tries the same letter again once for each event that
 * arrived behind it meanwhile (as many attempts as live delivery would have made), then stops
 * until the next event or activation: 5 failures in a row fail the handler. A letter the receiver rejects for good (an HTTP 4xx
 * other than 408/425/429, a Kafka record too large, ...) is parked: kept and listed, never
 * replayed automatically, so one poison event never blocks the handler.
 */
public final class Backlogs {

    private static final Logger LOG = LoggerFactory.getLogger(Backlogs.class);

    /** What a replay needs from the handler runtimes. */
    interface Deliveries {
        /** The handler as stored now; null once deleted. */
        EventHandler current(String id);

        /** Counts the handler's switches to active: a change means "active again". */
        long activation(String id);

        Executor lane(String id);

        /** Delivers a {@link QueuedEvent} or a list of them through the handler's route (the failure recorded there). */
        DeliveryOutcome send(EventHandler handler, Object queuedOrBatch) throws Exception;
    }

    /** One handler's replay state; used on its lane only. */
    private static final class Backlog {
        long activation = -1;
        boolean replaying;
        /** Letters may be waiting: set when one is kept or found, cleared when a pass found none. */
        boolean waiting;
        /** Events kept behind the letters since the last failure: each is worth one more attempt. */
        int attempts;
        /** This instance's claim to replay the handler's letters (instances sharing a store replay one at a time). */
        ReplayClaim claim;
    }

    private final DeadLetters letters;
    private final Deliveries deliveries;
    private final DroppedEvents dropped;
    private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

    Backlogs(DeadLetters letters, Deliveries deliveries, DroppedEvents dropped) {
        this.letters = letters;
        this.deliveries = deliveries;
        this.dropped = dropped;
    }

    /**
     * Delivers one event of a handler not disabled: live when it is active with nothing waiting,
     * otherwise kept behind the waiting letters (a failed handler's too).
     */
    void deliver(EventHandler handler, QueuedEvent queued) throws Exception {
        Event event = queued.event();
        if (keepsEventsOf(handler)) {
            keep(handler.id(), event, null);
            backlog(handler.id()).attempts++;
            wake(handler);
            return;
        }
        DeliveryOutcome outcome = deliveries.send(handler, queued);
        if (!outcome.delivered()) {
            keepFailed(handler.id(), event, outcome);
        }
    }

    /**
     * Delivers events that queued up together in one send (Kafka, webhooks); a failed batch is kept
     * whole, each letter with the batch's error, to be replayed one by one. Each of its events is
     * worth one attempt, as if it had come alone: a handler fails after as many events as before.
     */
    void deliverBatch(EventHandler handler, List<QueuedEvent> events) throws Exception {
        if (keepsEventsOf(handler)) {
            for (QueuedEvent queued : events) {
                keep(handler.id(), queued.event(), null);
            }
            backlog(handler.id()).attempts += events.size();
            wake(handler);
            return;
        }
        DeliveryOutcome outcome = deliveries.send(handler, events);
        if (!outcome.delivered()) {
            for (QueuedEvent queued : events) {
                keep(handler.id(), queued.event(), outcome.error());
            }
            // the send was the first event's attempt; a pass makes the others' now
            backlog(handler.id()).attempts += events.size() - 1;
            wake(handler);
        }
    }

    /** True when new events of the handler go behind waiting letters (or the handler is not active). */
    boolean keepsEventsOf(EventHandler handler) {
        Backlog backlog = backlog(handler.id());
        noticeActivation(handler, backlog);
        return !handler.active() || backlog.waiting || backlog.replaying;
    }

    /** Starts a replay pass if the handler is active and letters may be waiting. */
    void wake(EventHandler handler) {
        Backlog backlog = backlog(handler.id());
        noticeActivation(handler, backlog);
        if (handler.active() && backlog.waiting) {
            startReplay(handler.id(), backlog);
        }
    }

    /** The operator made parked letters wait again: a pass starts now if the handler is active. */
    void lettersChanged(EventHandler handler) {
        Backlog backlog = backlog(handler.id());
        backlog.waiting = true;
        wake(handler);
    }

    /** The handler was deleted: its letters go too. */
    void forget(String id) {
        Backlog backlog = backlogs.remove(id);
        if (backlog != null) {
            endReplay(backlog);
        }
        letters.clear(id);
    }

    /** The event failed live: parked when the receiver rejects it for good, else waiting. */
    private void keepFailed(String id, Event event, DeliveryOutcome outcome) {
        if (outcome.permanent()) {
            if (stored(id, () -> letters.park(id, EventCodec.toJson(event), outcome.error()))) {
                LOG.warn("Event handler {} rejected an event for good; it is parked in its dead letters: {}", id, outcome.error());
            }
        } else if (stored(id, () -> letters.add(id, EventCodec.toJson(event), outcome.error()))) {
            backlog(id).waiting = true;
        }
    }

    /** @param error why it was not sent; null when it was kept without a try (letters waited) */
    private void keep(String id, Event event, String error) {
        if (stored(id, () -> letters.add(id, EventCodec.toJson(event), error))) {
            backlog(id).waiting = true;
        }
    }

    /**
     * Writes a dead letter; a store that cannot write costs this handler the event (counted, an
     * ERROR) instead of holding back its MQTT message, and with it the other handlers' intake.
     */
    private boolean stored(String id, Runnable write) {
        try {
            write.run();
            return true;
        } catch (RuntimeException e) {
            dropped.lost(DroppedEvents.STORE_UNWRITABLE, id, "its dead letter could not be written: " + SafeErrorText.of(e));
            return false;
        }
    }

    /** A handler seen active again: its stored letters may be waiting (a start, a test, an operator's enabled:true). */
    private void noticeActivation(EventHandler handler, Backlog backlog) {
        if (!handler.active()) {
            endReplay(backlog);
            backlog.attempts = 0;
            return;
        }
        long activation = deliveries.activation(handler.id());
        if (backlog.activation != activation) {
            backlog.activation = activation;
            backlog.waiting = letters.waiting(handler.id()) > 0;
        }
    }

    private static void endReplay(Backlog backlog) {
        backlog.replaying = false;
        if (backlog.claim != null) {
            backlog.claim.close();
            backlog.claim = null;
        }
    }

    private Backlog backlog(String id) {
        return backlogs.computeIfAbsent(id, key -> new Backlog());
    }

    private void startReplay(String id, Backlog backlog) {
        if (!backlog.replaying) {
            Optional<ReplayClaim> claim = letters.claimReplay(id);
            if (claim.isEmpty()) {
                // another instance sharing the store replays them: this one keeps appending behind
                LOG.debug("Event handler {}: another instance replays its dead letters", id);
                return;
            }
            backlog.claim = claim.get();
            backlog.replaying = true;
            LOG.debug("Event handler {} replays its waiting dead letters", id);
            deliveries.lane(id).execute(() -> replayNext(id));
        }
    }

    /** Delivers the oldest waiting letter and queues the next turn behind whatever arrived meanwhile. */
    private void replayNext(String id) {
        Backlog backlog = backlogs.get(id);
        if (backlog == null || !backlog.replaying) {
            return;
        }
        EventHandler handler = deliveries.current(id);
        if (handler == null || !handler.active()) {
            endReplay(backlog);
            return;
        }
        try {
            // two: the turn that removes the last letter goes live, leaving no gap for an event
            List<DeadLetters.Letter> oldest = letters.oldestWaiting(id, 2);
            if (oldest.isEmpty() || replay(handler, oldest.get(0)) && oldest.size() == 1) {
                endReplay(backlog);
                backlog.waiting = false;
                backlog.attempts = 0;
                LOG.info("Event handler {} replayed its waiting dead letters and takes events live again", id);
                return;
            }
        } catch (Exception e) {
            // the store (or the route) failed: the next event or activation of this handler tries again
            LOG.warn("Replay of the dead letters of event handler {} stopped: {}", id, SafeErrorText.of(e));
            endReplay(backlog);
            return;
        }
        if (backlog.replaying) {
            deliveries.lane(id).execute(() -> replayNext(id));
        }
    }

    /**
     * Sends one letter: true when it is gone (delivered, parked, or unreadable); false after a
     * transient failure, which ends the pass.
     */
    private boolean replay(EventHandler handler, DeadLetters.Letter letter) throws Exception {
        String id = handler.id();
        Event event;
        try {
            event = EventCodec.fromJson(letter.eventJson());
        } catch (IllegalArgumentException e) {
            LOG.error("Dead letter {} of event handler {} is dropped: {}", letter.sequence(), id, e.getMessage());
            letters.remove(letter.sequence());
            return true;
        }
        DeliveryOutcome outcome = deliveries.send(handler, QueuedEvent.of(event));
        if (outcome.delivered()) {
            letters.remove(letter.sequence());
            return true;
        }
        if (outcome.permanent()) {
            letters.markParked(letter.sequence(), outcome.error());
            LOG.warn("Event handler {} rejected dead letter {} for good; it is parked: {}", id, letter.sequence(), outcome.error());
            return true;
        }
        letters.recordAttempt(letter.sequence(), outcome.error());
        // each event kept behind the letters is worth one attempt (as its live delivery would have
        // been); this one is used up, and the pass goes on only while more events wait for theirs
        Backlog backlog = backlogs.get(id);
        if (backlog.attempts > 0) {
            backlog.attempts--;
        }
        if (backlog.attempts == 0) {
            endReplay(backlog);
        }
        return false;
    }

    /**
     * The automatic re-test of a failed handler (SPEC §6): its oldest waiting letter, a real event,
     * through the handler's sink outside its breaker. Delivered: removed, and the handler is enabled
     * again (the rest replayed then). Rejected for good: parked. With no waiting letter nothing is
     * probed: only the operator's test re-enables it then.
     *
     * @return the probe's outcome, or null when nothing waited
     */
    DeliveryOutcome probe(EventHandler handler, Prober prober) {
        List<DeadLetters.Letter> oldest = letters.oldestWaiting(handler.id(), 1);
        if (oldest.isEmpty()) {
            return null;
        }
        DeadLetters.Letter letter = oldest.get(0);
        DeliveryOutcome outcome = prober.probe(handler, EventCodec.fromJson(letter.eventJson()));
        if (outcome.delivered()) {
            letters.remove(letter.sequence());
        } else if (outcome.permanent()) {
            letters.markParked(letter.sequence(), outcome.error());
        } else {
            letters.recordAttempt(letter.sequence(), outcome.error());
        }
        return outcome;
    }

    /** Sends an event through a handler's sink outside its route and breaker. */
    @FunctionalInterface
    public interface Prober {
        DeliveryOutcome probe(EventHandler handler, Event event);
    }
}
