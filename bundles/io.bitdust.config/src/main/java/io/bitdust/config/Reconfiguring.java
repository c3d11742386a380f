package io.bitdust.config;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a component rebuilds what it runs (a server, a service registration) when its options change. It
 * declares the owner's options, builds the thing from their current values, and rebuilds it whenever any of them
 * changes: stopping the old one and building the new one in the {@link Order} the owner chose, on one thread of its
 * own, one rebuild at a time, each reading the values in force when it runs. A build that fails is logged (ERROR) and
 * tried again on the next change. {@link #close} stops the thing and withdraws the options; nothing is built after
 * it. Create it in the component's constructor (through {@link #of}) and close it in {@code @Deactivate}.
 *
 * <pre>{@code
 * server = Reconfiguring.of(config, "identity server", this::startServer, IdentityServer::close)
 *         .options(List.of(ENABLED, HOST, PORT))
 *         .start();
 * }</pre>
 *
 * Thread-safe.
 *
 * @param <T> what it keeps built
 */
public final class Reconfiguring<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconfiguring.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    /**
     * Builds the thing from the options' current values ({@link ConfigService#get} and friends).
     *
     * @param <T> what it builds
     */
    @FunctionalInterface
    public interface Builder<T> {
        /**
         * @return the new thing, or null when nothing should run now (e.g. its {@code enabled} option is false)
         * @throws Exception when it cannot be built; its message is logged, so it should name what to change
         */
        T build() throws Exception;
    }

    /**
     * Stops a thing the {@link Builder} made.
     *
     * @param <T> what it stops
     */
    @FunctionalInterface
    public interface Stopper<T> {
        /**
         * @param thing never null
         * @throws Exception when it could not be stopped cleanly; logged (WARN), the thing is forgotten anyway
         */
        void stop(T thing) throws Exception;
    }

    /** In which order a rebuild replaces the old thing. */
    public enum Order {
        /**
         * Stop the old one, then build the new one: for things the new one would conflict with (the same port, the
         * same service property). A failed build leaves nothing running until the next change.
         */
        STOP_FIRST,
        /**
         * Build the new one, then stop the old one: for things that must not be missing while they move (the API the
         * user is talking through). A failed build keeps the old one.
         */
        START_FIRST
    }

    private final ConfigService config;
    private final String name;
    private final Builder<T> builder;
    private final Stopper<T> stopper;
    private final Order order;
    private final long delayMillis;
    private final Predicate<T> fits;
    private final ScheduledThreadPoolExecutor worker;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final List<ConfigService.Subscription> subscriptions = new ArrayList<>();
    private final ConfigService.Declaration declaration;
    private volatile boolean closed;
    private volatile T current;

    private Reconfiguring(Setup<T> setup) {
        this.config = setup.config;
        this.name = setup.name;
        this.builder = setup.builder;
        this.stopper = setup.stopper;
        this.order = setup.order;
        this.delayMillis = setup.delay.toMillis();
        this.fits = setup.fits;
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "bitdust-" + name.toLowerCase(Locale.ROOT).replace(' ', '-') + "-options");
            thread.setDaemon(true);
            return thread;
        });
        // A change scheduled with a delay must not run after close.
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        try {
            this.declaration = config.declare(setup.options);
        } catch (RuntimeException e) {
            worker.shutdown();
            throw e;
        }
    }

    /**
     * Starts describing a reconfiguring thing; finish with {@link Setup#start} or {@link Setup#startNow}.
     *
     * @param config  where the options are declared and read
     * @param name    what it is, for the log and the thread's name, e.g. {@code identity server}
     * @param builder builds it from the options' current values
     * @param stopper stops one it built
     * @param <T>     what it keeps built
     * @return the setup, with no options, {@link Order#STOP_FIRST} and no delay
     * @throws IllegalArgumentException for a blank name
     */
    public static <T> Setup<T> of(ConfigService config, String name, Builder<T> builder, Stopper<T> stopper) {
        return new Setup<>(config, name, builder, stopper);
    }

    /**
     * @return the thing built last and not stopped yet, or null (not built yet, nothing to run, its build failed, or
     *     closed); for checks of use that must know what runs now
     */
    public T current() {
        return current;
    }

    /**
     * Stops the thing and withdraws the options; no rebuild happens afterwards. Waits up to 10 s for a rebuild that
     * is running. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (subscriptions) {
            subscriptions.forEach(ConfigService.Subscription::close);
            subscriptions.clear();
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("The {} was still being rebuilt {} s after it was asked to close", name,
                        CLOSE_WAIT_SECONDS);
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopCurrent();
        declaration.close();
    }

    private void subscribe(Collection<Option> options) {
        synchronized (subscriptions) {
            for (Option option : options) {
                // A subscription is by prefix: a key that merely starts with this one is not ours.
                subscriptions.add(config.subscribe(option.key(), change -> {
                    if (change.key().equals(option.key())) {
                        changed();
                    }
                }));
            }
        }
    }

    private void changed() {
        if (closed || !pending.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.schedule(this::rebuild, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.set(false);
        }
    }

    /** Runs on the worker only, so rebuilds never overlap. */
    private void rebuild() {
        // Cleared before reading the values, so a change made while this runs schedules another rebuild.
        pending.set(false);
        if (closed) {
            return;
        }
        T running = current;
        if (running != null && fits.test(running)) {
            return;
        }
        if (order == Order.STOP_FIRST) {
            stopCurrent();
        }
        T next;
        try {
            next = builder.build();
        } catch (Exception e) {
            if (order == Order.STOP_FIRST || running == null) {
                LOG.error("The {} is not running: {}", name, message(e), e);
            } else {
                LOG.error("The {} stays as it was: {}", name, message(e), e);
            }
            return;
        }
        if (order == Order.START_FIRST) {
            stopCurrent();
        }
        current = next;
    }

    private void stopCurrent() {
        T running = current;
        current = null;
        if (running == null) {
            return;
        }
        try {
            stopper.stop(running);
        } catch (Exception e) {
            LOG.warn("Stopping the {} failed: {}", name, message(e), e);
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * How a {@link Reconfiguring} is made: its options, order, delay. Not thread-safe; use it once.
     *
     * @param <T> what it keeps built
     */
    public static final class Setup<T> {
        private final ConfigService config;
        private final String name;
        private final Builder<T> builder;
        private final Stopper<T> stopper;
        private final List<Option> options = new ArrayList<>();
        private Order order = Order.STOP_FIRST;
        private Duration delay = Duration.ZERO;
        private Predicate<T> fits = thing -> false;

        private Setup(ConfigService config, String name, Builder<T> builder, Stopper<T> stopper) {
            this.config = Objects.requireNonNull(config, "config");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a reconfiguring thing needs a name");
            }
            this.name = name;
            this.builder = Objects.requireNonNull(builder, "builder");
            this.stopper = Objects.requireNonNull(stopper, "stopper");
        }

        /**
         * @param owned the owner's options, declared by the {@link Reconfiguring} and withdrawn when it closes; a
         *              change of any of them rebuilds the thing
         * @return this
         */
        public Setup<T> options(Collection<Option> owned) {
            options.addAll(owned);
            return this;
        }

        /**
         * @param replacing in which order a rebuild replaces the old thing (default {@link Order#STOP_FIRST})
         * @return this
         */
        public Setup<T> order(Order replacing) {
            this.order = Objects.requireNonNull(replacing, "order");
            return this;
        }

        /**
         * @param wait how long a rebuild waits after a change (default none), e.g. to let the answer to the request
         *             that made the change leave through the old server
         * @return this
         * @throws IllegalArgumentException for a negative wait
         */
        public Setup<T> delay(Duration wait) {
            if (wait.isNegative()) {
                throw new IllegalArgumentException("a negative delay: " + wait);
            }
            this.delay = wait;
            return this;
        }

        /**
         * @param stillFits tells, on the rebuilding thread, whether the running thing already matches the options'
         *                  current values, so a change needs no rebuild (default: never)
         * @return this
         */
        public Setup<T> keepWhile(Predicate<T> stillFits) {
            this.fits = Objects.requireNonNull(stillFits, "keepWhile");
            return this;
        }

        /**
         * Declares the options and builds the first thing on the rebuilding thread; a failure is logged and tried
         * again on the next change.
         *
         * @return the running mechanism
         * @throws BitDustException CONFLICT when another owner declared one of the options differently
         */
        public Reconfiguring<T> start() {
            Reconfiguring<T> reconfiguring = new Reconfiguring<>(this);
            reconfiguring.subscribe(options);
            reconfiguring.changed();
            return reconfiguring;
        }

        /**
         * Declares the options and builds the first thing on the calling thread, for owners that cannot run
         * without it.
         *
         * @return the running mechanism, with {@link #current} set
         * @throws BitDustException the builder's own, or INTERNAL wrapping any other failure of the first build;
         *     CONFLICT when another owner declared one of the options differently; nothing is left declared then
         */
        public Reconfiguring<T> startNow() {
            Reconfiguring<T> reconfiguring = new Reconfiguring<>(this);
            reconfiguring.subscribe(options);
            // Built on the rebuilding thread, so a change made meanwhile is applied after it, never beside it.
            Future<?> first = reconfiguring.worker.submit(() -> {
                reconfiguring.current = builder.build();
                return null;
            });
            try {
                first.get();
            } catch (ExecutionException e) {
                reconfiguring.close();
                Throwable cause = e.getCause();
                if (cause instanceof BitDustException) {
                    throw (BitDustException) cause;
                }
                throw new BitDustException(ErrorCode.INTERNAL, "cannot start the " + name + ": "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
            } catch (InterruptedException e) {
                reconfiguring.close();
                Thread.currentThread().interrupt();
                throw new BitDustException(ErrorCode.UNAVAILABLE, "interrupted while starting the " + name, e);
            }
            return reconfiguring;
        }
    }
}
