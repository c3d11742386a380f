package io.bitdust.transport.packet;

/**
 * What a {@link Packet} asks for or answers, with its stable one-byte wire code. Codes never change meaning; new
 * commands take new codes. Replies reuse the request's packet ID.
 */
public enum Command {
    /** Positive answer; the payload is free text or the answer's data. */
    ACK(1),
    /** Negative answer; the payload is the reason as UTF-8 text. */
    FAIL(2),
    /** The creator's identity document; also the ping. Answered by Ack or Fail. */
    IDENTITY(3),
    /** A stored fragment or index going to a supplier, or coming back after a Retrieve. Answered by Ack or Fail. */
    DATA(4),
    /** Asks a supplier for a stored packet by packet ID. Answered by Data or Fail. */
    RETRIEVE(5),
    /** Asks a supplier for the list of stored items. Answered by Files or Fail. */
    LIST_FILES(6),
    /** The list of stored items. Answered by Ack or Fail. */
    FILES(7),
    /** Deletes one stored path or a list of paths. Answered by Ack or Fail. */
    DELETE_FILE(8),
    /** Deletes one backup version or a list of versions. Answered by Ack or Fail. */
    DELETE_BACKUP(9),
    /** Asks the recipient to provide a service, e.g. to become a supplier. Answered by Ack or Fail. */
    REQUEST_SERVICE(10),
    /** Asks the recipient to stop providing a service. Answered by Ack or Fail. */
    CANCEL_SERVICE(11),
    /** An encrypted private message. Answered by Ack or Fail. */
    MESSAGE(12);

    private static final Command[] BY_CODE = new Command[256];

    static {
        for (Command command : values()) {
            BY_CODE[command.code] = command;
        }
    }

    private final int code;

    Command(int code) {
        this.code = code;
    }

    /** @return the wire code, 1 to 255 */
    public int code() {
        return code;
    }

    /**
     * @param code a wire code as an unsigned byte value
     * @return the command with that code
     * @throws PacketException UNKNOWN_COMMAND when no command has that code
     */
    public static Command ofCode(int code) {
        Command command = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (command == null) {
            throw new PacketException(PacketException.Reason.UNKNOWN_COMMAND, "unknown command code " + code);
        }
        return command;
    }
}
