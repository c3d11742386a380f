package io.bitdust.pipeline.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.pipeline.FragmentSink;
import io.bitdust.pipeline.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Takes the blocks of a {@link BlockOutputStream}, encodes them on the workers, and hands their fragments to the sink
 * in block order. At most {@code blocksInFlight} blocks are between {@link #accept} and the sink: {@link #accept}
 * waits for a free slot, so memory does not depend on the size of the input. The first failure stops the chain: later
 * blocks are dropped and {@link #accept} and {@link #finish} throw it.
 */
public final class OrderedWriter implements BlockOutputStream.Consumer {
    private final BlockEncoder encoder;
    private final FragmentSink sink;
    private final Executor workers;
    private final Semaphore slots;
    private final LongSupplier sourceBytes;
    private final ProgressListener listener;
    private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
    private long blocks;
    /** The SHA-256 of every fragment put, in order; only touched by the chain of puts, one at a time. */
    private final ByteArrayOutputStream hashes = new ByteArrayOutputStream();

    /**
     * @param encoder        encodes the blocks
     * @param sink           where the fragments go
     * @param workers        where the blocks are encoded and the sink is called
     * @param blocksInFlight how many blocks may wait at once
     * @param sourceBytes    source bytes read so far, for the progress reports
     * @param listener       gets a report after each block
     */
    public OrderedWriter(BlockEncoder encoder, FragmentSink sink, Executor workers, int blocksInFlight,
            LongSupplier sourceBytes, ProgressListener listener) {
        this.encoder = encoder;
        this.sink = sink;
        this.workers = workers;
        this.slots = new Semaphore(blocksInFlight);
        this.sourceBytes = sourceBytes;
        this.listener = listener;
    }

    @Override
    public void accept(byte[] data, int length, boolean last) throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("backup interrupted");
        }
        if (written.isCompletedExceptionally()) {
            slots.release();
            finish();
        }
        long block = blocks++;
        long bytes = sourceBytes.getAsLong();
        CompletableFuture<BlockEncoder.Fragment[]> encoded =
                CompletableFuture.supplyAsync(() -> encoder.encode(block, data, length, last), workers);
        written = written.thenCombine(encoded, (previous, fragments) -> {
            put(fragments);
            listener.progress(bytes, block + 1);
            return null;
        });
        written.whenComplete((v, e) -> slots.release());
    }

    /**
     * Waits until every block accepted so far is in the sink.
     *
     * @return the number of blocks
     * @throws BitDustException the first failure of an encoder or the sink
     */
    public long finish() {
        try {
            written.join();
            return blocks;
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BitDustException) {
                throw (BitDustException) cause;
            }
            if (cause instanceof UncheckedIOException) {
                throw new BitDustException(ErrorCode.UNAVAILABLE, cause.getMessage(), cause.getCause());
            }
            throw new BitDustException(ErrorCode.INTERNAL, "backup failed: " + cause, cause);
        }
    }

    /**
     * @return the SHA-256 of every fragment in the sink, in block order, Data 0 .. N-1 then Parity 0 .. N-1 per
     *     block; call it after {@link #finish}
     */
    public byte[] fragmentHashes() {
        synchronized (hashes) {
            return hashes.toByteArray();
        }
    }

    private void put(BlockEncoder.Fragment[] fragments) {
        for (BlockEncoder.Fragment fragment : fragments) {
            synchronized (hashes) {
                hashes.writeBytes(fragment.sha256());
            }
            try {
                sink.put(fragment.name(), fragment.file(), fragment.offset(), fragment.length(), fragment.sha256(),
                        () -> encoder.reuse(fragment));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store fragment " + fragment.name() + ": " + e.getMessage(), e);
            }
        }
    }
}
