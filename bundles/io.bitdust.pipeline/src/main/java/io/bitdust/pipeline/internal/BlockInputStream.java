package io.bitdust.pipeline.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The content of blocks {@code 0 .. count-1} as one stream, decoded on the workers up to {@code blocksInFlight}
 * blocks ahead of the reader, so memory does not depend on the number of blocks. Reads throw the decoder's
 * {@link BitDustException} when a block cannot be restored. Not thread-safe.
 */
public final class BlockInputStream extends InputStream {
    private final BlockDecoder decoder;
    private final Executor workers;
    private final long count;
    private final Consumer<BlockDecoder.Block> onBlock;
    private final Deque<CompletableFuture<BlockDecoder.Block>> ahead = new ArrayDeque<>();
    private long submitted;
    private BlockDecoder.Block block;
    private byte[] current = new byte[0];
    private int position;
    private int end;

    /**
     * @param decoder        decodes one block
     * @param workers        where blocks are decoded
     * @param count          the number of blocks
     * @param blocksInFlight how many blocks may be decoded ahead, at least 1
     * @param onBlock        called on the reading thread as each block is taken, in order
     */
    public BlockInputStream(BlockDecoder decoder, Executor workers, long count, int blocksInFlight,
            Consumer<BlockDecoder.Block> onBlock) {
        this.decoder = decoder;
        this.workers = workers;
        this.count = count;
        this.onBlock = onBlock;
        for (int i = 0; i < blocksInFlight; i++) {
            submitNext();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == end) {
            CompletableFuture<BlockDecoder.Block> next = ahead.poll();
            if (next == null) {
                return -1;
            }
            release();
            block = join(next);
            submitNext();
            current = block.data();
            position = block.offset();
            end = block.offset() + block.length();
            onBlock.accept(block);
        }
        int n = Math.min(length, end - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Drops the blocks decoded ahead; decodings already running finish on their own. */
    @Override
    public void close() {
        ahead.forEach(future -> future.cancel(false));
        ahead.clear();
        submitted = count;
        release();
    }

    /** Hands the block just read back to the decoder, whose workers reuse its array. */
    private void release() {
        if (block != null) {
            current = new byte[0];
            position = 0;
            end = 0;
            block.release().run();
            block = null;
        }
    }

    private void submitNext() {
        if (submitted < count) {
            long block = submitted++;
            ahead.add(CompletableFuture.supplyAsync(() -> decoder.decode(block), workers));
        }
    }

    private static BlockDecoder.Block join(CompletableFuture<BlockDecoder.Block> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BitDustException) {
                throw (BitDustException) e.getCause();
            }
            throw new BitDustException(ErrorCode.INTERNAL, "restore failed: " + e.getCause(), e.getCause());
        }
    }
}
