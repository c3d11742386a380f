package io.bitdust.crypto;

import io.bitdust.common.BitDustException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * The reading side of {@link StreamCipher}: reads one sealed segment plus one byte ahead, which tells whether the
 * segment is the last, and hands out its plaintext once authenticated. After a failure every read fails.
 */
final class SegmentInputStream extends InputStream {
    private static final int SEALED_LENGTH = StreamCipher.SEGMENT_LENGTH + BlockCipher.TAG_LENGTH;

    private final InputStream in;
    private final Function<byte[], Segments> opener;
    private final byte[] sealed = new byte[SEALED_LENGTH + 1];
    private final byte[] plain = new byte[StreamCipher.SEGMENT_LENGTH];
    private Segments segments;
    private int buffered;
    private int position;
    private int limit;
    private boolean finished;
    private BitDustException failure;

    SegmentInputStream(InputStream in, Function<byte[], Segments> opener) {
        this.in = in;
        this.opener = opener;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, b.length);
        if (length == 0) {
            return 0;
        }
        if (failure != null) {
            throw failure;
        }
        while (position == limit) {
            if (finished) {
                return -1;
            }
            nextSegment();
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(plain, position, b, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void nextSegment() throws IOException {
        if (segments == null) {
            byte[] header = in.readNBytes(StreamCipher.HEADER_LENGTH);
            if (header.length < StreamCipher.HEADER_LENGTH) {
                throw BitDustException.invalid("encrypted data is truncated: " + header.length + " bytes");
            }
            segments = opener.apply(header);
        }
        buffered += in.readNBytes(sealed, buffered, sealed.length - buffered);
        boolean last = buffered < sealed.length;
        try {
            limit = segments.open(sealed, 0, last ? buffered : SEALED_LENGTH, last, plain, 0);
        } catch (BitDustException e) {
            failure = e;
            throw e;
        }
        position = 0;
        if (last) {
            finished = true;
        } else {
            sealed[0] = sealed[SEALED_LENGTH];
            buffered = 1;
        }
    }
}
