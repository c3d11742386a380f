package io.bitdust.transport;

import io.bitdust.common.IdUrl;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves received packets of some commands (whiteboard): register it as an OSGi service with the property
 * {@value #COMMANDS_PROPERTY} listing the {@link Command} names it serves, e.g. {@code DATA}. The gateway hands it
 * packets that are checked already and sends its {@link Answer} back to the creator with the same packet ID. When
 * several handlers serve one command, the one with the highest {@code service.ranking} that {@link #accepts} the packet
 * answers (equal rankings: the one registered first). Identity packets (pings) are answered by the gateway itself with an Ack.
 *
 * <p>Threads and bounds: {@link #handle} is called on the gateway's handler pool, never on the threads that receive
 * packets or send them, so a slow handler delays neither pings nor outbound traffic. It should return promptly with a
 * stage that completes when the answer is ready (slow work, such as writing to disk, belongs on the handler's own
 * executor). At most {@value #CONCURRENCY_PROPERTY} requests of one handler are in progress at once (default
 * {@value #DEFAULT_CONCURRENCY}); a request beyond that is answered Fail ("busy") at once. A request not answered
 * within the gateway's handler time-out (30 s by default) is answered Fail; it no longer counts towards the bound, the
 * stage is cancelled, and a late answer is dropped.
 */
@ConsumerType
@FunctionalInterface
public interface PacketHandler {
    /** The service property listing the names of the commands served, e.g. {@code {"DATA", "RETRIEVE"}}. */
    String COMMANDS_PROPERTY = "bitdust.packet.commands";
    /** The service property bounding the requests in progress at once (an Integer, 1 or more). */
    String CONCURRENCY_PROPERTY = "bitdust.packet.concurrency";
    /** The bound of requests in progress when {@value #CONCURRENCY_PROPERTY} is not set. */
    int DEFAULT_CONCURRENCY = 16;

    /**
     * @param packet a checked packet addressed to this node
     * @return completes with what to answer ({@link Answer#none()} for nothing); completing exceptionally, or throwing,
     *     answers Fail with the exception's message
     */
    CompletionStage<Answer> handle(Packet packet);

    /**
     * Whether this handler serves a packet of one of its commands. Of the handlers of a command, the highest-ranked
     * one that accepts a packet serves it; when none does, the packet is answered Fail "no handler". Two areas that
     * share a command (both sides of a storage contract serve CancelService) tell their packets apart here by the
     * payload. It runs on the gateway's inbound thread: it must be cheap (read a field of the payload), never block
     * and never do I/O; throwing counts as not accepting.
     *
     * @param packet a checked packet of one of this handler's commands
     * @return true to serve it; by default every packet of its commands
     */
    default boolean accepts(Packet packet) {
        return true;
    }

    /**
     * What a handler answers: a command and a payload, or nothing. Immutable as long as no one changes the array its
     * payload was given as (not copied: a Retrieve's answer holds a fragment of several MB).
     */
    final class Answer {
        private static final Answer NONE = new Answer(null, new byte[0], null);

        private final Command command;
        private final byte[] payload;
        /** The payload as fields with the hashes they know, when given so; null when given as bytes. */
        private final Payload fields;

        private Answer(Command command, byte[] payload, Payload fields) {
            this.command = command;
            this.payload = payload;
            this.fields = fields;
        }

        /**
         * @param command the reply's command, e.g. {@link Command#DATA} for a Retrieve
         * @param payload the reply's body; not copied: do not change the array afterwards
         * @return that answer
         */
        public static Answer of(Command command, byte[] payload) {
            return new Answer(Objects.requireNonNull(command, "command"), Objects.requireNonNull(payload, "payload"),
                    null);
        }

        /**
         * @param command the reply's command
         * @param payload the reply's body as fields written with {@link Payload.Builder#buildIn}: the reply is signed
         *                without hashing again the values whose SHA-256 it knows (a supplier's answer to a Retrieve,
         *                whose nested Data it checked when it came); not copied: do not change its array afterwards
         * @return that answer
         */
        public static Answer of(Command command, Payload payload) {
            return new Answer(Objects.requireNonNull(command, "command"), null, Objects.requireNonNull(payload,
                    "payload"));
        }

        /**
         * @param text the Ack's text
         * @return an Ack
         */
        public static Answer ack(String text) {
            return of(Command.ACK, text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param reason why the request is refused, in words
         * @return a Fail
         */
        public static Answer fail(String reason) {
            return of(Command.FAIL, reason.getBytes(StandardCharsets.UTF_8));
        }

        /** @return this answer as a completed stage, for handlers that answer at once */
        public CompletionStage<Answer> now() {
            return CompletableFuture.completedFuture(this);
        }

        /** @return no answer at all */
        public static Answer none() {
            return NONE;
        }

        /** @return the reply's command, or {@code null} for no answer */
        public Command command() {
            return command;
        }

        /** @return a copy of the reply's body */
        public byte[] payload() {
            return fields != null ? fields.toBytes() : payload.clone();
        }

        /**
         * Signs this answer as the reply to {@code request}: same packet ID, sent to its creator, the payload taken
         * as it is.
         *
         * @param request the packet answered
         * @param me      who replies: the owner and creator of the reply
         * @param date    the reply's date, epoch milliseconds
         * @param signer  signs with my Ed25519 private key
         * @return the signed reply
         * @throws IllegalStateException for {@link #none()}, which has no reply
         */
        public Packet reply(Packet request, IdUrl me, long date, Function<byte[], byte[]> signer) {
            if (command == null) {
                throw new IllegalStateException("no answer has no reply");
            }
            if (fields != null) {
                return Packet.sign(command, me, me, request.packetId(), date, request.creator(), fields, signer);
            }
            return Packet.sign(command, me, me, request.packetId(), date, request.creator(), payload, signer);
        }
    }
}
