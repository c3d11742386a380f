package io.bitdust.pipeline;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The large arrays (blocks, compressed blocks, fragment files, plaintexts) that the backups or the restores of one
 * node take and give back, kept from one job to the next: a job that follows another finds its arrays allocated, so
 * it neither zeroes them nor faults in the heap pages they land on (docs/performance.md, twentieth pass). A job's
 * arrays are bounded by its settings, not by its input, and so is what is kept.
 *
 * <p>Free arrays are held through soft references: the collector takes them back before the heap runs short, and
 * those no job has used for a while (the JVM's {@code SoftRefLRUPolicyMSPerMB}) at its next collections, so an idle
 * node does not hold them for good. Arrays are found by their exact length; the most recently given is taken first.
 * Thread-safe.
 */
public final class BufferCache {
    private final Map<Integer, ArrayDeque<SoftReference<byte[]>>> free = new HashMap<>();
    private long allocated;

    /**
     * @param size the array's length
     * @return a free array of exactly {@code size} bytes, with any content; a new one when none is free
     */
    public byte[] take(int size) {
        synchronized (this) {
            ArrayDeque<SoftReference<byte[]>> arrays = free.get(size);
            while (arrays != null && !arrays.isEmpty()) {
                byte[] array = arrays.pollFirst().get();
                if (array != null) {
                    return array;
                }
            }
            allocated += size;
        }
        return new byte[size];
    }

    /**
     * Keeps an array for a later {@link #take} of its length, unless {@code keep} arrays of that length are kept
     * already (cleared ones included, until a take finds them).
     *
     * @param array an array nobody uses any more
     * @param keep  how many free arrays of its length to keep at most
     */
    public synchronized void give(byte[] array, int keep) {
        ArrayDeque<SoftReference<byte[]>> arrays = free.computeIfAbsent(array.length, size -> new ArrayDeque<>());
        if (arrays.size() < keep) {
            arrays.addFirst(new SoftReference<>(array));
        }
    }

    /** @return the bytes of all the arrays {@link #take} has allocated so far */
    public synchronized long allocatedBytes() {
        return allocated;
    }
}
