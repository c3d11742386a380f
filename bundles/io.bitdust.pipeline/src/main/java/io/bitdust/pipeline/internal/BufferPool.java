package io.bitdust.pipeline.internal;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Reuses arrays of one size, so a backup does not allocate (and the collector does not have to reclaim) several large
 * arrays per block. Keeps at most {@code capacity} arrays; {@link #take()} allocates when none is free, so it never
 * waits. Thread-safe.
 */
public final class BufferPool {
    private final int size;
    private final ArrayBlockingQueue<byte[]> free;

    /**
     * @param size     the length of the arrays
     * @param capacity how many free arrays are kept at most, at least 1
     */
    public BufferPool(int size, int capacity) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(capacity);
    }

    /** @return an array of {@link #size()} bytes with any content */
    public byte[] take() {
        byte[] buffer = free.poll();
        return buffer != null ? buffer : new byte[size];
    }

    /** @param buffer an array from {@link #take()} that nobody uses any more; dropped when the pool is full */
    public void give(byte[] buffer) {
        if (buffer.length == size) {
            free.offer(buffer);
        }
    }

    /** @return the length of the arrays */
    public int size() {
        return size;
    }
}
