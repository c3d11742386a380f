package io.bitdust.backup.remote;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The buffers a {@link SupplierFragmentSink} writes its Data payloads into, used again once a payload is acknowledged.
 * Fragments of one version differ in length (a compressed block's are shorter), so a new buffer is as long as the
 * longest payload asked for so far, and a free one too short for a payload is dropped: after the first full block,
 * every buffer fits every payload. Holds no more buffers than were in use at once. Thread-safe.
 */
final class PayloadBuffers {
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger longest = new AtomicInteger();
    private final AtomicInteger allocated = new AtomicInteger();

    /**
     * @param length the payload's length
     * @return a buffer of at least {@code length} bytes, with any content
     */
    byte[] take(int length) {
        int size = longest.accumulateAndGet(length, Math::max);
        byte[] buffer;
        while ((buffer = free.poll()) != null) {
            if (buffer.length >= length) {
                return buffer;
            }
        }
        allocated.incrementAndGet();
        return new byte[size];
    }

    /** @param buffer a buffer from {@link #take} that nothing refers to any more */
    void give(byte[] buffer) {
        free.offer(buffer);
    }

    /** @return how many buffers {@link #take} allocated */
    int allocated() {
        return allocated.get();
    }
}
