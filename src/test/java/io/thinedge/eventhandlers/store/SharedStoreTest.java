package io.thinedge.eventhandlers.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;
import io.thinedge.eventhandlers.handler.HandlerStatus;
import io.thinedge.eventhandlers.support.PostgresDatabase;

/**
 * Three instances' stores on one real PostgreSQL database, as three forwarders share it: each
 * instance has its own {@link Database} (pool and change feed), so everything between them goes
 * through PostgreSQL.
 */
class SharedStoreTest {

    private static final int INSTANCES = 3;

    static PostgresDatabase postgres;
    final List<Database> databases = new ArrayList<>();
    final List<JdbcHandlerStore> stores = new ArrayList<>();
    final List<List<String>> heard = new ArrayList<>();

    @BeforeAll
    static void createDatabase() {
        postgres = PostgresDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        postgres.close();
    }

    @BeforeEach
    void startInstances() {
        for (int i = 0; i < INSTANCES; i++) {
            Database database = Database.open(postgres.url(), PostgresDatabase.USER, "");
            databases.add(database);
            JdbcHandlerStore store = new JdbcHandlerStore(database);
            List<String> changes = new CopyOnWriteArrayList<>();
            store.onChange(changes::add);
            stores.add(store);
            heard.add(changes);
        }
    }

    @AfterEach
    void stopInstances() {
        databases.forEach(Database::close);
    }

    @Test
    void should_keep_exactly_10_handlers_when_20_creates_in_one_domain_race_over_three_instances() throws Exception {
        String domain = "/race/";
        List<Callable<Boolean>> creates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            JdbcHandlerStore store = stores.get(i % INSTANCES);
            creates.add(() -> {
                try {
                    store.create(JdbcHandlerStoreTest.webhook(domain, true), 10);
                    return true;
                } catch (HandlerLimitExceededException e) {
                    return false;
                }
            });
        }

        List<Boolean> created = runAtOnce(creates);

        assertThat(created.stream().filter(ok -> ok).count()).isEqualTo(10);
        assertThat(stores.get(2).all().stream().filter(handler -> handler.domain().equals(domain))).hasSize(10);
    }

    @Test
    void should_keep_a_token_domains_total_when_creates_in_its_sub_domains_race_over_three_instances() throws Exception {
        List<Callable<Boolean>> creates = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            JdbcHandlerStore store = stores.get(i % INSTANCES);
            String domain = "/tenant_x/s" + (i % 8) + "/";
            creates.add(() -> {
                try {
                    store.create(JdbcHandlerStoreTest.webhook(domain, true), 10, "/tenant_x/", 7);
                    return true;
                } catch (HandlerLimitExceededException e) {
                    return false;
                }
            });
        }
        // '_' in the scope is a LIKE wildcard: a domain it would match must not count
        stores.get(0).create(JdbcHandlerStoreTest.webhook("/tenantYx/", true), 10);

        List<Boolean> created = runAtOnce(creates);

        assertThat(created.stream().filter(ok -> ok).count()).isEqualTo(7);
        assertThat(stores.get(1).all().stream().filter(handler -> handler.domain().startsWith("/tenant_x/"))).hasSize(7);
    }

    @Test
    void should_tell_every_other_instance_of_a_change_within_a_second() throws Exception {
        EventHandler handler = stores.get(0).create(JdbcHandlerStoreTest.webhook("/notice/", true), 10);
        await().atMost(Duration.ofSeconds(1)).until(() -> heard.get(1).contains(handler.id()) && heard.get(2).contains(handler.id()));
        heard.forEach(List::clear);

        EventHandler renamed = new EventHandler(handler.id(), handler.type(), "renamed", true, handler.description(),
                handler.domain(), handler.filter(), handler.connectionConfig(), handler.state());
        stores.get(1).update(renamed, java.util.Optional.empty());

        await().atMost(Duration.ofSeconds(1)).until(() -> heard.get(2).contains(handler.id()));
        assertThat(stores.get(2).find(handler.id()).orElseThrow().name()).isEqualTo("renamed");
        assertThat(heard.get(1)).as("an instance hears its own change once, not again from PostgreSQL")
                .containsOnlyOnce(handler.id());
    }

    @Test
    void should_fail_a_handler_once_when_its_5_failures_are_spread_over_instances_and_reenable_it_everywhere()
            throws Exception {
        EventHandler handler = stores.get(0).create(JdbcHandlerStoreTest.webhook("/failures/", true), 10);
        List<Callable<HandlerState>> failures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JdbcHandlerStore store = stores.get(i % INSTANCES);
            failures.add(() -> store.recordFailure(handler.id(), "HTTP 500"));
        }

        List<HandlerState> states = runAtOnce(failures);

        // one count across instances: the instance that counts the 5th opens its breaker and fails the handler
        assertThat(states).extracting(HandlerState::consecutiveFailures).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        HandlerState fifth = states.stream().filter(state -> state.consecutiveFailures() == 5).findFirst().orElseThrow();
        assertThat(fifth.status()).isEqualTo(HandlerStatus.ACTIVE);
        assertThat(stores.get(1).markFailed(handler.id()).status()).isEqualTo(HandlerStatus.FAILED);
        for (JdbcHandlerStore store : stores) {
            assertThat(store.find(handler.id()).orElseThrow().state().status()).isEqualTo(HandlerStatus.FAILED);
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> heard.get(1).contains(handler.id()) && heard.get(2).contains(handler.id()));
        heard.forEach(List::clear);

        stores.get(2).reenable(handler.id(), Instant.now());

        await().atMost(Duration.ofSeconds(1)).until(() -> heard.get(0).contains(handler.id()) && heard.get(1).contains(handler.id()));
        assertThat(stores.get(0).find(handler.id()).orElseThrow().state())
                .isEqualTo(new HandlerState(HandlerStatus.ACTIVE, 0, "HTTP 500", stores.get(0).find(handler.id()).orElseThrow()
                        .state().lastSuccessAt()));
    }

    @Test
    void should_register_a_new_child_on_exactly_one_instance_when_all_see_it_at_once() throws Exception {
        List<Callable<Boolean>> remembers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            KnownChildren children = new KnownChildren(databases.get(i % INSTANCES));
            remembers.add(() -> children.remember("registration", "pump-42"));
        }

        List<Boolean> firsts = runAtOnce(remembers);

        assertThat(firsts.stream().filter(first -> first)).hasSize(1);
    }

    @Test
    void should_let_one_instance_at_a_time_replay_a_handlers_dead_letters() {
        DeadLetters first = new DeadLetters(databases.get(0), 100);
        DeadLetters second = new DeadLetters(databases.get(1), 100);

        try (ReplayClaim claim = first.claimReplay("h-replay").orElseThrow()) {
            assertThat(second.claimReplay("h-replay")).as("held by the first instance").isEmpty();
            assertThat(second.claimReplay("h-other")).as("another handler's letters are free").isPresent()
                    .get().satisfies(ReplayClaim::close);
        }

        assertThat(second.claimReplay("h-replay")).as("released").isPresent().get().satisfies(ReplayClaim::close);
    }

    @Test
    void should_count_dropped_dead_letters_on_postgresql_as_on_h2() {
        DeadLetters letters = new DeadLetters(databases.get(0), 2);
        for (int i = 1; i <= 5; i++) {
            letters.add("h-full", "event-" + i);
        }

        assertThat(new DeadLetters(databases.get(1), 2).oldestWaiting("h-full", 10)).extracting(DeadLetters.Letter::eventJson)
                .containsExactly("event-4", "event-5");
        assertThat(letters.dropped("h-full")).isEqualTo(3);
    }

    @Test
    void should_keep_the_dead_letter_bound_when_three_instances_add_at_once() throws Exception {
        List<Callable<Void>> adds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            DeadLetters letters = new DeadLetters(databases.get(i % INSTANCES), 5);
            String event = "event-" + i;
            adds.add(() -> {
                letters.add("h-bound", event);
                return null;
            });
        }

        runAtOnce(adds);

        DeadLetters letters = new DeadLetters(databases.get(0), 5);
        assertThat(letters.size("h-bound")).isEqualTo(5);
        assertThat(letters.dropped("h-bound")).isEqualTo(25);
    }

    @Test
    void should_report_the_store_writable() {
        assertThat(databases.get(0).writable()).isTrue();
        assertThat(databases.get(0).shared()).isTrue();
    }

    /** Starts every task at the same moment on its own thread and returns their results in order. */
    private static <T> List<T> runAtOnce(List<Callable<T>> tasks) throws InterruptedException, ExecutionException {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
