package io.bitdust.backup.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.catalog.Catalog;
import io.bitdust.pipeline.FragmentName;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class DeliveryRecorderTest {
    private static final Duration LONG = Duration.ofHours(1);

    /** The batches the catalog was asked to record, in order. */
    private final List<List<FragmentName>> batches = new ArrayList<>();
    private final Catalog catalog = (Catalog) Proxy.newProxyInstance(Catalog.class.getClassLoader(),
            new Class<?>[] {Catalog.class}, (proxy, method, args) -> {
                if (!method.getName().equals("markDelivered")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                synchronized (batches) {
                    batches.add(new ArrayList<>((Collection<FragmentName>) args[0]));
                    batches.notifyAll();
                }
                return List.of();
            });
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    @After
    public void tearDown() throws Exception {
        thread.shutdownNow();
        assertTrue(thread.awaitTermination(60, TimeUnit.SECONDS));
    }

    private static FragmentName fragment(int block) {
        return new FragmentName("0/1/F20261205120000AM", block, 0, false);
    }

    private List<List<FragmentName>> recorded() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }

    private void awaitBatches(int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (batches) {
            while (batches.size() < count) {
                long left = until - System.nanoTime();
                assertTrue("timed out waiting for " + count + " batches; recorded: " + batches, left > 0);
                TimeUnit.NANOSECONDS.timedWait(batches, left);
            }
        }
    }

    @Test(timeout = 60_000)
    public void theAcksThatComeWhileABatchLingersAreRecordedTogetherAndFlushRecordsThemAtOnce() throws Exception {
        DeliveryRecorder recorder = new DeliveryRecorder(catalog, thread, LONG);
        for (int block = 0; block < 3; block++) {
            recorder.delivered(fragment(block));
        }
        assertEquals("nothing is recorded while the batch lingers", List.of(), recorded());

        recorder.flush();

        assertEquals(List.of(List.of(fragment(0), fragment(1), fragment(2))),
                recorded());
    }

    @Test(timeout = 60_000)
    public void aFullBatchIsRecordedWithoutWaitingForTheLinger() throws Exception {
        DeliveryRecorder recorder = new DeliveryRecorder(catalog, thread, LONG);
        for (int block = 0; block < DeliveryRecorder.FULL_BATCH; block++) {
            recorder.delivered(fragment(block));
        }

        awaitBatches(1);

        assertEquals(DeliveryRecorder.FULL_BATCH, recorded().get(0).size());
    }

    @Test(timeout = 60_000)
    public void aBatchIsRecordedOnceTheLingerHasPassedWithoutAFlush() throws Exception {
        DeliveryRecorder recorder = new DeliveryRecorder(catalog, thread, Duration.ofMillis(20));
        recorder.delivered(fragment(7));

        awaitBatches(1);

        assertEquals(List.of(List.of(fragment(7))), recorded());
    }

    @Test(timeout = 60_000)
    public void onceTheExecutorIsShutTheCallerRecordsItsAckAtOnceWithoutLingering() throws Exception {
        thread.shutdown();
        DeliveryRecorder recorder = new DeliveryRecorder(catalog, thread, LONG);

        recorder.delivered(fragment(1));

        assertEquals(List.of(List.of(fragment(1))), recorded());
    }
}
