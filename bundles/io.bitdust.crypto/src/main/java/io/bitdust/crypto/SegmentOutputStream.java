package io.bitdust.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** The writing side of {@link StreamCipher}: buffers one segment, seals it once more data shows it is not last. */
final class SegmentOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] header;
    private final Segments segments;
    private final byte[] plain = new byte[StreamCipher.SEGMENT_LENGTH];
    private final byte[] sealed = new byte[StreamCipher.SEGMENT_LENGTH + BlockCipher.TAG_LENGTH];
    private int count;
    private boolean started;
    private boolean closed;

    SegmentOutputStream(OutputStream out, byte[] header, Segments segments) {
        this.out = out;
        this.header = header;
        this.segments = segments;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, b.length);
        if (closed) {
            throw new IOException("encrypting stream is closed");
        }
        while (length > 0) {
            if (count == plain.length) {
                emit(false);
            }
            int n = Math.min(length, plain.length - count);
            System.arraycopy(b, offset, plain, count, n);
            count += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream target = out) {
            emit(true);
        }
    }

    private void emit(boolean last) throws IOException {
        if (!started) {
            out.write(header);
            started = true;
        }
        int length = segments.seal(plain, 0, count, last, sealed, 0);
        out.write(sealed, 0, length);
        count = 0;
    }
}
