package io.bitdust.identity;

/**
 * What one identity server answered when my identity was sent to it. Immutable.
 */
public final class PropagationResult {
    private final String server;
    private final boolean accepted;
    private final String message;

    /**
     * @param server   the server, {@code host:port}
     * @param accepted whether it stored the identity
     * @param message  {@code "accepted"}, or why not, in words
     */
    public PropagationResult(String server, boolean accepted, String message) {
        this.server = server;
        this.accepted = accepted;
        this.message = message;
    }

    /** @return the server, {@code host:port} */
    public String server() {
        return server;
    }

    /** @return whether it stored the identity */
    public boolean accepted() {
        return accepted;
    }

    /** @return {@code "accepted"}, or why not */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return server + ": " + message;
    }
}
