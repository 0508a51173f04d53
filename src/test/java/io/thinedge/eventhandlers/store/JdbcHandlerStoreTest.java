package io.thinedge.eventhandlers.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.thinedge.eventhandlers.handler.EventFilter;
import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.handler.HandlerType;

class JdbcHandlerStoreTest {

    @TempDir
    Path dir;
    Database database;
    JdbcHandlerStore store;
    List<String> changes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        database = Database.inDirectory(dir);
        store = new JdbcHandlerStore(database);
        store.onChange(changes::add);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static EventHandler webhook(String domain, boolean enabled) throws Exception {
        return new EventHandler(null, HandlerType.WEBHOOK, "hook", enabled, "desc", domain,
                new EventFilter.Lifecycle(List.of("login_event")),
                new ObjectMapper().readTree("{\"uri\":\"http://127.0.0.1:1/x\",\"auth\":{\"type\":\"token\",\"token\":\"s3cret\"}}"),
                HandlerState.initial(enabled));
    }

    @Test
    void should_record_the_successes_of_several_handlers_at_once_and_skip_those_gone() throws Exception {
        String first = store.create(webhook("/a/", true), 10).id();
        String second = store.create(webhook("/a/", true), 10).id();
        store.recordFailure(first, "boom");
        Instant at = Instant.parse("2024-05-01T10:00:00Z");
        Instant later = Instant.parse("2024-05-01T10:00:01Z");
        changes.clear();

        store.recordSuccesses(java.util.Map.of(first, at, second, later, "deleted-meanwhile", at));

        assertThat(store.find(first).orElseThrow().state()).isEqualTo(new HandlerState(HandlerStatus.ACTIVE, 0, "boom", at));
        assertThat(store.find(second).orElseThrow().state()).isEqualTo(new HandlerState(HandlerStatus.ACTIVE, 0, null, later));
        assertThat(store.find("deleted-meanwhile")).isEmpty();
        assertThat(changes).as("no status changed").isEmpty();
    }

    @Test
    void should_store_a_handler_with_its_filter_and_config_and_find_it_after_reopening() throws Exception {
        EventHandler created = store.create(webhook("/a/", true), 10);
        database.close();
        database = Database.inDirectory(dir);
        store = new JdbcHandlerStore(database);

        EventHandler found = store.find(created.id()).orElseThrow();
        assertThat(found).isEqualTo(created);
        assertThat(found.connectionConfig().at("/auth/token").asText()).isEqualTo("s3cret");
        assertThat(found.state()).isEqualTo(new HandlerState(HandlerStatus.ACTIVE, 0, null, null));
        assertThat(store.all()).containsExactly(created);
    }

    @Test
    void should_count_failures_without_failing_and_fail_only_when_the_breaker_says_so() throws Exception {
        String id = store.create(webhook("/", true), 10).id();
        changes.clear();

        for (int i = 1; i <= 7; i++) {
            assertThat(store.recordFailure(id, "boom " + i)).isEqualTo(new HandlerState(HandlerStatus.ACTIVE, i, "boom " + i, null));
        }
        assertThat(changes).isEmpty();
        HandlerState failed = store.markFailed(id);

        assertThat(failed).isEqualTo(new HandlerState(HandlerStatus.FAILED, 7, "boom 7", null));
        assertThat(store.find(id).orElseThrow().enabled()).isFalse();
        assertThat(store.find(id).orElseThrow().active()).isFalse();
        assertThat(changes).containsExactly(id);
    }

    @Test
    void should_reset_the_count_on_success_without_reviving_a_failed_handler() throws Exception {
        String id = store.create(webhook("/", true), 10).id();
        store.recordFailure(id, "boom");
        Instant now = Instant.parse("2024-05-01T10:00:00.123Z");

        assertThat(store.recordSuccess(id, now)).isEqualTo(new HandlerState(HandlerStatus.ACTIVE, 0, "boom", now));
        store.markFailed(id);
        assertThat(store.recordSuccess(id, now).status()).isEqualTo(HandlerStatus.FAILED);
    }

    @Test
    void should_reenable_a_failed_handler_but_not_one_its_operator_disabled() throws Exception {
        String failed = store.create(webhook("/", true), 10).id();
        String disabled = store.create(webhook("/", false), 10).id();
        store.recordFailure(failed, "boom");
        store.markFailed(failed);
        assertThat(store.markFailed(disabled).status()).as("an operator's disabled wins").isEqualTo(HandlerStatus.DISABLED);
        changes.clear();
        Instant now = Instant.parse("2024-05-01T10:00:00Z");

        assertThat(store.reenable(failed, now)).isEqualTo(new HandlerState(HandlerStatus.ACTIVE, 0, "boom", now));
        assertThat(store.find(failed).orElseThrow().enabled()).isTrue();
        assertThat(store.reenable(disabled, now).status()).isEqualTo(HandlerStatus.DISABLED);
        assertThat(changes).containsExactly(failed);
    }

    @Test
    void should_move_the_status_with_the_operators_enabled_flag_and_keep_domain_and_type() throws Exception {
        EventHandler created = store.create(webhook("/a/", true), 10);
        EventHandler edited = new EventHandler(created.id(), HandlerType.KAFKA, "renamed", false, null, "/b/",
                created.filter(), created.connectionConfig(), created.state());

        EventHandler updated = store.update(edited, java.util.Optional.of(false)).orElseThrow();

        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.description()).isNull();
        assertThat(updated.domain()).isEqualTo("/a/");
        assertThat(updated.type()).isEqualTo(HandlerType.WEBHOOK);
        assertThat(updated.state().status()).isEqualTo(HandlerStatus.DISABLED);
        assertThat(store.find(created.id())).contains(updated);
        assertThat(changes).containsExactly(created.id(), created.id());
    }

    @Test
    void should_keep_the_state_the_update_reads_itself_when_the_put_leaves_enabled_out() throws Exception {
        EventHandler readBefore = store.create(webhook("/", true), 10);
        store.markFailed(readBefore.id()); // failed between the API's read and its write
        EventHandler edited = new EventHandler(readBefore.id(), readBefore.type(), "renamed", readBefore.enabled(), null,
                "/", readBefore.filter(), readBefore.connectionConfig(), readBefore.state());

        assertThat(store.update(edited, java.util.Optional.empty()).orElseThrow().state().status()).isEqualTo(HandlerStatus.FAILED);
        assertThat(store.update(edited, java.util.Optional.of(false)).orElseThrow().state().status())
                .as("enabled:false as GET shows a failed handler").isEqualTo(HandlerStatus.FAILED);
        assertThat(store.update(edited, java.util.Optional.of(true)).orElseThrow().state().status()).isEqualTo(HandlerStatus.ACTIVE);
        assertThat(store.update(edited, java.util.Optional.empty()).orElseThrow().state().status()).isEqualTo(HandlerStatus.ACTIVE);
    }

    @Test
    void should_delete_and_answer_empty_for_unknown_ids() throws Exception {
        String id = store.create(webhook("/", true), 10).id();

        assertThat(store.delete(id)).isTrue();
        assertThat(store.delete(id)).isFalse();
        assertThat(store.find(id)).isEmpty();
        assertThat(store.update(webhook("/", true), java.util.Optional.empty())).isEmpty();
        assertThat(store.recordFailure(id, "late").status()).isEqualTo(HandlerStatus.DISABLED);
        assertThat(changes).containsExactly(id, id);
    }

    @Test
    void should_refuse_the_eleventh_handler_of_a_domain_but_not_of_another() throws Exception {
        for (int i = 0; i < 10; i++) {
            store.create(webhook("/a/", true), 10);
        }

        assertThatThrownBy(() -> store.create(webhook("/a/", true), 10)).isInstanceOf(HandlerLimitExceededException.class);
        store.create(webhook("/a/b/", true), 10);
        assertThat(store.all()).hasSize(11);
    }

    @Test
    void should_keep_a_built_in_output_out_of_the_limit_and_keep_its_state_when_config_sets_it_again() throws Exception {
        EventHandler builtIn = webhook("/a/", true);
        builtIn = new EventHandler(HandlerStore.BUILT_IN_PREFIX + "test", builtIn.type(), "built-in", true, null, "/a/",
                builtIn.filter(), builtIn.connectionConfig(), builtIn.state());
        store.putBuiltIn(builtIn);
        for (int i = 0; i < 10; i++) {
            store.create(webhook("/a/", true), 10);
        }
        store.markFailed(builtIn.id());

        EventHandler again = store.putBuiltIn(builtIn);

        assertThat(again.state().status()).as("a restart keeps a failed built-in output failed").isEqualTo(HandlerStatus.FAILED);
        assertThat(store.all()).hasSize(11);
        assertThatThrownBy(() -> store.putBuiltIn(webhook("/a/", true))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void should_never_exceed_the_limit_with_concurrent_creates() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = IntStream.range(0, 30)
                    .mapToObj(i -> pool.submit(() -> store.create(webhook("/c/", true), 10))).collect(java.util.stream.Collectors.toList());
            long refused = refusedForTheLimit(results);
            assertThat(refused).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.all()).hasSize(10);
    }

    @Test
    void should_keep_a_scopes_total_across_its_sub_domains_with_concurrent_creates() throws Exception {
        store.create(webhook("/t_a/", true), 10);
        store.create(webhook("/tXa/", true), 10); // matches '/t_a/' as a LIKE pattern, not as a scope
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = IntStream.range(0, 30)
                    .mapToObj(i -> pool.submit(() -> store.create(webhook("/t_a/s" + (i % 10) + "/", true), 10, "/t_a/", 12)))
                    .collect(java.util.stream.Collectors.toList());
            long refused = refusedForTheLimit(results);
            assertThat(refused).isEqualTo(19);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.all().stream().filter(handler -> handler.domain().startsWith("/t_a/"))).hasSize(12);
        assertThatThrownBy(() -> store.create(webhook("/t_a/", true), 10, "/t_a/", 12))
                .isInstanceOf(HandlerLimitExceededException.class).hasMessageContaining("/t_a/ and its sub-domains");
    }

    /** How many of the creates failed because a limit was reached. */
    private static long refusedForTheLimit(List<Future<?>> creates) {
        return creates.stream().filter(create -> {
            try {
                create.get();
                return false;
            } catch (Exception e) {
                return e.getCause() instanceof HandlerLimitExceededException;
            }
        }).count();
    }
}
