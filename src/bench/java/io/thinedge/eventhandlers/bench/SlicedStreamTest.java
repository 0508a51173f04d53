package io.thinedge.eventhandlers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class SlicedStreamTest {

    @Test
    void everyHundredConsecutiveEventsGoOnePerTypeAndChild() {
        Set<String> topics = LongStream.range(1_234, 1_334).mapToObj(SlicedStream::topic).collect(Collectors.toSet());

        assertThat(topics).hasSize(SlicedStream.DOMAINS * SlicedStream.TYPES)
                .allMatch(topic -> topic.matches("tedge/events/bench_event_\\d/bench-child-\\d"));
    }

    @Test
    void eachChildDeviceIsInADomainOfItsOwn() {
        assertThat(SlicedStream.CHILD_DOMAINS).hasSize(SlicedStream.DOMAINS)
                .containsEntry("tedge.child-domain.bench-child-3", "/bench-3/");
        assertThat(Set.copyOf(SlicedStream.CHILD_DOMAINS.values())).hasSize(SlicedStream.DOMAINS);
    }
}
