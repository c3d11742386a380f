package io.bitdust.transport.packet;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;

/**
 * A packet refused: bytes that are not a well-formed packet, a field out of its limits, or a packet that must not be
 * acted on (bad signature, wrong recipient, date out of the window). Always {@link ErrorCode#INVALID_ARGUMENT}; the
 * {@link #reason()} groups refusals for counting, the message names the offending field and value.
 */
public final class PacketException extends BitDustException {
    private static final long serialVersionUID = 1L;

    /** Why a packet was refused. */
    public enum Reason {
        /** The input ends before the packet does. */
        TRUNCATED,
        /** Bytes follow the signature. */
        TRAILING_BYTES,
        /** The input does not start with {@code BDPK}. */
        BAD_MAGIC,
        /** The format version is not one this codec reads. */
        UNSUPPORTED_VERSION,
        /** The command code is not a known {@link Command}. */
        UNKNOWN_COMMAND,
        /** A length exceeds its limit. */
        TOO_LONG,
        /** A field's content is not allowed: a malformed or non-normalised IDURL, a bad packet ID. */
        MALFORMED_FIELD,
        /** The signature is not the creator's over this packet. */
        BAD_SIGNATURE,
        /** The packet is addressed to another node. */
        WRONG_RECIPIENT,
        /** The packet's date is too far from the local clock. */
        DATE_OUT_OF_WINDOW,
        /** A payload does not follow the payload encoding ({@link Payload}). */
        MALFORMED_PAYLOAD,
        /** A nested packet is not what it must be: another owner, a bad signature, or nested again. */
        BAD_NESTED_PACKET
    }

    private final Reason reason;

    /**
     * @param reason  why the packet is refused
     * @param message what exactly is wrong, naming the field and the value
     */
    public PacketException(Reason reason, String message) {
        super(ErrorCode.INVALID_ARGUMENT, message);
        this.reason = reason;
    }

    /** @return why the packet was refused */
    public Reason reason() {
        return reason;
    }
}
