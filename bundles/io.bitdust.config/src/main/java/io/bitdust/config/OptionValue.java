package io.bitdust.config;

/**
 * The current value of an option as the API shows it. When it comes from {@link ConfigService#set}, it also
 * carries the value before the change. Immutable.
 */
public final class OptionValue {
    private final Option option;
    private final String value;
    private final String oldValue;

    /**
     * @param option   the declaration
     * @param value    the value in force, canonical
     * @param oldValue the value before a change, or {@code null} when this is not a change
     */
    public OptionValue(Option option, String value, String oldValue) {
        this.option = option;
        this.value = value;
        this.oldValue = oldValue;
    }

    /** @return the option's declaration */
    public Option option() {
        return option;
    }

    /** @return the key */
    public String key() {
        return option.key();
    }

    /** @return the value in force, canonical */
    public String value() {
        return value;
    }

    /** @return the value before the change, or {@code null} when this is not a change */
    public String oldValue() {
        return oldValue;
    }

    @Override
    public String toString() {
        return option.key() + " = " + value;
    }
}
