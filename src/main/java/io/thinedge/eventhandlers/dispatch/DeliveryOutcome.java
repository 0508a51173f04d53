package io.thinedge.eventhandlers.dispatch;

/**
 * What became of one delivery through a handler's route: delivered, or failed with its error,
 * transient (kept to be replayed) or permanent (parked: see {@link PermanentRejections}).
 */
public record DeliveryOutcome(boolean delivered, boolean permanent, String error) {

    public static final DeliveryOutcome DELIVERED = new DeliveryOutcome(true, false, null);

    public static DeliveryOutcome failed(Throwable cause, String error) {
        return new DeliveryOutcome(false, cause != null && PermanentRejections.isPermanent(cause), error);
    }
}
