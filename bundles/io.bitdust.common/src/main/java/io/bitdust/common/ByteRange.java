package io.bitdust.common;

import java.util.Arrays;
import java.util.Objects;

/**
 * Bytes where they lie: {@code length} bytes of {@code array} from {@code offset}, handed on without copying them (a
 * fragment of several MB inside the packet it came in). Whoever holds one must not change the bytes, and whoever made
 * it must not change them while it is in use.
 *
 * @param array  the array the bytes are in
 * @param offset where they start
 * @param length how many there are
 */
public record ByteRange(byte[] array, int offset, int length) {
    /** @throws IndexOutOfBoundsException when the range is not within the array */
    public ByteRange {
        Objects.checkFromIndexSize(offset, length, array.length);
    }

    /**
     * @param bytes an array
     * @return the whole of it
     */
    public static ByteRange of(byte[] bytes) {
        return new ByteRange(bytes, 0, bytes.length);
    }

    /** @return a copy of the bytes, in an array of their length */
    public byte[] copy() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /**
     * @param index an index within the range, from 0
     * @return the byte at it
     * @throws IndexOutOfBoundsException when the index is outside the range
     */
    public byte get(int index) {
        Objects.checkIndex(index, length);
        return array[offset + index];
    }

    /** @return whether the other is a range of the same bytes (compared by content, not by array) */
    @Override
    public boolean equals(Object o) {
        return o instanceof ByteRange && Arrays.equals(array, offset, offset + length, ((ByteRange) o).array,
                ((ByteRange) o).offset, ((ByteRange) o).offset + ((ByteRange) o).length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + array[i];
        }
        return hash;
    }

    /** @return the length; never the bytes */
    @Override
    public String toString() {
        return "ByteRange[" + length + " bytes]";
    }
}
