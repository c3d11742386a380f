package io.bitdust.backup.remote;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.backup.remote.FakeNetwork.Family;
import io.bitdust.backup.remote.FakeNetwork.FakeGateway;
import io.bitdust.catalog.NamingKey;
import io.bitdust.common.BitDustException;
import io.bitdust.crypto.Hashes;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSink;
import io.bitdust.storage.StoredData;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Test;

public class SupplierFragmentSinkTest {
    private static final String BACKUP = "0/1/F20261203020000PM";
    private static final NamingKey KEY = new NamingKey(new byte[32]);
    private static final Duration LONG = Duration.ofSeconds(60);

    private final FakeGateway gateway = new FakeGateway();
    private final Family family = Family.of(4);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @After
    public void stop() {
        threads.shutdownNow();
    }

    @Test
    public void aPutBlocksWhileItsPositionHasItsBoundInFlightAndOtherPositionsGoOn() throws Exception {
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 2, LONG);
        sink.put(fragment(0, 0), new byte[100]);
        sink.put(fragment(1, 0), new byte[100]);
        AtomicReference<Thread> putter = new AtomicReference<>();
        Future<?> third = threads.submit(() -> {
            putter.set(Thread.currentThread());
            sink.put(fragment(2, 0), new byte[100]);
            return null;
        });
        await(() -> putter.get() != null && (putter.get().getState() == Thread.State.WAITING
                || putter.get().getState() == Thread.State.TIMED_WAITING), "the third put waits");
        assertFalse(third.isDone());
        assertEquals(2, gateway.sentTo(FakeNetwork.supplier(0)));
        sink.put(fragment(0, 1), new byte[100]);
        assertEquals("another position is not held up", 1, gateway.sentTo(FakeNetwork.supplier(1)));

        gateway.held.get(0).ack();
        third.get(60, TimeUnit.SECONDS);
        assertEquals(3, gateway.sentTo(FakeNetwork.supplier(0)));
        assertEquals(3, sink.outstanding());
    }

    @Test
    public void fragmentsGoAsDataUnderTheirObjectNamesAndTheManifestToEverySupplierAfterTheAcks() throws Exception {
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 4, LONG);
        for (int position = 0; position < 4; position++) {
            sink.put(fragment(0, position), new byte[] {(byte) position});
        }
        Future<?> manifest = threads.submit(() -> {
            sink.putManifest(BACKUP, new byte[] {42});
            return null;
        });
        gateway.held.get(0).ack();
        gateway.held.get(1).ack();
        gateway.held.get(2).ack();
        assertEquals("no manifest before every fragment is acknowledged", 4, gateway.sent.size());
        gateway.held.get(3).ack();
        await(() -> gateway.sent.size() == 8, "the manifest goes to the 4 suppliers");
        assertFalse(manifest.isDone());
        gateway.ackAll();
        manifest.get(60, TimeUnit.SECONDS);

        Set<String> names = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            Packet packet = gateway.sent.get(i);
            assertEquals(Command.DATA, packet.command());
            StoredData object = StoredData.parse(packet.payload());
            names.add(object.name());
            if (i < 4) {
                assertEquals(FakeNetwork.supplier(i), packet.remote());
                assertEquals(KEY.fragment(BACKUP, 0, i, false), object.name());
                assertEquals(i, object.data()[0]);
            } else {
                assertEquals(KEY.manifest(BACKUP), object.name());
                assertEquals(42, object.data()[0]);
            }
        }
        assertEquals(5, names.size());
        assertFalse(names.stream().anyMatch(name -> name.contains("F2026")));
        assertEquals(0, sink.outstanding());
    }

    @Test
    public void aPayloadBufferIsUsedAgainOnlyOnceItsFragmentIsAcknowledged() throws Exception {
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 2, LONG);
        byte[][] data = new byte[8][];
        for (int i = 0; i < data.length; i++) {
            data[i] = new byte[300 - 20 * i];
            new java.util.Random(i).nextBytes(data[i]);
        }
        // two fragments at position 0 wait for their Acks, while position 1 is answered at once
        sink.put(fragment(0, 0), data[0]);
        sink.put(fragment(1, 0), data[1]);
        gateway.rules.put(FakeNetwork.supplier(1), Optional.empty());
        for (int block = 2; block < data.length; block++) {
            sink.put(fragment(block, 1), data[block]);
        }
        assertEquals("position 1's fragments share one buffer, the waiting ones keep theirs", 3,
                sink.buffersAllocated());

        gateway.serveAll();
        sink.flush(BACKUP);
        for (int block = 0; block < data.length; block++) {
            int position = block < 2 ? 0 : 1;
            Packet stored = gateway.stored.get(FakeNetwork.supplier(position)).get(KEY.fragment(BACKUP, block,
                    position, false));
            assertTrue(stored.verify(FakeNetwork.KEY.publicKey()));
            assertArrayEquals("fragment " + block, data[block], StoredData.parse(stored).data());
        }
        sink.put(fragment(8, 0), new byte[400]);
        assertEquals("a longer payload than every free buffer takes a new one", 4, sink.buffersAllocated());
        byte[] longer = Arrays.copyOf(data[3], data[3].length + 50);
        sink.put(fragment(9, 1), longer, data[3].length, Hashes.sha256(data[3]));
        assertArrayEquals("a fragment given as the start of a buffer", data[3], StoredData.parse(gateway.stored
                .get(FakeNetwork.supplier(1)).get(KEY.fragment(BACKUP, 9, 1, false))).data());
    }

    @Test
    public void aFragmentIsSignedThroughTheHashItCameWithAndWithoutOneThroughItsOwn() throws Exception {
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 4, LONG);
        gateway.rules.put(FakeNetwork.supplier(0), Optional.empty());
        byte[] fragment = "the fragment file".getBytes();
        sink.put(fragment(0, 0), fragment, fragment.length, Hashes.sha256(fragment));
        sink.put(fragment(1, 0), fragment);
        sink.put(fragment(2, 0), fragment, fragment.length, Hashes.sha256("the manifest says otherwise".getBytes()));
        sink.flush(BACKUP);

        assertTrue(gateway.sent.get(0).verify(FakeNetwork.KEY.publicKey()));
        assertTrue(gateway.sent.get(1).verify(FakeNetwork.KEY.publicKey()));
        assertFalse("signed through the hash given, which the supplier recomputes",
                gateway.sent.get(2).verify(FakeNetwork.KEY.publicKey()));
    }

    @Test
    public void aFailIsSentAgainAndAFragmentThatKeepsFailingFailsTheVersionNamingPositionAndReason()
            throws Exception {
        gateway.ackAll();
        gateway.rules.put(FakeNetwork.supplier(1), Optional.of("disk full"));
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 4, LONG);
        sink.put(fragment(0, 0), new byte[100]);
        sink.put(fragment(0, 1), new byte[100]);
        assertEquals(SupplierFragmentSink.ATTEMPTS, gateway.sentTo(FakeNetwork.supplier(1)));
        try {
            sink.putManifest(BACKUP, new byte[] {1});
            fail("the version is not delivered");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("position 1") && e.getMessage().contains("disk full")
                    && e.getMessage().contains(BACKUP));
        }
        try {
            sink.put(fragment(1, 0), new byte[100]);
            fail("a failed version takes no more fragments");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("position 1"));
        }
        assertEquals("no manifest was sent", 1 + SupplierFragmentSink.ATTEMPTS, gateway.sent.size());
    }

    @Test
    public void aFailThenAnAckDeliversTheFragment() throws Exception {
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 1, LONG);
        sink.put(fragment(0, 2), new byte[100]);
        gateway.held.get(0).fail("busy");
        await(() -> gateway.held.size() == 2, "the fragment is sent again");
        gateway.ackAll();
        sink.putManifest(BACKUP, new byte[] {1});
        assertEquals(2 + 4, gateway.sent.size());
    }

    @Test
    public void noAckInTimeFailsTheVersion() throws Exception {
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 4, Duration.ofMillis(20));
        sink.put(fragment(0, 3), new byte[100]);
        try {
            sink.putManifest(BACKUP, new byte[] {1});
            fail("nothing was acknowledged");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("position 3") && e.getMessage().contains("no Ack"));
        }
        assertEquals(SupplierFragmentSink.ATTEMPTS, gateway.sent.size());
    }

    @Test
    public void aPositionWithoutSupplierFailsAtOnce() throws Exception {
        family.hired.remove(2);
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 4, LONG);
        try {
            sink.put(fragment(0, 2), new byte[100]);
            fail("nobody is hired at position 2");
        } catch (IOException e) {
            assertEquals("no supplier at position 2", e.getMessage());
        }
        assertEquals(List.of(), gateway.sent);
    }

    @Test
    public void aSupplierFiredWhileAFragmentIsRetriedFailsTheVersion() throws Exception {
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 4, LONG);
        sink.put(fragment(0, 1), new byte[100]);
        family.hired.remove(1);
        gateway.held.get(0).fail("gone");
        try {
            sink.putManifest(BACKUP, new byte[] {1});
            fail("position 1 lost its supplier");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no supplier at position 1"));
        }
    }

    @Test
    public void badSettingsAreRefused() {
        for (Runnable bad : List.<Runnable>of(
                () -> new SupplierFragmentSink(gateway, family, KEY, 0, LONG),
                () -> new SupplierFragmentSink(gateway, family, new NamingKey(new byte[8]), 4, LONG),
                () -> new SupplierFragmentSink(gateway, family, KEY, 4, Duration.ZERO))) {
            try {
                bad.run();
                fail("refused");
            } catch (BitDustException e) {
                assertFalse(e.getMessage().isEmpty());
            }
        }
    }

    /**
     * A fragment file laid out with the sink's room goes out in a payload written around it in the packer's buffer:
     * the packet holds the file, and the buffer is released once, when its fragment is acknowledged, not before.
     */
    @Test
    public void aFragmentWithTheSinksRoomIsSentFromThePackersBufferAndReleasedOnItsAck() throws Exception {
        SupplierFragmentSink sink = new SupplierFragmentSink(gateway, family, KEY, 2, LONG);
        FragmentSink.Room room = sink.room(BACKUP);
        assertEquals(StoredData.DATA_OFFSET, room.before());
        byte[] file = new byte[300];
        new java.util.Random(7).nextBytes(file);
        byte[] buffer = new byte[room.before() + file.length + room.after()];
        System.arraycopy(file, 0, buffer, room.before(), file.length);
        AtomicInteger released = new AtomicInteger();
        sink.put(fragment(0, 0), buffer, room.before(), file.length, Hashes.sha256(file), released::incrementAndGet);
        assertEquals("released only on the Ack", 0, released.get());
        assertEquals("nothing copied into a buffer of the sink's", 0, sink.buffersAllocated());
        gateway.serveAll();
        sink.flush(BACKUP);
        assertEquals(1, released.get());
        Packet stored = gateway.stored.get(FakeNetwork.supplier(0)).get(KEY.fragment(BACKUP, 0, 0, false));
        assertTrue(stored.verify(FakeNetwork.KEY.publicKey()));
        assertArrayEquals(file, StoredData.parse(stored).data());
        assertArrayEquals("the payload is the one a copy would have made",
                new StoredData(KEY.fragment(BACKUP, 0, 0, false), file).toBytes(), stored.payload());

        byte[] cramped = Arrays.copyOf(buffer, room.before() + file.length);
        sink.put(fragment(1, 0), cramped, room.before(), file.length, null, released::incrementAndGet);
        assertEquals("a buffer without the room is copied and released at once", 2, released.get());
        assertEquals(1, sink.buffersAllocated());
        gateway.serveAll();
        sink.flush(BACKUP);
        assertArrayEquals(file, StoredData.parse(gateway.stored.get(FakeNetwork.supplier(0)).get(KEY.fragment(BACKUP,
                1, 0, false))).data());
    }

    private static FragmentName fragment(long block, int position) {
        return new FragmentName(BACKUP, block, position, false);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 60 s: " + what);
            }
            Thread.sleep(5);
        }
    }
}
