package io.bitdust.transport.internal;

import io.bitdust.transport.spi.Frame;
import io.bitdust.transport.spi.InboundSink;
import io.bitdust.transport.spi.Transport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Transports inside one JVM for the gateway's unit tests (a neighbour's plugin stand-in): a frame sent to
 * {@code loop://<name>} is handed to the sink of the transport that started under that name, on a thread of the
 * network. Also transports that fail to start, start slowly, or never deliver.
 */
final class Loopback implements AutoCloseable {
    private final Map<String, InboundSink> sinks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final ExecutorService wire = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "loopback-wire");
        thread.setDaemon(true);
        return thread;
    });

    /** @return a transport of scheme {@code loop} reached at {@code loop://<name>} */
    Transport transport(String name) {
        return new Wire("loop", name, 0, 0);
    }

    /**
     * @param scheme   the protocol
     * @param name     the contact's name
     * @param failures how many starts throw before one succeeds
     * @param delayMs  how long each start takes
     * @return a transport that starts badly
     */
    Transport flaky(String scheme, String name, int failures, long delayMs) {
        return new Wire(scheme, name, failures, delayMs);
    }

    /** @return a transport of scheme {@code void} whose sends never complete */
    Transport blackHole(String name) {
        return new Transport() {
            @Override
            public String protocol() {
                return "void";
            }

            @Override
            public List<String> start(InboundSink sink) {
                return List.of("void://" + name);
            }

            @Override
            public CompletionStage<Void> send(String contact, Frame frame) {
                return new CompletableFuture<>();
            }

            @Override
            public void stop() {
            }
        };
    }

    /** @return how many frames were handed to the sink of a contact */
    int delivered(String contact) {
        AtomicInteger count = delivered.get(contact);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        wire.shutdownNow();
    }

    private final class Wire implements Transport {
        private final String scheme;
        private final String name;
        private final AtomicInteger failuresLeft;
        private final long delayMs;

        Wire(String scheme, String name, int failures, long delayMs) {
            this.scheme = scheme;
            this.name = name;
            this.failuresLeft = new AtomicInteger(failures);
            this.delayMs = delayMs;
        }

        @Override
        public String protocol() {
            return scheme;
        }

        @Override
        public List<String> start(InboundSink sink) throws IOException {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("cannot listen on " + name + " (busy)");
            }
            String contact = scheme + "://" + name;
            sinks.put(contact, sink);
            return List.of(contact);
        }

        @Override
        public CompletionStage<Void> send(String contact, Frame frame) {
            InboundSink sink = sinks.get(contact);
            if (sink == null) {
                return CompletableFuture.failedFuture(new IOException(contact + " does not listen"));
            }
            return CompletableFuture.runAsync(() -> {
                try {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream(frame.length());
                    frame.writeTo(bytes);
                    sink.receive(new ByteArrayInputStream(bytes.toByteArray()), frame.length());
                    delivered.computeIfAbsent(contact, any -> new AtomicInteger()).incrementAndGet();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, wire);
        }

        @Override
        public void stop() {
            sinks.remove(scheme + "://" + name);
        }
    }
}
