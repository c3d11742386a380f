package io.bitdust.common;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ByteRangeTest {
    @Test
    public void aRangeIsItsBytesWhereverTheyLie() {
        byte[] array = {9, 1, 2, 3, 9};
        ByteRange middle = new ByteRange(array, 1, 3);

        assertArrayEquals(new byte[] {1, 2, 3}, middle.copy());
        assertEquals(2, middle.get(1));
        assertEquals(ByteRange.of(new byte[] {1, 2, 3}), middle);
        assertEquals(ByteRange.of(new byte[] {1, 2, 3}).hashCode(), middle.hashCode());
        assertNotEquals(new ByteRange(array, 0, 3), middle);
        assertTrue(middle.toString(), middle.toString().contains("3 bytes") && !middle.toString().contains("1, 2"));
        array[2] = 7;
        assertEquals("not a copy", 7, middle.get(1));
    }

    @Test
    public void aRangeOutsideItsArrayIsRefused() {
        byte[] array = new byte[4];
        assertThrows(IndexOutOfBoundsException.class, () -> new ByteRange(array, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> new ByteRange(array, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> new ByteRange(array, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> new ByteRange(array, 1, 2).get(2));
        assertEquals(0, new ByteRange(array, 4, 0).length());
    }
    @Test
    public void aRangeCarriesTheDigestItsMakerComputedAndIsEqualToItsBytesWithoutIt() {
        byte[] digest = new byte[32];
        digest[0] = 5;
        ByteRange plain = ByteRange.of(new byte[] {1, 2, 3});
        ByteRange hashed = plain.withSha256(digest);

        assertTrue(plain.sha256().isEmpty());
        assertArrayEquals(digest, hashed.sha256().orElseThrow());
        assertEquals(plain, hashed);
        digest[0] = 6;
        assertEquals("kept as given", 5, hashed.sha256().orElseThrow()[0]);
        assertThrows(IllegalArgumentException.class, () -> plain.withSha256(new byte[31]));
    }
}
