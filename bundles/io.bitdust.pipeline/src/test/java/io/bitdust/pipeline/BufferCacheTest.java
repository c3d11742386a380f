package io.bitdust.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;

import org.junit.Test;

/** Arrays are kept by length, up to a bound, the last given taken first; only new ones count as allocated. */
public class BufferCacheTest {

    @Test
    public void anArrayGivenBackIsTakenAgainByItsLengthOnly() {
        BufferCache cache = new BufferCache();
        byte[] first = cache.take(1000);
        assertEquals(1000, first.length);
        assertEquals(1000, cache.allocatedBytes());
        cache.give(first, 2);
        byte[] other = cache.take(1001);
        assertNotSame(first, other);
        assertEquals(2001, cache.allocatedBytes());
        assertSame(first, cache.take(1000));
        assertEquals("taken from the cache, not allocated", 2001, cache.allocatedBytes());
    }

    @Test
    public void keepsAtMostTheBoundAndGivesTheLastKeptFirst() {
        BufferCache cache = new BufferCache();
        byte[] a = cache.take(64);
        byte[] b = cache.take(64);
        byte[] c = cache.take(64);
        cache.give(a, 2);
        cache.give(b, 2);
        cache.give(c, 2);
        assertSame(b, cache.take(64));
        assertSame(a, cache.take(64));
        assertEquals(3 * 64, cache.allocatedBytes());
        byte[] fresh = cache.take(64);
        assertNotSame(c, fresh);
        assertEquals("c was dropped: the cache held two already", 4 * 64, cache.allocatedBytes());
    }
}
