package io.bitdust.api.internal;

import java.util.List;

/**
 * Stops or restarts the node process, and tells how far it has come in starting. Stop and restart return at once
 * and act a moment later, so the caller's answer still reaches the user.
 */
interface ProcessControl {
    /** @return what the node still waits for before all its parts are up, and which of them failed */
    Startup startup();

    /** Stops the node; the process exits cleanly. */
    void stop();

    /** Restarts the node in place; its data stays. */
    void restart();

    /**
     * How far the node has come in starting.
     *
     * @param waiting the parts not up yet, each named with what it waits for (the API answers before the last of
     *        them, whose functions and options are then still unknown)
     * @param failed the parts that failed to start, each with the reason; they stay down until the node restarts or
     *        their configuration changes
     */
    record Startup(List<String> waiting, List<String> failed) {
        /** A node all of whose parts are up. */
        static final Startup UP = new Startup(List.of(), List.of());

        public Startup {
            waiting = List.copyOf(waiting);
            failed = List.copyOf(failed);
        }

        /** @return {@code failed} when a part failed, {@code starting} while one is not up, else {@code running} */
        String status() {
            return !failed.isEmpty() ? "failed" : !waiting.isEmpty() ? "starting" : "running";
        }
    }
}
