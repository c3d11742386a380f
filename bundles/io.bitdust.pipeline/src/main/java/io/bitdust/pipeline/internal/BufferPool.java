package io.bitdust.pipeline.internal;

import io.bitdust.pipeline.BufferCache;

/**
 * Reuses arrays of one size, so a backup does not allocate (and the collector does not have to reclaim) several large
 * arrays per block. Keeps at most {@code capacity} free arrays, in a {@link BufferCache} that other pools (of this job
 * or of later ones) may share; {@link #take()} allocates when none is free, so it never waits. Thread-safe.
 */
public final class BufferPool {
    private final BufferCache cache;
    private final int size;
    private final int capacity;

    /**
     * A pool with a cache of its own.
     *
     * @param size     the length of the arrays
     * @param capacity how many free arrays are kept at most, at least 1
     */
    public BufferPool(int size, int capacity) {
        this(new BufferCache(), size, capacity);
    }

    /**
     * @param cache    where free arrays are kept
     * @param size     the length of the arrays
     * @param capacity how many free arrays of this length are kept at most, at least 1
     */
    public BufferPool(BufferCache cache, int size, int capacity) {
        this.cache = cache;
        this.size = size;
        this.capacity = capacity;
    }

    /**
     * @param otherSize     the length of its arrays
     * @param otherCapacity how many free arrays of that length are kept at most
     * @return a pool that keeps its free arrays in the same cache as this one
     */
    public BufferPool sibling(int otherSize, int otherCapacity) {
        return new BufferPool(cache, otherSize, otherCapacity);
    }

    /** @return an array of {@link #size()} bytes with any content */
    public byte[] take() {
        return cache.take(size);
    }

    /** @param buffer an array from {@link #take()} that nobody uses any more; dropped when the pool is full */
    public void give(byte[] buffer) {
        if (buffer.length == size) {
            cache.give(buffer, capacity);
        }
    }

    /** @return the length of the arrays */
    public int size() {
        return size;
    }
}
