package io.bitdust.api.internal;

/**
 * Stops or restarts the node process, and tells whether it has finished starting. Stop and restart return at once
 * and act a moment later, so the caller's answer still reaches the user.
 */
interface ProcessControl {
    /**
     * @return whether every feature the node boots has been installed and started; false while the framework is
     *         still starting them (the API answers before the last of them, whose functions and options are then
     *         still unknown)
     */
    boolean started();

    /** Stops the node; the process exits cleanly. */
    void stop();

    /** Restarts the node in place; its data stays. */
    void restart();
}
