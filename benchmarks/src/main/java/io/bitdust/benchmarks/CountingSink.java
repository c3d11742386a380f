package io.bitdust.benchmarks;

import java.io.OutputStream;

/** An output stream that counts what it is given and keeps none of it. */
final class CountingSink extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count += len;
    }

    /** @return the bytes written so far */
    long count() {
        return count;
    }
}
