package io.bitdust.config;

import io.bitdust.common.BitDustException;
import io.bitdust.common.DiskSize;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The type of an option: its name as users see it ({@code "boolean"}, {@code "positive integer"},
 * {@code "disk space"}, ...) and how a text value is checked and written in canonical form. Immutable, thread-safe.
 */
public final class OptionType {
    /** {@code true} or {@code false}; also accepts yes/no, on/off, 1/0. */
    public static final OptionType BOOLEAN = new OptionType("boolean", OptionType::parseBoolean);
    /** Any whole number (32 bits). */
    public static final OptionType INTEGER = integer("integer", Integer.MIN_VALUE, Integer.MAX_VALUE);
    /** A whole number from 0 up: BitDust calls these "positive integer", zero included. */
    public static final OptionType POSITIVE_INTEGER = positiveInteger(0, Integer.MAX_VALUE);
    /** An amount of disk space, written like {@code 128 MB}. */
    public static final OptionType DISK_SPACE = new OptionType("disk space", text -> DiskSize.parse(text).toString());
    /** A TCP port, 1 to 65535. */
    public static final OptionType PORT = integer("port", 1, 65535);
    /** Free text on one line. */
    public static final OptionType STRING = new OptionType("string", OptionType::singleLine);
    /** A file system path on one line; empty means "the default place". */
    public static final OptionType PATH = new OptionType("path", OptionType::singleLine);

    private final String name;
    private final UnaryOperator<String> canonical;

    private OptionType(String name, UnaryOperator<String> canonical) {
        this.name = name;
        this.canonical = canonical;
    }

    /**
     * @param min smallest value allowed, 0 or more
     * @param max largest value allowed
     * @return the type "positive integer" narrowed to {@code [min, max]}
     */
    public static OptionType positiveInteger(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bad bounds [" + min + ", " + max + "]");
        }
        return integer("positive integer", min, max);
    }

    /**
     * @param values the allowed values, in the order users see them
     * @return the type "choice" accepting exactly one of {@code values}
     */
    public static OptionType choice(String... values) {
        List<String> allowed = List.of(values);
        return new OptionType("choice", text -> {
            String value = text.trim();
            if (!allowed.contains(value)) {
                throw BitDustException.invalid("'" + text + "' is not one of " + String.join(", ", allowed));
            }
            return value;
        });
    }

    private static OptionType integer(String name, long min, long max) {
        return new OptionType(name, text -> {
            long value;
            try {
                value = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw BitDustException.invalid("'" + text + "' is not a " + name);
            }
            if (value < min || value > max) {
                throw BitDustException.invalid(value + " is out of range for a " + name + ": allowed " + min + " to " + max);
            }
            return Long.toString(value);
        });
    }

    private static String parseBoolean(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return "true";
            case "false": case "no": case "off": case "0":
                return "false";
            default:
                throw BitDustException.invalid("'" + text + "' is not a boolean; use true or false");
        }
    }

    private static String singleLine(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0) {
            throw BitDustException.invalid("value must be on one line without control characters");
        }
        return text.trim();
    }

    /** @return the type's name as BitDust users know it, e.g. {@code "disk space"} */
    public String name() {
        return name;
    }

    /**
     * @param text a value as a user wrote it
     * @return the value in canonical form ({@code "yes"} becomes {@code "true"}, {@code "128mb"} becomes
     *     {@code "128 MB"})
     * @throws BitDustException INVALID_ARGUMENT naming the value and the type when it does not fit
     */
    public String canonical(String text) {
        return canonical.apply(Objects.requireNonNull(text, "text"));
    }

    @Override
    public String toString() {
        return name;
    }
}
