package io.bitdust.config;

import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's options. Bundles declare the options they own; a value is, in order of precedence: the one set
 * with {@link #set} (persisted in the data folder, survives restarts), the preset from the environment variable
 * {@code BITDUST_<KEY>}, the preset from {@code etc/bitdust.cfg}, the declared default. Thread-safe.
 */
@ProviderType
public interface ConfigService {

    /**
     * Declares options owned by the caller. Presets and stored values for them take effect now.
     *
     * @param options the declarations
     * @return a handle that withdraws the declarations when closed (call it when the owner stops)
     * @throws io.bitdust.common.BitDustException CONFLICT when another owner declared one of the keys differently
     */
    Declaration declare(Collection<Option> options);

    /**
     * @param key an option key
     * @return its value in force
     * @throws io.bitdust.common.BitDustException NOT_FOUND when no running bundle declares the key
     */
    OptionValue get(String key);

    /**
     * Changes an option, stores it durably, then tells the subscribers.
     *
     * @param key   an option key
     * @param value the new value as text; it is checked against the option's type and stored in canonical form
     * @return the option with its new and old value
     * @throws io.bitdust.common.BitDustException NOT_FOUND for an unknown key, INVALID_ARGUMENT for a value that does
     *     not fit; nothing changes then
     */
    OptionValue set(String key, String value);

    /**
     * Puts an option back to its preset or default, forgetting the value set by {@link #set}.
     *
     * @param key an option key
     * @return the option with its new and old value
     */
    OptionValue reset(String key);

    /** @return every declared option with its value, in the order they were declared */
    List<OptionValue> list();

    /**
     * @param key a {@code "boolean"} option
     * @return its value
     */
    boolean getBoolean(String key);

    /**
     * @param key an integer-typed option (integer, positive integer, port)
     * @return its value
     */
    int getInt(String key);

    /**
     * @param key a {@code "disk space"} option
     * @return its value in bytes
     */
    long getBytes(String key);

    /**
     * @param keyPrefix a key, or a prefix such as {@code services/backups/}; empty for every option
     * @param listener  told after each change of a matching option
     * @return a handle that unsubscribes when closed
     */
    Subscription subscribe(String keyPrefix, OptionListener listener);

    /** A handle on a declaration; closing it withdraws the options. */
    interface Declaration extends AutoCloseable {
        @Override
        void close();
    }

    /** A handle on a subscription; closing it stops the notifications. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
