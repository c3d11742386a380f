package io.bitdust.transport.internal;

import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.packet.Command;
import java.util.Comparator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** A handler, the commands it serves, its place in the order and its bound of requests in progress. */
final class HandlerSlot {
    /** Higher ranking first, then the one added first. */
    static final Comparator<HandlerSlot> ORDER = Comparator.comparingInt((HandlerSlot entry) -> -entry.ranking)
            .thenComparingLong(entry -> entry.added);

    final Set<Command> commands;
    final int ranking;
    final long added;
    final int concurrency;
    final Semaphore permits;
    final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    final AtomicInteger queued = new AtomicInteger();
    final PacketHandler handler;

    HandlerSlot(Set<Command> commands, int ranking, long added, int concurrency, PacketHandler handler) {
        this.commands = commands;
        this.ranking = ranking;
        this.added = added;
        this.concurrency = concurrency;
        this.permits = new Semaphore(concurrency);
        this.handler = handler;
    }

    /**
     * Runs a request now when fewer than {@code concurrency} are in progress, else queues it.
     *
     * @return false when the queue is full: the request is refused
     */
    boolean offer(Runnable task, ExecutorService pool) {
        if (permits.tryAcquire()) {
            pool.execute(task);
            return true;
        }
        if (queued.incrementAndGet() > PacketGateway.PEER_QUEUE_LIMIT) {
            queued.decrementAndGet();
            return false;
        }
        waiting.add(task);
        drain(pool);
        return true;
    }

    /** A request is no longer in progress: its place goes to the next one waiting. */
    void done(ExecutorService pool) {
        permits.release();
        drain(pool);
    }

    private void drain(ExecutorService pool) {
        while (!waiting.isEmpty() && permits.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                permits.release();
                return;
            }
            queued.decrementAndGet();
            pool.execute(next);
        }
    }
}
