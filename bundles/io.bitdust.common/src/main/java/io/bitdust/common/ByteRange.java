package io.bitdust.common;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Bytes where they lie: {@code length} bytes of {@code array} from {@code offset}, handed on without copying them (a
 * fragment of several MB inside the packet it came in). Whoever holds one must not change the bytes, and whoever made
 * it must not change them while it is in use.
 *
 * <p>A range may carry the SHA-256 of its bytes, attached by the code that computed it from exactly these bytes (a
 * packet's signature is checked through the SHA-256 of its large fields, docs/protocol.md §2.4), so that the next
 * reader does not hash several MB again. Attach only a digest computed from the bytes themselves.
 */
public final class ByteRange {
    private static final int SHA256_LENGTH = 32;

    private final byte[] array;
    private final int offset;
    private final int length;
    private final byte[] sha256;

    /**
     * @param array  the array the bytes are in
     * @param offset where they start
     * @param length how many there are
     * @throws IndexOutOfBoundsException when the range is not within the array
     */
    public ByteRange(byte[] array, int offset, int length) {
        this(array, offset, length, null);
    }

    private ByteRange(byte[] array, int offset, int length, byte[] sha256) {
        Objects.checkFromIndexSize(offset, length, array.length);
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.sha256 = sha256;
    }

    /**
     * @param bytes an array
     * @return the whole of it
     */
    public static ByteRange of(byte[] bytes) {
        return new ByteRange(bytes, 0, bytes.length);
    }

    /**
     * @param digest the SHA-256 of exactly these bytes, as computed by the caller from them
     * @return the same range, carrying that digest
     * @throws IllegalArgumentException when the digest is not 32 bytes
     */
    public ByteRange withSha256(byte[] digest) {
        if (digest.length != SHA256_LENGTH) {
            throw new IllegalArgumentException("a SHA-256 is 32 bytes, not " + digest.length);
        }
        return new ByteRange(array, offset, length, digest.clone());
    }

    /** @return the SHA-256 of the bytes when whoever made the range had computed it; empty otherwise */
    public Optional<byte[]> sha256() {
        return sha256 == null ? Optional.empty() : Optional.of(sha256.clone());
    }

    /** @return the array the bytes are in */
    public byte[] array() {
        return array;
    }

    /** @return where the bytes start in {@link #array()} */
    public int offset() {
        return offset;
    }

    /** @return how many bytes there are */
    public int length() {
        return length;
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

    /** @return whether the other is a range of the same bytes (compared by content, not by array or digest) */
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
