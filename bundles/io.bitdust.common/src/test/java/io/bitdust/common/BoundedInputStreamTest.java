package io.bitdust.common;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import org.junit.Test;

public class BoundedInputStreamTest {

    @Test
    public void readsUpToTheLimitAndNoFurther() throws Exception {
        ByteArrayInputStream source = new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5});
        BoundedInputStream bounded = new BoundedInputStream(source, 3);
        assertEquals(1, bounded.read());
        assertArrayEquals(new byte[] {2, 3}, bounded.readAllBytes());
        assertEquals(-1, bounded.read());
        assertEquals(0, bounded.remaining());
        assertEquals("the rest stays in the source", 4, source.read());
    }

    @Test
    public void countsWhatASourceThatEndsEarlyLeftUnread() throws Exception {
        BoundedInputStream bounded = new BoundedInputStream(new ByteArrayInputStream(new byte[] {9, 9}), 5);
        assertArrayEquals(new byte[] {9, 9}, bounded.readAllBytes());
        assertEquals(3, bounded.remaining());
    }
}
