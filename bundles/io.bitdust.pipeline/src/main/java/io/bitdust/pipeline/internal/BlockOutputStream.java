package io.bitdust.pipeline.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Cuts what is written into blocks of a fixed size and hands each to a {@link Consumer}. A full block is held back
 * until more data arrives or the stream is closed, so the consumer learns which block is the last: the one given on
 * {@link #close()}. A file's bytes are read from its channel straight into the block ({@link #readFrom}). Not
 * thread-safe.
 */
public final class BlockOutputStream extends OutputStream implements TarWriter.ChannelTarget {
    /** The most bytes one read from a channel asks for: the JDK's copy from its native buffer stays in the cache. */
    private static final int READ_CHUNK = 256 * 1024;

    /** Receives the blocks in order. */
    @FunctionalInterface
    public interface Consumer {
        /**
         * @param data   the block; owned by the consumer from now on
         * @param length bytes used in {@code data}
         * @param last   whether it is the last block
         * @throws IOException when the block cannot be taken
         */
        void accept(byte[] data, int length, boolean last) throws IOException;
    }

    private final int blockSize;
    private final Consumer consumer;
    private final BufferPool buffers;
    private byte[] block;
    private int length;
    private boolean closed;

    /**
     * @param blockSize the block size
     * @param consumer  where the blocks go
     */
    public BlockOutputStream(int blockSize, Consumer consumer) {
        this(new BufferPool(blockSize, 1), consumer);
    }

    /**
     * @param buffers  where the blocks' arrays come from; their size is the block size. The consumer may give an
     *                 array back when it is done with it.
     * @param consumer where the blocks go
     */
    public BlockOutputStream(BufferPool buffers, Consumer consumer) {
        this.blockSize = buffers.size();
        this.consumer = consumer;
        this.buffers = buffers;
        this.block = buffers.take();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int count) throws IOException {
        if (closed) {
            throw new IOException("block stream is closed");
        }
        while (count > 0) {
            if (length == blockSize) {
                consumer.accept(block, length, false);
                block = buffers.take();
                length = 0;
            }
            int n = Math.min(count, blockSize - length);
            System.arraycopy(data, offset, block, length, n);
            length += n;
            offset += n;
            count -= n;
        }
    }

    @Override
    public int readFrom(ReadableByteChannel in, long count) throws IOException {
        if (closed) {
            throw new IOException("block stream is closed");
        }
        if (length == blockSize) {
            consumer.accept(block, length, false);
            block = buffers.take();
            length = 0;
        }
        int n = (int) Math.min(Math.min(count, READ_CHUNK), blockSize - length);
        int read = in.read(ByteBuffer.wrap(block, length, n));
        if (read > 0) {
            length += read;
        }
        return read;
    }

    /** Closes the stream without handing over the block being filled: for a backup that failed. */
    public void abort() {
        closed = true;
        block = null;
    }

    /** Hands over the last block, which may be empty when nothing was written at all. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            consumer.accept(block, length, true);
            block = null;
        }
    }
}
