package io.bitdust.identity.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.identity.Identity;
import io.bitdust.identity.PropagationResult;
import io.bitdust.identity.Publication;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps my identity published on the identity servers of its IDURLs. A new revision goes to every server at once; a
 * server that did not take it is tried again after a pause that doubles from {@link Schedule#firstRetry} up to
 * {@link Schedule#maxRetry}; once every server has the current revision, all are sent it again after
 * {@link Schedule#refresh}, since a server may have lost it. Owns one thread, stopped by {@link #close}.
 */
final class IdentityPublisher implements AutoCloseable {
    /**
     * When to publish again.
     *
     * @param firstRetry the pause before the first retry of a server that did not take my identity
     * @param maxRetry   the longest pause between retries
     * @param refresh    the pause before sending an identity that every server has again
     */
    record Schedule(Duration firstRetry, Duration maxRetry, Duration refresh) {
        /** Retries after 2 s, 4 s, ... up to 5 min; every server again each hour. */
        static final Schedule DEFAULT = new Schedule(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(1));
    }

    private static final Logger LOG = LoggerFactory.getLogger(IdentityPublisher.class);

    private final Supplier<Identity> current;
    private final LongConsumer outdated;
    private final HttpTransfer http;
    private final Schedule schedule;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor timer;
    /** One round at a time: timed rounds and {@link #publishNow} callers take turns. */
    private final ReentrantLock rounds = new ReentrantLock();
    private final Map<String, State> states = new LinkedHashMap<>();
    /** The IDURLs of the identity {@link #states} are about: a recovered identity starts them again. */
    private List<IdUrl> statesOf = List.of();
    private ScheduledFuture<?> next;
    private Instant nextAt;
    private Duration pause;

    /**
     * @param current  reads my identity, {@code null} when there is none
     * @param outdated told the revision a server has when it holds a newer one of my identity than mine (an older copy
     *                 was recovered): my identity must be signed again above it
     * @param http     talks to the identity servers
     * @param schedule when to try again
     * @param clock    the time shown in {@link #publication}
     */
    IdentityPublisher(Supplier<Identity> current, LongConsumer outdated, HttpTransfer http, Schedule schedule,
            Clock clock) {
        this.current = current;
        this.outdated = outdated;
        this.http = http;
        this.schedule = schedule;
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "bitdust-identity-publish");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.pause = schedule.firstRetry();
    }

    /** Publishes my identity soon, in the background: a new revision, or a start. */
    synchronized void changed() {
        pause = schedule.firstRetry();
        plan(Duration.ZERO, false);
    }

    /**
     * Publishes my identity on every server now, on the caller's thread.
     *
     * @return one result per server, in the order of my IDURLs
     */
    List<PropagationResult> publishNow() {
        return round(true);
    }

    /** @return one entry per server of my IDURLs */
    synchronized List<Publication> publication() {
        Identity identity = current.get();
        if (identity == null) {
            return List.of();
        }
        List<Publication> view = new ArrayList<>();
        for (String server : servers(identity)) {
            State state = states.getOrDefault(server, new State());
            view.add(new Publication(server, state.published, identity.revision(), state.lastAttempt,
                    state.lastResult, nextAt));
        }
        return view;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private synchronized void plan(Duration delay, boolean all) {
        if (timer.isShutdown()) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        nextAt = clock.instant().plus(delay);
        next = timer.schedule(() -> {
            round(all);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends my identity to the servers that lack its current revision, or to all; then plans the next round. */
    private List<PropagationResult> round(boolean all) {
        rounds.lock();
        try {
            Identity identity = current.get();
            if (identity == null) {
                return List.of();
            }
            byte[] document = identity.toJson();
            forgetOtherIdentity(identity);
            List<PropagationResult> results = new ArrayList<>();
            for (String server : servers(identity)) {
                State state = state(server);
                if (!all && state.published == identity.revision()) {
                    continue;
                }
                PropagationResult result = post(server, identity, document);
                if (result.accepted()) {
                    LOG.info("Published my identity revision {} on {}", identity.revision(), server);
                } else if (result.message().equals(state.lastResult)) {
                    LOG.debug("My identity revision {} did not reach {}", identity.revision(), result);
                } else {
                    LOG.warn("My identity revision {} did not reach {}; trying again", identity.revision(), result);
                }
                record(state, identity.revision(), result);
                results.add(result);
            }
            afterRound(identity);
            return results;
        } finally {
            rounds.unlock();
        }
    }

    /**
     * What a server took of another identity of this node (the one it had before it recovered this one, kept on the
     * same server) says nothing about this one: with it, this identity's revision 3 counted as published when that
     * one's revision 3 was, and the server kept an older revision of this one, with contacts nobody listens on.
     */
    private synchronized void forgetOtherIdentity(Identity identity) {
        if (!identity.idurls().equals(statesOf)) {
            states.clear();
            statesOf = identity.idurls();
        }
    }

    private synchronized State state(String server) {
        return states.computeIfAbsent(server, any -> new State());
    }

    private synchronized void record(State state, long revision, PropagationResult result) {
        state.lastAttempt = clock.instant();
        state.lastResult = result.message();
        if (result.accepted()) {
            state.published = Math.max(state.published, revision);
        }
    }

    private synchronized void afterRound(Identity identity) {
        if (current.get() != identity) {
            return;
        }
        List<String> servers = servers(identity);
        states.keySet().retainAll(servers);
        boolean missing = servers.stream().anyMatch(server -> states.get(server).published != identity.revision());
        if (missing) {
            plan(pause, false);
            pause = pause.multipliedBy(2).compareTo(schedule.maxRetry()) > 0 ? schedule.maxRetry()
                    : pause.multipliedBy(2);
        } else {
            pause = schedule.firstRetry();
            plan(schedule.refresh(), true);
        }
    }

    private PropagationResult post(String server, Identity identity, byte[] document) {
        try {
            HttpTransfer.Answer answer = http.post(URI.create("http://" + server + "/"), document);
            if (answer.status() == 200) {
                return new PropagationResult(server, true, "accepted");
            }
            if (answer.status() == 409) {
                checkNewerCopy(server, identity);
            }
            return new PropagationResult(server, false, refusal(answer));
        } catch (BitDustException e) {
            return new PropagationResult(server, false, e.getMessage());
        }
    }

    /** A server that refuses my revision may hold a newer one of mine: then mine must go above it. */
    private void checkNewerCopy(String server, Identity identity) {
        for (IdUrl idurl : identity.idurls()) {
            if (!server.equals(idurl.host() + ":" + idurl.port())) {
                continue;
            }
            try {
                HttpTransfer.Answer answer = http.get(URI.create(idurl.toString()));
                Identity stored = answer.status() == 200 ? Identity.parse(answer.body()) : null;
                if (stored != null && stored.sameKeys(identity) && stored.idurls().contains(idurl)
                        && stored.revision() >= identity.revision()) {
                    LOG.info("{} holds revision {} of my identity, newer than mine; signing mine above it", server,
                            stored.revision());
                    outdated.accept(stored.revision());
                }
            } catch (BitDustException e) {
                LOG.debug("Cannot read my identity back from {}: {}", server, e.getMessage());
            }
            return;
        }
    }

    private static List<String> servers(Identity identity) {
        List<String> servers = new ArrayList<>();
        for (IdUrl idurl : identity.idurls()) {
            String server = idurl.host() + ":" + idurl.port();
            if (!servers.contains(server)) {
                servers.add(server);
            }
        }
        return servers;
    }

    /** @return the first error of an ERROR envelope, or the HTTP status */
    private static String refusal(HttpTransfer.Answer answer) {
        String status = "refused with HTTP " + answer.status();
        try {
            JsonNode errors = Json.mapper().readTree(answer.body()).path("errors");
            return errors.path(0).isTextual() ? status + ": " + errors.path(0).textValue() : status;
        } catch (IOException e) {
            return status;
        }
    }

    private static final class State {
        long published;
        Instant lastAttempt;
        String lastResult;
    }
}
