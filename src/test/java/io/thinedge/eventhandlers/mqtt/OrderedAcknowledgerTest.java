package io.thinedge.eventhandlers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OrderedAcknowledgerTest {

    private final List<Integer> sent = new ArrayList<>();
    private final OrderedAcknowledger acks = new OrderedAcknowledger((id, qos) -> sent.add(id));

    @Test
    void should_hold_an_early_completion_until_the_messages_before_it_complete() {
        acks.arrived(1, 1);
        acks.arrived(2, 1);
        acks.arrived(3, 1);

        acks.completed(3);
        acks.completed(2);
        assertThat(sent).isEmpty();

        acks.completed(1);
        assertThat(sent).containsExactly(1, 2, 3);
        assertThat(acks.inFlight()).isZero();
    }

    @Test
    void should_skip_a_failed_message_without_acknowledging_it() {
        acks.arrived(1, 1);
        acks.arrived(2, 1);
        acks.failed(1);
        acks.completed(2);
        assertThat(sent).containsExactly(2);
    }

    @Test
    void should_forget_everything_when_the_connection_is_lost() {
        acks.arrived(1, 1);
        acks.arrived(2, 1);
        acks.connectionLost();
        acks.completed(1);
        acks.completed(2);
        assertThat(sent).isEmpty();
        assertThat(acks.inFlight()).isZero();
    }

    @Test
    void should_not_track_qos_0_messages() {
        acks.arrived(0, 0);
        acks.arrived(5, 1);
        acks.completed(5);
        assertThat(sent).containsExactly(5);
    }

    @Test
    void should_acknowledge_a_redelivered_message_once() {
        acks.arrived(7, 1);
        acks.arrived(7, 1); // redelivered while the first copy is still in flight
        acks.completed(7);
        acks.completed(7);
        assertThat(sent).containsExactly(7);
    }

    @Test
    void should_make_arrivals_wait_for_room_until_a_message_is_settled() throws Exception {
        acks.arrived(1, 1);
        acks.arrived(2, 1);
        assertThat(acks.awaitRoom(2, 10)).as("full").isFalse();

        java.util.concurrent.CompletableFuture<Boolean> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return acks.awaitRoom(2, 30_000);
            } catch (InterruptedException e) {
                return false;
            }
        });
        acks.completed(1);
        assertThat(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(acks.awaitRoom(2, 10)).isTrue();
    }
}
