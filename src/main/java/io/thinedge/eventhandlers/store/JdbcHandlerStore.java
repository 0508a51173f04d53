package io.thinedge.eventhandlers.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.handler.EventHandler;
import io.thinedge.eventhandlers.handler.HandlerState;

/**
 * {@link HandlerStore} on the JDBC {@link Database}: every change is one transaction, and changes
 * lock the rows they depend on, so several instances sharing one database stay consistent.
 *
 * <p>Listeners hear about creates, updates, deletes and status changes (active, disabled,
 * failed) after the commit; counters and timestamps alone do not notify, so the delivery path
 * does not fan out on every event. Its own log lines are DEBUG: the INFO line per state change is
 * {@code handler.HandlerChanges}, with the handler's name, type and domain.
 *
 * <p>On a shared store (PostgreSQL) each such change is also announced to the other instances in
 * its own transaction ({@code NOTIFY}), and their changes reach this instance's listeners the same
 * way: a handler created, changed, failed or deleted through any instance takes effect on all.
 * The failure count is one row updated under its lock, so failures on every instance add up to
 * one count, and the handler fails once.
 */
public class JdbcHandlerStore implements HandlerStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcHandlerStore.class);

    private final Database database;
    private final Transactions transactions;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    /** Every handler id this instance has seen, so a resync also reports those deleted meanwhile. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public JdbcHandlerStore(Database database) {
        this.database = database;
        this.transactions = new Transactions(database);
        // other instances' changes reach the listeners as this instance's own do
        database.followChanges(this::changedElsewhere, this::resync);
    }

    @Override
    public List<EventHandler> all() {
        List<EventHandler> handlers = transactions.inTransaction(HandlerTable::all);
        handlers.forEach(handler -> seen.add(handler.id()));
        return handlers;
    }

    @Override
    public Optional<EventHandler> find(String id) {
        return transactions.inTransaction(connection -> HandlerTable.find(connection, id, false));
    }

    /** The domain rows' locks serialise creates across instances; {@code synchronized} spares local waits on them. */
    @Override
    public synchronized EventHandler create(EventHandler handler, int maxPerDomain, String scope, int maxInScope) {
        EventHandler created = new EventHandler(UUID.randomUUID().toString(), handler.type(), handler.name(),
                handler.enabled(), handler.description(), handler.domain(), handler.filter(),
                handler.connectionConfig(), HandlerState.initial(handler.enabled()));
        boolean scoped = maxInScope < Integer.MAX_VALUE;
        transactions.inTransaction(connection -> {
            if (scoped) {
                HandlerTable.ensureDomain(connection, database.dialect(), scope);
            }
            HandlerTable.ensureDomain(connection, database.dialect(), handler.domain());
            return null;
        });
        transactions.inTransaction(connection -> {
            if (scoped) {
                HandlerTable.lockDomain(connection, scope);
            }
            HandlerTable.lockDomain(connection, handler.domain());
            if (HandlerTable.countInDomain(connection, handler.domain()) >= maxPerDomain) {
                throw new HandlerLimitExceededException(handler.domain(), maxPerDomain);
            }
            if (scoped && HandlerTable.countAtOrBelow(connection, scope) >= maxInScope) {
                throw HandlerLimitExceededException.inScope(scope, maxInScope);
            }
            HandlerTable.insert(connection, created);
            database.announce(connection, created.id());
            return null;
        });
        LOG.debug("Event handler {} ({}) created in domain {}", created.id(), created.type().apiName(), created.domain());
        seen.add(created.id());
        notifyListeners(created.id());
        return created;
    }

    /** Domain, type and runtime state belong to the store; the operator's {@code enabled} moves the status. */
    @Override
    public synchronized EventHandler putBuiltIn(EventHandler handler) {
        if (!handler.id().startsWith(BUILT_IN_PREFIX)) {
            throw new IllegalArgumentException("Not a built-in output's id: " + handler.id());
        }
        transactions.inTransaction(connection -> {
            HandlerTable.ensureDomain(connection, database.dialect(), handler.domain());
            return null;
        });
        EventHandler stored = transactions.inTransaction(connection -> {
            Optional<EventHandler> existing = HandlerTable.find(connection, handler.id(), true);
            EventHandler next = existing.map(previous -> handler.withState(previous.state()))
                    .orElseGet(() -> handler.withState(HandlerState.initial(true)));
            if (existing.isPresent()) {
                HandlerTable.update(connection, next);
            } else {
                HandlerTable.insert(connection, next);
            }
            database.announce(connection, next.id());
            return next;
        });
        seen.add(stored.id());
        notifyListeners(stored.id());
        return stored;
    }

    @Override
    public Optional<EventHandler> update(EventHandler handler, Optional<Boolean> enabled) {
        Optional<EventHandler> updated = transactions.inTransaction(connection -> {
            Optional<EventHandler> stored = HandlerTable.find(connection, handler.id(), true);
            if (stored.isEmpty()) {
                return stored;
            }
            HandlerState state = StateTransitions.edited(stored.get().state(), enabled);
            EventHandler next = new EventHandler(handler.id(), stored.get().type(), handler.name(), handler.enabled(),
                    handler.description(), stored.get().domain(), handler.filter(), handler.connectionConfig(), state)
                    .withState(state);
            HandlerTable.update(connection, next);
            database.announce(connection, next.id());
            return Optional.of(next);
        });
        updated.ifPresent(next -> {
            LOG.debug("Event handler {} updated, now {}", next.id(), next.state().status().apiName());
            notifyListeners(next.id());
        });
        return updated;
    }

    @Override
    public boolean delete(String id) {
        boolean deleted = transactions.inTransaction(connection -> {
            boolean gone = HandlerTable.delete(connection, id);
            if (gone) {
                database.announce(connection, id);
            }
            return gone;
        });
        if (deleted) {
            LOG.debug("Event handler {} deleted", id);
            notifyListeners(id);
        }
        return deleted;
    }

    @Override
    public HandlerState recordSuccess(String id, Instant at) {
        return transition(id, state -> StateTransitions.success(state, at));
    }

    @Override
    public void recordSuccesses(Map<String, Instant> latest) {
        transactions.inTransaction(connection -> {
            for (Map.Entry<String, Instant> success : latest.entrySet()) {
                // the status is left alone: nothing to announce
                changeState(connection, success.getKey(), state -> StateTransitions.success(state, success.getValue()));
            }
            return null;
        });
    }

    @Override
    public HandlerState recordFailure(String id, String error) {
        return transition(id, state -> StateTransitions.failure(state, error));
    }

    @Override
    public HandlerState disable(String id) {
        return transition(id, StateTransitions::disabled);
    }

    @Override
    public HandlerState markFailed(String id) {
        return transition(id, StateTransitions::failed);
    }

    @Override
    public HandlerState reenable(String id, Instant at) {
        return transition(id, state -> StateTransitions.reenable(state, at));
    }

    @Override
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Applies a state change under the row's lock. For an id that is no longer stored (deleted while
     * a delivery ran) nothing is written and a disabled state is returned.
     */
    private HandlerState transition(String id, UnaryOperator<HandlerState> change) {
        Optional<StateChange> changed = transactions.inTransaction(connection -> {
            Optional<StateChange> applied = changeState(connection, id, change);
            if (applied.isPresent() && applied.get().statusChanged()) {
                database.announce(connection, id);
            }
            return applied;
        });
        if (changed.isEmpty()) {
            return HandlerState.initial(false);
        }
        if (changed.get().statusChanged()) {
            LOG.debug("Event handler {} is now {}", id, changed.get().after().status().apiName());
            notifyListeners(id);
        }
        return changed.get().after();
    }

    /** A handler's state before and after a change. */
    private record StateChange(HandlerState before, HandlerState after) {
        boolean statusChanged() {
            return before.status() != after.status();
        }
    }

    /** Applies a state change to the stored row, locked for the transaction; empty when the id is no longer stored. */
    private static Optional<StateChange> changeState(Connection connection, String id, UnaryOperator<HandlerState> change)
            throws SQLException {
        Optional<EventHandler> stored = HandlerTable.find(connection, id, true);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        HandlerState before = stored.get().state();
        HandlerState after = change.apply(before);
        HandlerTable.updateState(connection, id, stored.get().withState(after).enabled(), after);
        return Optional.of(new StateChange(before, after));
    }

    /** Another instance changed this handler (its notice arrived after its commit). */
    private void changedElsewhere(String id) {
        seen.add(id);
        LOG.debug("Event handler {} changed by another instance", id);
        notifyListeners(id);
    }

    /**
     * The change feed (re)connected: notices sent while it was away are lost, so every handler
     * stored now or seen before is reported as changed, and the listeners read each again.
     */
    private void resync() {
        if (listeners.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>(seen);
        List<EventHandler> stored = all();
        stored.forEach(handler -> ids.add(handler.id()));
        seen.retainAll(stored.stream().map(EventHandler::id).toList());
        ids.forEach(this::notifyListeners);
    }

    private void notifyListeners(String id) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(id);
            } catch (RuntimeException e) {
                LOG.warn("A handler store listener failed for handler {}: {}", id, e.getMessage());
            }
        }
    }
}
