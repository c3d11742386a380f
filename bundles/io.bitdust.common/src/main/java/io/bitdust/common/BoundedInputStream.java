package io.bitdust.common;

import java.io.IOException;
import java.io.InputStream;

/**
 * Lets at most a given number of bytes of another stream through and counts them, so that a reader cannot read
 * past a frame or a packet. Closing it does not close the underlying stream. Not thread-safe.
 */
public final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    /**
     * @param in    the stream to read from
     * @param limit how many bytes may be read through this one
     */
    public BoundedInputStream(InputStream in, long limit) {
        this.in = in;
        this.remaining = limit;
    }

    /** @return how many of the allowed bytes have not been read yet */
    public long remaining() {
        return remaining;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }
}
