package io.bitdust.transport.tcp.internal;

import io.bitdust.common.BoundedInputStream;
import io.bitdust.transport.packet.PacketException;
import io.bitdust.transport.spi.Frame;
import io.bitdust.transport.spi.InboundSink;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a peer, used in both directions. Its reader runs on one thread for the connection's life and
 * hands received packets to the sink; its writer runs only while frames or acknowledgements are queued, so an idle
 * connection holds one thread, and no thread ever waits for work that a closed connection will never queue. The
 * framing is in {@code docs/transports.md}: a 4-byte big-endian length, a type byte, the body.
 */
final class TcpConnection {
    static final int HELLO = 1;
    static final int PACKET = 2;
    static final int ACK = 3;
    static final int MAX_CONTACT_LENGTH = 256;

    private static final int BUFFER = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);
    private static final Outgoing ACK_MARK = new Outgoing(null, null, null);

    private final Socket socket;
    private final TcpLimits limits;
    private final InboundSink sink;
    private final TcpTransport owner;
    private final Executor threads;
    private final ScheduledExecutorService timer;
    private final String peer;
    private final Deadline deadline;
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final Queue<CompletableFuture<Void>> unacked = new ConcurrentLinkedQueue<>();
    // One writer at a time; whoever sets it from false to true runs the writer and owns `out`.
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean awaitingHello;
    private final boolean dialled;
    private DataOutputStream out;
    private volatile boolean closed;

    /**
     * @param myHello my contact when this side opened the connection: it is then the first frame sent; null when the
     *                other side opened it, whose first frame must then be a HELLO, within the HELLO timeout
     * @param threads where the writer runs
     */
    TcpConnection(Socket socket, String myHello, TcpLimits limits, InboundSink sink, TcpTransport owner,
            Executor threads, ScheduledExecutorService timer) throws IOException {
        this.socket = socket;
        this.dialled = myHello != null;
        this.awaitingHello = new AtomicBoolean(!dialled);
        this.limits = limits;
        this.sink = sink;
        this.owner = owner;
        this.threads = threads;
        this.timer = timer;
        this.peer = socket.getRemoteSocketAddress().toString();
        this.deadline = new Deadline(socket);
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        if (dialled) {
            queue.add(new Outgoing(null, null, myHello));
        } else {
            // One deadline for the whole HELLO, from the accept, however slowly its bytes trickle in.
            deadline.set(limits.helloTimeout().toMillis());
        }
    }

    /** Runs the connection on the calling thread, which becomes its reader, until it closes. */
    void run() {
        if (!queue.isEmpty()) {
            startWriter();
        }
        readLoop();
    }

    String peer() {
        return peer;
    }

    InetAddress remoteAddress() {
        return socket.getInetAddress();
    }

    boolean isClosed() {
        return closed;
    }

    CompletableFuture<Void> send(Frame frame) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        enqueue(new Outgoing(frame, sent, null));
        return sent;
    }

    void close(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing {}", peer, e);
        }
        failQueued("connection to " + peer + " closed: " + reason);
        if (awaitingHello.compareAndSet(true, false)) {
            owner.handshakeEnded(this);
        }
        owner.closed(this);
    }

    private void enqueue(Outgoing item) {
        queue.add(item);
        if (closed) {
            failQueued("connection to " + peer + " is closed");
            return;
        }
        startWriter();
    }

    private void startWriter() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        try {
            threads.execute(this::writeLoop);
        } catch (RejectedExecutionException e) {
            writing.set(false);
            close("the TCP transport stopped");
        }
    }

    private void failQueued(String reason) {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        for (CompletableFuture<Void> sent = unacked.poll(); sent != null; sent = unacked.poll()) {
            failed.add(sent);
        }
        for (Outgoing item = queue.poll(); item != null; item = queue.poll()) {
            if (item.sent != null) {
                failed.add(item.sent);
            }
        }
        failed.forEach(sent -> sent.completeExceptionally(new IOException(reason)));
    }

    private void readLoop() {
        boolean idle = true;
        try (InputStream in = new BufferedInputStream(deadline, BUFFER)) {
            while (!closed) {
                boolean hello = awaitingHello.get();
                idle = true;
                if (!hello) {
                    deadline.set(limits.idleTimeout().toMillis());
                }
                int b0 = in.read();
                if (b0 < 0) {
                    close("closed by the peer");
                    return;
                }
                idle = false;
                if (!hello) {
                    deadline.set(limits.frameTimeout(0));
                }
                long length = (long) b0 << 24 | (long) readByte(in) << 16 | readByte(in) << 8 | readByte(in);
                long max = 1L + (hello ? MAX_CONTACT_LENGTH : sink.maxLength());
                if (length < 1 || length > max) {
                    refuse("frame length " + length + " is not between 1 and " + max);
                    return;
                }
                if (!hello) {
                    deadline.set(limits.frameTimeout(length));
                }
                int type = readByte(in);
                if (hello && type != HELLO) {
                    refuse("the first frame is of type " + type + ", not HELLO");
                    return;
                }
                if (!readFrame(in, type, (int) (length - 1))) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            if (awaitingHello.get()) {
                refuse("no HELLO within " + limits.helloTimeout().toMillis() + " ms");
            } else if (idle) {
                close("idle for " + limits.idleTimeout().toMillis() + " ms");
            } else {
                refuse("the peer sends too slowly: a frame did not arrive in time");
            }
        } catch (IOException e) {
            close(e.toString());
            LOG.debug("Connection {} failed: {}", peer, e.toString());
        } catch (RuntimeException e) {
            refuse(e.toString());
        }
    }

    /** @return whether the connection may go on */
    private boolean readFrame(InputStream in, int type, int bodyLength) throws IOException {
        switch (type) {
            case HELLO:
                if (bodyLength > MAX_CONTACT_LENGTH) {
                    refuse("a HELLO of " + bodyLength + " bytes is longer than " + MAX_CONTACT_LENGTH);
                    return false;
                }
                byte[] contact = in.readNBytes(bodyLength);
                if (contact.length < bodyLength) {
                    throw new EOFException("the HELLO is truncated");
                }
                if (awaitingHello.compareAndSet(true, false)) {
                    owner.handshakeEnded(this);
                }
                owner.hello(this, new String(contact, StandardCharsets.US_ASCII));
                return true;
            case PACKET:
                try {
                    sink.receive(new BoundedInputStream(in, bodyLength), bodyLength);
                } catch (PacketException e) {
                    refuse("invalid packet: " + e.getMessage());
                    return false;
                }
                enqueue(ACK_MARK);
                return true;
            case ACK:
                CompletableFuture<Void> sent = unacked.poll();
                if (bodyLength != 0 || sent == null) {
                    refuse(sent == null ? "an ACK for nothing sent" : "an ACK with a body");
                    return false;
                }
                sent.complete(null);
                return true;
            default:
                refuse("unknown frame type " + type);
                return false;
        }
    }

    private void refuse(String reason) {
        LOG.warn("Closing the TCP connection with {}: {}", peer, reason);
        close(reason);
    }

    /** Writes what is queued, then ends; {@link #startWriter} starts it again for the next item. */
    private void writeLoop() {
        try {
            if (out == null) {
                out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
            }
            do {
                for (Outgoing item = next(); item != null; item = next()) {
                    write(out, item);
                }
                out.flush();
                writing.set(false);
                // An item queued after the last poll but before the flag was cleared found a writer still running.
            } while (!closed && !queue.isEmpty() && writing.compareAndSet(false, true));
        } catch (IOException | RuntimeException e) {
            writing.set(false);
            close("writing failed: " + e);
        } finally {
            if (closed) {
                // A send taken from the queue while the connection closed was not failed by close().
                failQueued("connection to " + peer + " closed");
            }
        }
    }

    /** @return the next queued item, none once closed: close() fails what is left */
    private Outgoing next() {
        return closed ? null : queue.poll();
    }

    private void write(DataOutputStream out, Outgoing item) throws IOException {
        if (item == ACK_MARK) {
            out.writeInt(1);
            out.writeByte(ACK);
        } else if (item.hello != null) {
            byte[] contact = item.hello.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(1 + contact.length);
            out.writeByte(HELLO);
            out.write(contact);
        } else {
            int length = item.frame.length();
            CompletableFuture<Void> sent = item.sent;
            long timeout = item.frame.timeout().toMillis();
            unacked.add(sent);
            ScheduledFuture<?> guard = timer.schedule(() -> {
                if (!sent.isDone()) {
                    refuse("no ACK within " + timeout + " ms for a packet of " + length + " bytes");
                }
            }, timeout, TimeUnit.MILLISECONDS);
            sent.whenComplete((done, error) -> guard.cancel(false));
            out.writeInt(1 + length);
            out.writeByte(PACKET);
            Counted counted = new Counted(out, length);
            item.frame.writeTo(counted);
            if (counted.remaining != 0) {
                throw new IOException("the frame wrote " + counted.remaining + " bytes less than it announced");
            }
        }
    }

    private int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the stream ends inside a frame");
        }
        return b;
    }

    /** One queued item: a packet frame and its delivery, a HELLO, or a mark. */
    private static final class Outgoing {
        final Frame frame;
        final CompletableFuture<Void> sent;
        final String hello;

        Outgoing(Frame frame, CompletableFuture<Void> sent, String hello) {
            this.frame = frame;
            this.sent = sent;
            this.hello = hello;
        }
    }

    /** The socket's input with a deadline for the current wait or frame: a slow sender cannot hold it longer. */
    private static final class Deadline extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private long until;

        Deadline(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        void set(long millis) {
            until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            return in.read(buffer, offset, length);
        }
    }

    /** Makes sure a frame writes exactly the length it announced, so a faulty frame cannot desynchronise the peer. */
    private static final class Counted extends OutputStream {
        private final OutputStream out;
        private long remaining;

        Counted(OutputStream out, long length) {
            this.out = out;
            this.remaining = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > remaining) {
                throw new IOException("the frame writes more than its announced length");
            }
            out.write(bytes, offset, length);
            remaining -= length;
        }
    }
}
