package io.bitdust.api.internal;

/**
 * Stops or restarts the node process. Both return at once and act a moment later, so the caller's answer
 * still reaches the user.
 */
interface ProcessControl {
    /** Stops the node; the process exits cleanly. */
    void stop();

    /** Restarts the node in place; its data stays. */
    void restart();
}
