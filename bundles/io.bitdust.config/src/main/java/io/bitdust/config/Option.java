package io.bitdust.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The declaration of one option: key, type, default and a description for people. Immutable.
 */
public final class Option {
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(?:[-_][a-z0-9]+)*(?:/[a-z0-9]+(?:[-_][a-z0-9]+)*)+");

    private final String key;
    private final OptionType type;
    private final String defaultValue;
    private final String description;

    private Option(String key, OptionType type, String defaultValue, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
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
                Objects.requireNonNull(description, "description"));
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

    @Override
    public String toString() {
        return key + " (" + type + ", default '" + defaultValue + "')";
    }
}
