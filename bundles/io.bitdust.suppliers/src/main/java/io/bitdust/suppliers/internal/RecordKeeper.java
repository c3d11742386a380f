package io.bitdust.suppliers.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.identity.RecoveryRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps my family published as my recovery record: after a change, once the family has been quiet for a short while
 * (debounce), on a thread of its own, so hiring never waits for the identity servers. Content equal to what every
 * server took already is not sent again. A failure (no server took it, or only some) is logged and tried again after
 * a pause that doubles up to a bound. Owns one thread, stopped by {@link #close}.
 */
final class RecordKeeper implements AutoCloseable {
    static final Duration DEBOUNCE = Duration.ofSeconds(2);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(RecordKeeper.class);

    private final RecoveryRecords records;
    private final Supplier<Optional<Content>> snapshot;
    private final Clock clock;
    private final Duration debounce;
    private final Duration firstRetry;
    private final ScheduledThreadPoolExecutor timer;

    // Guarded by this.
    private ScheduledFuture<?> next;
    private Duration pause;
    private byte[] complete;
    private String lastProblem;
    private Instant published;

    /**
     * @param records    where the record goes
     * @param snapshot   the content to publish now and whose it is; empty when nothing should be published (yet)
     * @param clock      the time of {@link #published}
     * @param debounce   how long after the last change the record is sent
     * @param firstRetry the first pause after a failure
     */
    RecordKeeper(RecoveryRecords records, Supplier<Optional<Content>> snapshot, Clock clock, Duration debounce,
            Duration firstRetry) {
        this.records = records;
        this.snapshot = snapshot;
        this.clock = clock;
        this.debounce = debounce;
        this.firstRetry = firstRetry;
        this.pause = firstRetry;
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "suppliers-record");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * A record's content and the identity it belongs to: a family made for the identity the node had before a
     * recovery is never published as the recovered identity's record.
     *
     * @param owner the IDURL of the identity whose family it is
     * @param bytes the content
     */
    record Content(IdUrl owner, byte[] bytes) {
    }

    /** The family changed: publish it once it has been quiet for the debounce time. */
    synchronized void changed() {
        pause = firstRetry;
        plan(debounce);
    }

    /** Forgets what the servers took: my identity changed, and the next content goes to its servers. */
    synchronized void forget() {
        complete = null;
    }

    /** @return when a server last took my record from this node */
    synchronized Optional<Instant> published() {
        return Optional.ofNullable(published);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void plan(Duration delay) {
        if (timer.isShutdown()) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = timer.schedule(this::publish, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish() {
        Optional<Content> content;
        try {
            content = snapshot.get();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read my family for the recovery record: {}", e.toString());
            retry();
            return;
        }
        synchronized (this) {
            if (content.isEmpty() || Arrays.equals(content.get().bytes(), complete)) {
                return;
            }
        }
        try {
            RecoveryRecords.Published result = records.publish(content.get().owner(), content.get().bytes());
            synchronized (this) {
                published = clock.instant();
                if (result.accepted() == result.servers()) {
                    complete = content.get().bytes();
                    lastProblem = null;
                    pause = firstRetry;
                    LOG.info("Published my family as recovery record revision {} on {} identity servers",
                            result.revision(), result.servers());
                    return;
                }
            }
            problem("recovery record revision " + result.revision() + " reached " + result.accepted() + " of "
                    + result.servers() + " identity servers: " + String.join("; ", result.problems()));
        } catch (BitDustException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                LOG.info("Not published: {}", e.getMessage());
                return; // the family of an identity I no longer have; my new identity's family publishes itself
            }
            problem("my recovery record was not published: " + e.getMessage());
        } catch (RuntimeException e) {
            problem("my recovery record was not published: " + e.getMessage());
        }
        retry();
    }

    private synchronized void problem(String message) {
        if (message.equals(lastProblem)) {
            LOG.debug("{}; trying again in {} s", message, pause.toSeconds());
        } else {
            LOG.warn("{}; trying again in {} s", message, pause.toSeconds());
        }
        lastProblem = message;
    }

    private synchronized void retry() {
        plan(pause);
        pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
    }
}
