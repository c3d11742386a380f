package io.bitdust.config;

/**
 * Told when an option it subscribed to changes. Called on the thread that made the change, after the new value
 * is stored; keep it short and hand long work to your own executor.
 */
@FunctionalInterface
public interface OptionListener {
    /**
     * @param change the option with its new and old value
     */
    void optionChanged(OptionValue change);
}
