package io.bitdust.backup.remote;

import io.bitdust.common.IdUrl;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The one way the backup area asks a supplier something: a signed request whose answer is awaited at most so long. */
public final class SupplierRequests {
    private SupplierRequests() {
    }

    /**
     * @param gateway  sends the packet
     * @param supplier who is asked
     * @param command  the request's command
     * @param payload  its payload
     * @param wait     how long the answer is awaited at most, besides the gateway's own wait
     * @return the answer; completes exceptionally when the packet cannot be made or sent (never throws), with the
     *     gateway's failures, or with a {@link java.util.concurrent.TimeoutException} after {@code wait}. A copy of
     *     the gateway's future: completing it does not complete the gateway's
     */
    public static CompletableFuture<Packet> ask(Gateway gateway, IdUrl supplier, Command command, byte[] payload,
            Duration wait) {
        return ask(gateway, () -> gateway.packet(command, supplier, payload), wait);
    }

    /**
     * As {@link #ask(Gateway, IdUrl, Command, byte[], Duration)}, with a payload of fields (not copied: see
     * {@link Gateway#packet(Command, IdUrl, Payload)}).
     *
     * @param gateway  sends the packet
     * @param supplier who is asked
     * @param command  the request's command
     * @param payload  the payload, e.g. a fragment's Data written into a buffer that is used again
     * @param wait     how long the answer is awaited at most, besides the gateway's own wait
     * @return the answer, as {@link #ask(Gateway, IdUrl, Command, byte[], Duration)}
     */
    public static CompletableFuture<Packet> ask(Gateway gateway, IdUrl supplier, Command command, Payload payload,
            Duration wait) {
        return ask(gateway, () -> gateway.packet(command, supplier, payload), wait);
    }

    private static CompletableFuture<Packet> ask(Gateway gateway, Supplier<Packet> request, Duration wait) {
        try {
            return gateway.request(request.get()).toCompletableFuture().copy()
                    .orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
