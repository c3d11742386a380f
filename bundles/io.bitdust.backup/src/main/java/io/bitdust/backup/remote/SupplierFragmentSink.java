package io.bitdust.backup.remote;

import io.bitdust.catalog.NamingKey;
import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.pipeline.FragmentName;
import io.bitdust.pipeline.FragmentSink;
import io.bitdust.storage.StoredData;
import io.bitdust.suppliers.SupplierService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one version to the suppliers of my family: each fragment as a signed Data packet to the supplier hired at
 * its position, under its opaque object name, without waiting for the Ack. At most {@code inFlightPerSupplier}
 * fragments per position wait for their Ack; {@link #put} blocks while its position has that many, so a backup runs
 * at the speed of its suppliers. A fragment that fails (Fail, no answer, no supplier) is sent again up to
 * {@value #ATTEMPTS} times in all, to whoever holds its position then; after that the version fails: the next
 * {@link #put} and {@link #putManifest} throw. {@link #putManifest} waits for every Ack, then stores the manifest at
 * every supplier. One sink per version. The packer leaves this sink {@link #room} around each fragment file, and the
 * Data payload is written around the file in the packer's buffer (the file is not copied), which goes back to the
 * packer once the first attempt is acknowledged; a fragment without that room is copied into a buffer of this sink's,
 * used again likewise. Either way a backup does not allocate a new array of several MB per fragment.
 */
public final class SupplierFragmentSink implements FragmentSink {
    /** How many times a fragment is sent before the version fails. */
    static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(SupplierFragmentSink.class);
    private static final int MAX_REASON_CHARS = 200;
    private static final String ABORTED = "aborted";

    private final Gateway gateway;
    private final SupplierService suppliers;
    private final NamingKey naming;
    private final int inFlightPerSupplier;
    private final Duration timeout;
    private final Deliveries deliveries;
    private final int maxLostPositions;
    /** Guarded by {@link #lock}: the positions given up, with why, in order. */
    private final Map<Integer, String> lost = new LinkedHashMap<>();
    private final Map<Integer, Semaphore> slots = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final PayloadBuffers buffers = new PayloadBuffers();
    /** Guarded by {@link #lock}: objects sent and not yet acknowledged or given up. */
    private int outstanding;
    /** Guarded by {@link #lock}: what was given up, in order. */
    private final List<String> failures = new ArrayList<>();

    /**
     * @param gateway             sends the packets
     * @param suppliers           who is hired at each position
     * @param naming              the owner's naming key
     * @param inFlightPerSupplier how many fragments per position may wait for their Ack, at least 1
     * @param timeout             how long one attempt waits for its Ack at most, besides the gateway's own wait
     * @throws BitDustException INVALID_ARGUMENT for a bound below 1, a non-positive timeout
     */
    public SupplierFragmentSink(Gateway gateway, SupplierService suppliers, NamingKey naming, int inFlightPerSupplier,
            Duration timeout) {
        this(gateway, suppliers, naming, inFlightPerSupplier, timeout, name -> { }, 0);
    }

    /**
     * @param gateway             sends the packets
     * @param suppliers           who is hired at each position
     * @param naming              the owner's naming key
     * @param inFlightPerSupplier how many fragments per position may wait for their Ack, at least 1
     * @param timeout             how long one attempt waits for its Ack at most, besides the gateway's own wait
     * @param deliveries          told of every fragment its supplier acknowledged, from the gateway's threads
     * @param maxLostPositions    how many positions may be given up (a fragment failed there {@value #ATTEMPTS}
     *                            times; nothing more is sent there) before the version fails; their fragments are
     *                            left for a rebuild
     * @throws BitDustException INVALID_ARGUMENT for a bound below 1 or a non-positive timeout
     */
    public SupplierFragmentSink(Gateway gateway, SupplierService suppliers, NamingKey naming, int inFlightPerSupplier,
            Duration timeout, Deliveries deliveries, int maxLostPositions) {
        if (inFlightPerSupplier < 1) {
            throw BitDustException.invalid("fragments in flight per supplier " + inFlightPerSupplier
                    + " must be at least 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw BitDustException.invalid("the Ack timeout " + timeout + " must be positive");
        }
        this.gateway = gateway;
        this.suppliers = suppliers;
        this.naming = naming;
        this.inFlightPerSupplier = inFlightPerSupplier;
        this.timeout = timeout;
        this.deliveries = deliveries;
        this.maxLostPositions = Math.max(0, maxLostPositions);
    }

    @Override
    public void put(FragmentName name, byte[] fragment) throws IOException {
        put(name, fragment, fragment.length, null);
    }

    /**
     * Writes the fragment's payload into a buffer of this sink's, so the packer's buffer is free on return, and signs
     * its Data packets through the fragment's SHA-256 when given (docs/protocol.md §2.4).
     */
    @Override
    public void put(FragmentName name, byte[] fragment, int fragmentLength, byte[] sha256) throws IOException {
        put(name, fragment, 0, fragmentLength, sha256, () -> { });
    }

    /** Room for a Data payload around each fragment file: the payload is then written around it, not copied. */
    @Override
    public Room room(String backupId) {
        return new Room(StoredData.DATA_OFFSET, StoredData.trailerLength(naming.fragment(backupId, 0, 0, false)));
    }

    /**
     * Sends the fragment in a Data payload written around it in the packer's buffer, which is released once the
     * first attempt is acknowledged (or at once, when the fragment is not sent); a buffer without that room is copied
     * into a buffer of this sink's, as {@link #put(FragmentName, byte[], int, byte[])} does.
     */
    @Override
    public void put(FragmentName name, byte[] buffer, int offset, int length, byte[] sha256, Runnable release)
            throws IOException {
        boolean kept = false;
        try {
            String objectName = objectName(name, length);
            Semaphore slot = slot(name);
            if (slot == null) {
                return;
            }
            if (offset == StoredData.DATA_OFFSET
                    && buffer.length - offset - length >= StoredData.trailerLength(objectName)) {
                send(name, slot, StoredData.buildAround(buffer, objectName, length, sha256), release);
                kept = true;
            } else {
                byte[] own = buffers.take(StoredData.encodedLength(objectName, length));
                send(name, slot, StoredData.buildIn(own, objectName, buffer, offset, length, sha256),
                        () -> buffers.give(own));
            }
        } finally {
            if (!kept) {
                release.run();
            }
        }
    }

    /** @return the fragment's object name, checked with its length */
    private String objectName(FragmentName name, int length) throws IOException {
        throwIfFailed(name.backupId());
        try {
            String objectName = naming.fragment(name);
            StoredData.check(objectName, length);
            return objectName;
        } catch (BitDustException e) {
            throw new IOException("fragment " + name + " cannot be sent: " + e.getMessage(), e);
        }
    }

    /** @return a slot of the fragment's position, once one is free; null when the position is given up */
    private Semaphore slot(FragmentName name) throws IOException {
        supplierAt(name.position());
        if (isLost(name.position())) {
            return null;
        }
        Semaphore slot = slots.computeIfAbsent(name.position(), position -> new Semaphore(inFlightPerSupplier));
        try {
            while (!slot.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                throwIfFailed(name.backupId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while position " + name.position() + " has "
                    + inFlightPerSupplier + " fragments in flight");
        }
        return slot;
    }

    /** Sends a fragment's payload; {@code reuse} runs when the first attempt is acknowledged. */
    private void send(FragmentName name, Semaphore slot, Payload payload, Runnable reuse) {
        synchronized (lock) {
            outstanding++;
        }
        deliver("fragment " + name, name.position(), payload, 1, first -> {
            if (first) {
                reuse.run();
            }
            slot.release();
            deliveries.delivered(name);
        }, slot::release);
    }

    @Override
    public void putManifest(String backupId, byte[] manifest) throws IOException {
        awaitAcks();
        throwIfFailed(backupId);
        Payload payload;
        try {
            payload = new StoredData(naming.manifest(backupId), manifest).fields();
        } catch (BitDustException e) {
            throw new IOException("the manifest of " + backupId + " cannot be sent: " + e.getMessage(), e);
        }
        int positions = suppliers.suppliers().size();
        if (positions == 0) {
            throw new IOException("no supplier is hired to store the manifest of " + backupId);
        }
        for (int position = 0; position < positions; position++) {
            supplierAt(position);
        }
        for (int position = 0; position < positions; position++) {
            if (isLost(position)) {
                continue;
            }
            synchronized (lock) {
                outstanding++;
            }
            deliver("the manifest of " + backupId, position, payload, 1, first -> { }, () -> { });
        }
        awaitAcks();
        throwIfFailed(backupId);
    }

    /** Told of every fragment acknowledged by the supplier at its position. */
    @FunctionalInterface
    public interface Deliveries {
        /**
         * Called from the gateway's threads; must return quickly.
         *
         * @param name the fragment acknowledged
         */
        void delivered(FragmentName name);
    }

    /**
     * Waits until every fragment put so far is acknowledged or given up, without sending a manifest: for fragments
     * sent again (a rebuild), whose version has its manifest already.
     *
     * @param backupId the version, for the message
     * @throws IOException when a fragment was given up
     */
    public void flush(String backupId) throws IOException {
        awaitAcks();
        throwIfFailed(backupId);
    }

    /**
     * Stops the version: a {@link #put} or {@link #putManifest} waiting for room or Acks, and every later one, throws
     * at once. Fragments already sent may still be acknowledged.
     */
    public void abort() {
        synchronized (lock) {
            failures.add(0, ABORTED);
            lock.notifyAll();
        }
    }

    /**
     * @return the positions given up so far (nothing more is sent there; their fragments wait for a rebuild), with
     *     why, in the order they were given up
     */
    public Map<Integer, String> lostPositions() {
        synchronized (lock) {
            return new LinkedHashMap<>(lost);
        }
    }

    private boolean isLost(int position) {
        synchronized (lock) {
            return lost.containsKey(position);
        }
    }

    /** @return how many payload buffers were allocated so far */
    int buffersAllocated() {
        return buffers.allocated();
    }

    /** @return how many objects wait for their Ack now */
    int outstanding() {
        synchronized (lock) {
            return outstanding;
        }
    }

    private IdUrl supplierAt(int position) throws IOException {
        return suppliers.supplier(position).orElseThrow(() -> new IOException("no supplier at position " + position));
    }

    /**
     * Sends the first {@code length} bytes of {@code payload} as a Data packet to the supplier at {@code position},
     * again on a failure, until {@value #ATTEMPTS} attempts failed.
     *
     * @param acknowledged run on the Ack, told whether the first attempt got it: only then is no earlier packet made
     *                     of the payload still on its way, and the buffer may be used again
     * @param release      run when it is given up
     */
    private void deliver(String what, int position, Payload payload, int attempt,
            Consumer<Boolean> acknowledged, Runnable release) {
        IdUrl supplier = suppliers.supplier(position).orElse(null);
        if (supplier == null) {
            done(position, what + ": no supplier at position " + position, release);
            return;
        }
        SupplierRequests.ask(gateway, supplier, Command.DATA, payload, timeout).whenComplete((answer,
                error) -> {
            String reason = reason(answer, error);
            if (reason == null) {
                done(position, null, () -> acknowledged.accept(attempt == 1));
            } else if (attempt < ATTEMPTS) {
                LOG.warn("Sending {} to {} at position {} failed (attempt {} of {}), trying again: {}", what,
                        supplier, position, attempt, ATTEMPTS, reason);
                deliver(what, position, payload, attempt + 1, acknowledged, release);
            } else {
                done(position, what + " at position " + position + " (" + supplier + ") failed " + ATTEMPTS
                        + " times: " + reason, release);
            }
        });
    }

    private void done(int position, String failure, Runnable release) {
        if (failure != null) {
            LOG.warn("Giving up: {}", failure);
        }
        release.run();
        synchronized (lock) {
            if (failure != null && lost.putIfAbsent(position, failure) == null && lost.size() > maxLostPositions) {
                failures.add(failure);
            } else if (failure != null && !failures.isEmpty() && failures.get(0) != ABORTED) {
                failures.add(failure);
            }
            outstanding--;
            lock.notifyAll();
        }
    }

    private static String reason(Packet answer, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                return "no Ack in time";
            }
            return cause.getMessage() != null ? cause.getMessage() : cause.toString();
        }
        if (answer.command() == Command.ACK) {
            return null;
        }
        String text = new String(answer.payload(), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        return answer.command() + " " + (text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS)
                : text);
    }

    private void awaitAcks() throws IOException {
        synchronized (lock) {
            while (outstanding > 0) {
                if (!failures.isEmpty() && failures.get(0) == ABORTED) {
                    return;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while " + outstanding
                            + " objects wait for their Ack");
                }
            }
        }
    }

    private void throwIfFailed(String backupId) throws IOException {
        synchronized (lock) {
            if (!failures.isEmpty() && failures.get(0) == ABORTED) {
                throw new InterruptedIOException("version " + backupId + " was aborted");
            }
            if (!failures.isEmpty()) {
                throw new IOException("version " + backupId + " is not delivered: " + failures.get(0)
                        + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : ""));
            }
        }
    }
}
