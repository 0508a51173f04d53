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
        int first = acks.arrived(1, 1);
        int second = acks.arrived(2, 1);
        int third = acks.arrived(3, 1);

        acks.completed(third);
        acks.completed(second);
        assertThat(sent).isEmpty();

        acks.completed(first);
        assertThat(sent).containsExactly(1, 2, 3);
        assertThat(acks.inFlight()).isZero();
    }

    @Test
    void should_forget_everything_when_the_connection_is_lost() {
        int first = acks.arrived(1, 1);
        int second = acks.arrived(2, 1);
        acks.connectionLost();
        acks.completed(first);
        acks.completed(second);
        assertThat(sent).isEmpty();
        assertThat(acks.inFlight()).isZero();
    }

    @Test
    void should_not_let_a_late_completion_of_a_lost_connection_settle_a_new_message_with_its_id() {
        int old = acks.arrived(1, 1);
        acks.connectionLost();
        // a broker that lost its session numbers its messages from 1 again
        int fresh = acks.arrived(1, 1);

        acks.completed(old);
        assertThat(sent).isEmpty();
        assertThat(acks.inFlight()).isOne();

        acks.completed(fresh);
        assertThat(sent).containsExactly(1);
    }

    @Test
    void should_not_track_qos_0_messages() {
        assertThat(acks.arrived(0, 0)).isEqualTo(OrderedAcknowledger.NO_TICKET);
        int tracked = acks.arrived(5, 1);
        acks.completed(OrderedAcknowledger.NO_TICKET);
        assertThat(sent).isEmpty();
        acks.completed(tracked);
        assertThat(sent).containsExactly(5);
    }

    @Test
    void should_acknowledge_a_redelivered_message_once_when_its_newer_copy_completes() {
        int first = acks.arrived(7, 1);
        int redelivered = acks.arrived(7, 1); // redelivered while the first copy is still in flight
        acks.completed(first);
        assertThat(sent).isEmpty();
        acks.completed(redelivered);
        acks.completed(redelivered);
        assertThat(sent).containsExactly(7);
        assertThat(acks.inFlight()).isZero();
    }

    @Test
    void should_make_arrivals_wait_for_room_until_a_message_is_settled() throws Exception {
        int first = acks.arrived(1, 1);
        acks.arrived(2, 1);
        assertThat(acks.awaitRoom(2, 10)).as("full").isFalse();

        java.util.concurrent.CompletableFuture<Boolean> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return acks.awaitRoom(2, 30_000);
            } catch (InterruptedException e) {
                return false;
            }
        });
        acks.completed(first);
        assertThat(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(acks.awaitRoom(2, 10)).isTrue();
    }
}
