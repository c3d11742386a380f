package io.bitdust.transport;

import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves received packets of some commands (whiteboard): register it as an OSGi service with the property
 * {@value #COMMANDS_PROPERTY} listing the {@link Command} names it serves, e.g. {@code DATA}. The gateway hands it
 * packets that are checked already and sends its {@link Answer} back to the creator with the same packet ID. When
 * several handlers serve one command the first registered answers. Identity packets (pings) are answered by the
 * gateway itself with an Ack.
 */
@ConsumerType
public interface PacketHandler {
    /** The service property listing the names of the commands served, e.g. {@code {"DATA", "RETRIEVE"}}. */
    String COMMANDS_PROPERTY = "bitdust.packet.commands";

    /**
     * Called on a gateway thread; a handler that takes longer than 30 seconds is interrupted and Fail is answered.
     *
     * @param packet a checked packet addressed to this node
     * @return what to answer
     * @throws Exception when it cannot be served: Fail is answered with the exception's message
     */
    Answer handle(Packet packet) throws Exception;

    /** What a handler answers: a command and a payload, or nothing. Immutable. */
    final class Answer {
        private static final Answer NONE = new Answer(null, new byte[0]);

        private final Command command;
        private final byte[] payload;

        private Answer(Command command, byte[] payload) {
            this.command = command;
            this.payload = payload;
        }

        /**
         * @param command the reply's command, e.g. {@link Command#DATA} for a Retrieve
         * @param payload the reply's body; copied
         * @return that answer
         */
        public static Answer of(Command command, byte[] payload) {
            return new Answer(Objects.requireNonNull(command, "command"), payload.clone());
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
            return payload.clone();
        }
    }
}
