package io.thinedge.eventhandlers.store;

/**
 * A change of {@link KnownChildren} that goes with a lifecycle event (a child created or seen for the
 * first time, a command's success, a child deleted): kept pending while the event is dispatched, and
 * made durable only once every matching handler delivered or kept it, so that a crash or a failed
 * dispatch in between does not lose the event: the MQTT message comes again and raises it again.
 */
public final class Announcement {

    private final Runnable dispatched;
    private final Runnable failed;

    Announcement(Runnable dispatched, Runnable failed) {
        this.dispatched = dispatched;
        this.failed = failed;
    }

    /** The event was delivered or kept by every matching handler: the change is recorded for good. */
    public void dispatched() {
        dispatched.run();
    }

    /** The dispatch of the event failed: the change is undone, the next attempt raises the event again. */
    public void failed() {
        failed.run();
    }
}
