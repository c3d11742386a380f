package io.bitdust.identity;

import java.time.Instant;

/**
 * Where my identity stands at one identity server: the newest revision it accepted from this node, and the last and
 * next attempt to publish. Immutable.
 */
public final class Publication {
    private final String server;
    private final long publishedRevision;
    private final long currentRevision;
    private final Instant lastAttempt;
    private final String lastResult;
    private final Instant nextAttempt;

    /**
     * @param server            the server, {@code host:port}
     * @param publishedRevision the newest revision it accepted since this node started, 0 for none yet
     * @param currentRevision   my identity's revision now
     * @param lastAttempt       when it was last sent my identity, {@code null} for never
     * @param lastResult        {@code "accepted"}, or why the last attempt failed; {@code null} for never
     * @param nextAttempt       when it is sent my identity next, {@code null} when nothing is planned
     */
    public Publication(String server, long publishedRevision, long currentRevision, Instant lastAttempt,
            String lastResult, Instant nextAttempt) {
        this.server = server;
        this.publishedRevision = publishedRevision;
        this.currentRevision = currentRevision;
        this.lastAttempt = lastAttempt;
        this.lastResult = lastResult;
        this.nextAttempt = nextAttempt;
    }

    /** @return the server, {@code host:port} */
    public String server() {
        return server;
    }

    /** @return the newest revision the server accepted since this node started; 0 for none yet */
    public long publishedRevision() {
        return publishedRevision;
    }

    /** @return whether the server has my current revision */
    public boolean current() {
        return publishedRevision == currentRevision;
    }

    /** @return when the server was last sent my identity; {@code null} for never */
    public Instant lastAttempt() {
        return lastAttempt;
    }

    /** @return {@code "accepted"}, or why the last attempt failed; {@code null} before the first attempt */
    public String lastResult() {
        return lastResult;
    }

    /** @return when the server is sent my identity next; {@code null} when nothing is planned */
    public Instant nextAttempt() {
        return nextAttempt;
    }

    @Override
    public String toString() {
        return server + ": " + (current() ? "revision " + publishedRevision + " published"
                : "revision " + currentRevision + " not published yet" + (lastResult == null ? "" : " (" + lastResult
                + ")"));
    }
}
