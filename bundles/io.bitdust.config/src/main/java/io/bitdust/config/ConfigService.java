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
     * Declares options owned by the caller, without relations. Presets and stored values for them take effect now.
     *
     * @param options the declarations
     * @return a handle that withdraws the declarations when closed (call it when the owner stops)
     * @throws io.bitdust.common.BitDustException CONFLICT when another owner declared one of the keys differently
     */
    default Declaration declare(Collection<Option> options) {
        return declare(options, List.of());
    }

    /**
     * Declares options owned by the caller and the relations their values must keep. Presets and stored values take
     * effect now, except those that do not fit their option's type, or break a relation that is in force (all its
     * options declared): those are ignored with an ERROR in the log naming them, and the options of this declaration
     * that the broken relation names take their defaults.
     *
     * @param options   the declarations
     * @param relations rules tying these options to each other or to options of other owners; a rule is enforced
     *                  while all its options are declared
     * @return a handle that withdraws the options and relations when closed (call it when the owner stops)
     * @throws io.bitdust.common.BitDustException CONFLICT when another owner declared one of the keys differently
     * @throws IllegalArgumentException when the defaults of options declared together break one of their relations
     */
    Declaration declare(Collection<Option> options, Collection<OptionRelation> relations);

    /**
     * @param key an option key
     * @return its value in force
     * @throws io.bitdust.common.BitDustException NOT_FOUND when no running bundle declares the key
     */
    OptionValue get(String key);

    /**
     * Changes an option, stores it durably, then tells the subscribers. The value is checked, in order, against the
     * option's type and range, the relations in force, and (when it differs from the value in force) the owner's
     * checks of use ({@link Option#checkedBy}).
     *
     * @param key   an option key
     * @param value the new value as text, stored in canonical form
     * @return the option with its new and old value
     * @throws io.bitdust.common.BitDustException NOT_FOUND for an unknown key; INVALID_ARGUMENT for a value that does
     *     not fit the type or would break a relation (naming every option of the relation); the code of a failed check
     *     of use (e.g. CONFLICT for a port in use); nothing changes then
     */
    OptionValue set(String key, String value);

    /**
     * Puts an option back to its preset or default, forgetting the value set by {@link #set}. The value it would take
     * is checked as {@link #set} checks a value.
     *
     * @param key an option key
     * @return the option with its new and old value
     * @throws io.bitdust.common.BitDustException NOT_FOUND for an unknown key; as {@link #set} when the preset or
     *     default would break a relation or fail a check of use; nothing changes then
     */
    OptionValue reset(String key);

    /** @return the relations in force: those whose options are all declared, in the order they were declared */
    List<OptionRelation> relations();

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
