package io.bitdust.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The declaration of one option: key, type (with the values it allows), default, a description for people, and the
 * owner's checks of use ({@link #checkedBy}). Immutable.
 */
public final class Option {
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(?:[-_][a-z0-9]+)*(?:/[a-z0-9]+(?:[-_][a-z0-9]+)*)+");

    private final String key;
    private final OptionType type;
    private final String defaultValue;
    private final String description;
    private final List<OptionCheck> checks;

    private Option(String key, OptionType type, String defaultValue, String description, List<OptionCheck> checks) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.checks = List.copyOf(checks);
    }

    /**
     * @param key          slash-separated lower-case path, e.g. {@code services/backups/block-size}
     * @param type         the value's type
     * @param defaultValue the value when nobody set one; must fit the type
     * @param description  one sentence for people
     * @return the declaration
     * @throws IllegalArgumentException when the key is malformed or the default does not fit the type (a
     *     programming error of the declaring bundle)
     */
    public static Option of(String key, OptionType type, String defaultValue, String description) {
        if (!KEY.matcher(Objects.requireNonNull(key, "key")).matches()) {
            throw new IllegalArgumentException("malformed option key '" + key + "'");
        }
        return new Option(key, Objects.requireNonNull(type, "type"), type.canonical(defaultValue),
                Objects.requireNonNull(description, "description"), List.of());
    }

    /**
     * Adds a check of use: {@link ConfigService#set} and {@link ConfigService#reset} run it on a value that fits the
     * type and the relations and differs from the value in force, before anything is saved; a check that throws
     * refuses the change. Declare the option returned, not this one.
     *
     * @param check e.g. "a server can listen on this port now"
     * @return this option with {@code check} added after its other checks
     */
    public Option checkedBy(OptionCheck check) {
        List<OptionCheck> more = new ArrayList<>(checks);
        more.add(Objects.requireNonNull(check, "check"));
        return new Option(key, type, defaultValue, description, more);
    }

    /** @return the key, e.g. {@code logs/debug-level} */
    public String key() {
        return key;
    }

    /** @return the type */
    public OptionType type() {
        return type;
    }

    /** @return the default, in canonical form */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return a sentence saying what the option does */
    public String description() {
        return description;
    }

    /** @return the checks of use, in the order they run */
    public List<OptionCheck> checks() {
        return checks;
    }

    @Override
    public String toString() {
        return key + " (" + type + ", default '" + defaultValue + "')";
    }
}
