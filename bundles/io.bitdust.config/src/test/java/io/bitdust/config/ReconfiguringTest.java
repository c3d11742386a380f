package io.bitdust.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.internal.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReconfiguringTest {
    private static final Option SIZE = Option.of("services/test/size", OptionType.POSITIVE_INTEGER, "1", "size");
    private static final Option NAME = Option.of("services/test/name", OptionType.STRING, "a", "name");
    /** Shares a prefix with SIZE, but is not one of the owner's options. */
    private static final Option SIZE_LIMIT = Option.of("services/test/size-limit", OptionType.POSITIVE_INTEGER, "9",
            "limit");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Options config;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger builds = new AtomicInteger();
    private Reconfiguring<Thing> reconfiguring;

    /** What the mechanism keeps built: it remembers the values it was built from and whether it was stopped. */
    private static final class Thing {
        final int size;
        final String name;
        volatile boolean stopped;

        Thing(int size, String name) {
            this.size = size;
            this.name = name;
        }
    }

    @Before
    public void setUp() {
        config = new Options(tmp.getRoot().toPath().resolve("options.properties"),
                tmp.getRoot().toPath().resolve("bitdust.cfg"), Map.of());
        config.declare(List.of(SIZE_LIMIT));
    }

    @After
    public void tearDown() {
        if (reconfiguring != null) {
            reconfiguring.close();
        }
    }

    private Thing build() {
        builds.incrementAndGet();
        Thing thing = new Thing(config.getInt(SIZE.key()), config.get(NAME.key()).value());
        events.add("build " + thing.size);
        return thing;
    }

    private void stop(Thing thing) {
        thing.stopped = true;
        events.add("stop " + thing.size);
    }

    private Reconfiguring.Setup<Thing> setup(Reconfiguring.Builder<Thing> builder) {
        return Reconfiguring.of(config, "test thing", builder, this::stop).options(List.of(SIZE, NAME));
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private boolean built(int size) {
        Thing current = reconfiguring.current();
        return current != null && current.size == size;
    }

    @Test
    public void buildsFromTheCurrentValuesAndRebuildsWhenAnOptionChanges() throws InterruptedException {
        reconfiguring = setup(this::build).start();
        waitFor("the first build", () -> built(1));
        Thing first = reconfiguring.current();

        config.set(SIZE.key(), "2");
        waitFor("the rebuild", () -> built(2));
        assertTrue(first.stopped);
        config.set(NAME.key(), "b");
        waitFor("the rebuild for the other option", () -> "b".equals(reconfiguring.current().name));
        assertEquals(List.of("build 1", "stop 1", "build 2", "stop 2", "build 2"), events);
    }

    @Test
    public void anOptionThatOnlySharesThePrefixRebuildsNothing() throws InterruptedException {
        reconfiguring = setup(this::build).start();
        waitFor("the first build", () -> built(1));
        config.set(SIZE_LIMIT.key(), "5");
        config.set(SIZE.key(), "3");
        waitFor("the rebuild", () -> built(3));
        assertEquals(2, builds.get());
    }

    @Test
    public void declaresTheOptionsAndCloseStopsTheThingAndWithdrawsThem() throws InterruptedException {
        reconfiguring = setup(this::build).start();
        waitFor("the first build", () -> built(1));
        Thing thing = reconfiguring.current();
        assertEquals("1", config.get(SIZE.key()).value());

        reconfiguring.close();
        assertTrue(thing.stopped);
        assertNull(reconfiguring.current());
        BitDustException gone = assertThrows(BitDustException.class, () -> config.get(SIZE.key()));
        assertEquals(ErrorCode.NOT_FOUND, gone.code());
        reconfiguring.close();
        assertEquals(List.of("build 1", "stop 1"), events);
    }

    @Test
    public void aFailingBuildIsLoggedAndTriedAgainOnTheNextChange() throws InterruptedException {
        reconfiguring = setup(() -> {
            if ("broken".equals(config.get(NAME.key()).value())) {
                builds.incrementAndGet();
                throw new IllegalStateException("cannot build with the name broken; set services/test/name");
            }
            return build();
        }).start();
        waitFor("the first build", () -> built(1));
        Thing first = reconfiguring.current();

        config.set(NAME.key(), "broken");
        waitFor("the failed build", () -> builds.get() == 2);
        assertTrue("stop first: the old thing is gone", first.stopped);
        assertNull(reconfiguring.current());

        config.set(NAME.key(), "fixed");
        waitFor("the retried build", () -> reconfiguring.current() != null);
        assertEquals("fixed", reconfiguring.current().name);
    }

    @Test
    public void startFirstBuildsTheNewThingBeforeStoppingTheOldAndKeepsTheOldWhenTheBuildFails()
            throws InterruptedException {
        reconfiguring = setup(() -> {
            if (config.getInt(SIZE.key()) == 13) {
                builds.incrementAndGet();
                throw new BitDustException(ErrorCode.UNAVAILABLE, "size 13 is unlucky");
            }
            return build();
        }).order(Reconfiguring.Order.START_FIRST).start();
        waitFor("the first build", () -> built(1));
        config.set(SIZE.key(), "2");
        waitFor("the rebuild", () -> built(2));
        assertEquals(List.of("build 1", "build 2", "stop 1"), events);

        Thing kept = reconfiguring.current();
        config.set(SIZE.key(), "13");
        waitFor("the failed build", () -> builds.get() == 3);
        assertSame(kept, reconfiguring.current());
        assertTrue(!kept.stopped);
    }

    @Test
    public void keepWhileSkipsARebuildTheRunningThingDoesNotNeed() throws InterruptedException {
        reconfiguring = setup(this::build).keepWhile(thing -> thing.size == config.getInt(SIZE.key())).start();
        waitFor("the first build", () -> built(1));
        config.set(NAME.key(), "b");
        config.set(SIZE.key(), "4");
        waitFor("the rebuild", () -> built(4));
        assertEquals("the name alone did not rebuild it", 2, builds.get());
    }

    @Test
    public void nothingIsRebuiltAfterClose() throws InterruptedException {
        reconfiguring = setup(this::build).delay(Duration.ofMillis(300)).start();
        waitFor("the first build", () -> built(1));
        config.set(SIZE.key(), "2");
        // The rebuild is due in 300 ms; close comes first.
        reconfiguring.close();
        Thread.sleep(600);
        assertEquals(1, builds.get());
        assertEquals(List.of("build 1", "stop 1"), events);
    }

    @Test
    public void changesAreAppliedOneAtATimeAndTheLastValueWins() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        reconfiguring = Reconfiguring.<Thing>of(config, "test thing", () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(2);
            Thing thing = build();
            running.decrementAndGet();
            return thing;
        }, thing -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            stop(thing);
            running.decrementAndGet();
        }).options(List.of(SIZE, NAME)).start();
        waitFor("the first build", () -> built(1));

        ExecutorService setters = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            int offset = t;
            setters.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 50; i++) {
                    config.set(SIZE.key(), Integer.toString(100 + offset * 50 + i));
                }
            });
        }
        go.countDown();
        setters.shutdown();
        assertTrue(setters.awaitTermination(30, TimeUnit.SECONDS));
        int last = config.getInt(SIZE.key());
        waitFor("the last value built", () -> built(last));
        assertEquals(1, mostAtOnce.get());
        Thread.sleep(100);
        assertEquals(last, reconfiguring.current().size);
    }

    @Test
    public void startNowBuildsOnTheCallerAndAFailureLeavesNothingDeclared() {
        reconfiguring = setup(this::build).startNow();
        assertEquals(1, reconfiguring.current().size);
        reconfiguring.close();

        BitDustException refused = assertThrows(BitDustException.class, () -> setup(() -> {
            throw new BitDustException(ErrorCode.UNAVAILABLE, "port 1 is busy");
        }).startNow());
        assertEquals("port 1 is busy", refused.getMessage());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(BitDustException.class, () -> config.get(SIZE.key())).code());

        BitDustException wrapped = assertThrows(BitDustException.class, () -> setup(() -> {
            throw new java.io.IOException("disk gone");
        }).startNow());
        assertEquals(ErrorCode.INTERNAL, wrapped.code());
        assertTrue(wrapped.getMessage(), wrapped.getMessage().contains("test thing: disk gone"));
    }

    @Test
    public void aNameIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> Reconfiguring.of(config, " ", this::build, this::stop));
    }
}
