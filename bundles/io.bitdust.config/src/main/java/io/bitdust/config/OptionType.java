package io.bitdust.config;

import io.bitdust.common.BitDustException;
import io.bitdust.common.DiskSize;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * The type of an option: its name as users see it ({@code "boolean"}, {@code "positive integer"},
 * {@code "disk space"}, ...), the values it allows in words ({@link #range()}, e.g. {@code "64 KB to 32 MB"}), and how
 * a text value is checked and written in canonical form. A type may be narrowed to the bounds its option's users need
 * ({@link #positiveInteger}, {@link #diskSpace}, {@link #string}); the name stays, the range says the bounds.
 * Immutable, thread-safe.
 */
public final class OptionType {
    /** The longest text a string or path option takes. */
    public static final int MAX_TEXT_LENGTH = 4096;
    /** The longest host name (RFC 1035: 253 characters written out). */
    public static final int MAX_HOST_LENGTH = 253;
    /** The longest text a number, a boolean or a size is written with. */
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final int SHOWN_LENGTH = 60;

    /** {@code true} or {@code false}; also accepts yes/no, on/off, 1/0. */
    public static final OptionType BOOLEAN = new OptionType("boolean", "true or false", MAX_NUMBER_LENGTH,
            OptionType::parseBoolean, null);
    /** Any whole number (32 bits). */
    public static final OptionType INTEGER = integer("integer", Integer.MIN_VALUE, Integer.MAX_VALUE);
    /** A whole number from 0 up: BitDust calls these "positive integer", zero included. */
    public static final OptionType POSITIVE_INTEGER = positiveInteger(0, Integer.MAX_VALUE);
    /** An amount of disk space, written like {@code 128 MB}. */
    public static final OptionType DISK_SPACE = new OptionType("disk space", "any size, e.g. 128 MB",
            MAX_NUMBER_LENGTH, text -> DiskSize.parse(text).toString(), text -> DiskSize.parse(text).bytes());
    /** A TCP port, 1 to 65535. */
    public static final OptionType PORT = integer("port", 1, 65535);
    /** Free text on one line, at most {@value #MAX_TEXT_LENGTH} characters. */
    public static final OptionType STRING = new OptionType("string",
            "one line of at most " + MAX_TEXT_LENGTH + " characters", MAX_TEXT_LENGTH, OptionType::singleLine, null);
    /** A file system path on one line; empty means "the default place". */
    public static final OptionType PATH = new OptionType("path",
            "one line of at most " + MAX_TEXT_LENGTH + " characters", MAX_TEXT_LENGTH, OptionType::singleLine, null);
    /**
     * A host name or IP address as peers reach this node at ({@code id.example.org}, {@code 192.0.2.7},
     * {@code [2001:db8::7]}): what an {@code http://host:port/} address takes, lower-cased; never empty.
     */
    public static final OptionType HOST = new OptionType("host", "a host name or IP address", MAX_HOST_LENGTH,
            OptionType::parseHost, null);

    private final String name;
    private final String range;
    private final int maxLength;
    private final UnaryOperator<String> canonical;
    private final ToLongFunction<String> number;

    private OptionType(String name, String range, int maxLength, UnaryOperator<String> canonical,
            ToLongFunction<String> number) {
        this.name = name;
        this.range = range;
        this.maxLength = maxLength;
        this.canonical = canonical;
        this.number = number;
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
     * @param min the smallest size allowed
     * @param max the largest size allowed
     * @return the type "disk space" narrowed to {@code [min, max]}; its range reads e.g. {@code "64 KB to 32 MB"}
     */
    public static OptionType diskSpace(DiskSize min, DiskSize max) {
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("bad bounds [" + min + ", " + max + "]");
        }
        return new OptionType("disk space", min + " to " + max, MAX_NUMBER_LENGTH, text -> {
            DiskSize size = DiskSize.parse(text);
            if (size.compareTo(min) < 0 || size.compareTo(max) > 0) {
                throw BitDustException.invalid(size + " is out of range: allowed " + min + " to " + max);
            }
            return size.toString();
        }, text -> DiskSize.parse(text).bytes());
    }

    /**
     * @param rule  the values allowed, in words, e.g. {@code "3 to 32 of a-z, 0-9, _ and -, or empty"}
     * @param valid whether a value (trimmed, on one line) is allowed
     * @return the type "string" narrowed to the values {@code valid} accepts
     */
    public static OptionType string(String rule, Predicate<String> valid) {
        Objects.requireNonNull(valid, "valid");
        return new OptionType("string", Objects.requireNonNull(rule, "rule"), MAX_TEXT_LENGTH, text -> {
            String value = singleLine(text);
            if (!valid.test(value)) {
                throw BitDustException.invalid(shown(value) + " is not allowed: " + rule);
            }
            return value;
        }, null);
    }

    /**
     * @param values the allowed values, in the order users see them
     * @return the type "choice" accepting exactly one of {@code values}
     */
    public static OptionType choice(String... values) {
        List<String> allowed = List.of(values);
        return new OptionType("choice", "one of " + String.join(", ", allowed), MAX_TEXT_LENGTH, text -> {
            String value = text.trim();
            if (!allowed.contains(value)) {
                throw BitDustException.invalid(shown(text) + " is not one of " + String.join(", ", allowed));
            }
            return value;
        }, null);
    }

    private static OptionType integer(String name, long min, long max) {
        return new OptionType(name, min + " to " + max, MAX_NUMBER_LENGTH, text -> {
            long value;
            try {
                value = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw BitDustException.invalid(shown(text) + " is not a " + name);
            }
            if (value < min || value > max) {
                throw BitDustException.invalid(value + " is out of range for a " + name + ": allowed " + min + " to "
                        + max);
            }
            return Long.toString(value);
        }, Long::parseLong);
    }

    private static String parseBoolean(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return "true";
            case "false": case "no": case "off": case "0":
                return "false";
            default:
                throw BitDustException.invalid(shown(text) + " is not a boolean; use true or false");
        }
    }

    private static String singleLine(String text) {
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw BitDustException.invalid("value must be on one line without control characters");
        }
        return text.trim();
    }

    private static String parseHost(String text) {
        String host = singleLine(text).toLowerCase(Locale.ROOT);
        String parsed = null;
        if (!host.isEmpty() && host.chars().noneMatch(c -> c == '/' || c == '@' || c == '?' || c == '#')) {
            try {
                parsed = new URI("http://" + host + ":1/").getHost();
            } catch (URISyntaxException e) {
                parsed = null;
            }
        }
        if (parsed == null || !parsed.equals(host)) {
            throw BitDustException.invalid(shown(text) + " is not a host name or IP address");
        }
        return host;
    }

    /** @return {@code text} quoted, cut short when long, for an error message */
    private static String shown(String text) {
        return "'" + (text.length() <= SHOWN_LENGTH ? text : text.substring(0, SHOWN_LENGTH) + "...") + "'";
    }

    /** @return the type's name as BitDust users know it, e.g. {@code "disk space"} */
    public String name() {
        return name;
    }

    /**
     * @return the values allowed, in words, e.g. {@code "1 to 65535"}, {@code "64 KB to 32 MB"},
     *     {@code "true or false"}
     */
    public String range() {
        return range;
    }

    /** @return whether values of this type are numbers (integers, ports, disk space), see {@link #number} */
    public boolean numeric() {
        return number != null;
    }

    /**
     * @param value a value of this type
     * @return its number: the integer, or the bytes of a disk space
     * @throws IllegalStateException when the type is not {@link #numeric()}
     * @throws BitDustException INVALID_ARGUMENT when {@code value} is not of this type
     */
    public long number(String value) {
        if (number == null) {
            throw new IllegalStateException("a " + name + " is not a number");
        }
        return number.applyAsLong(canonical(value));
    }

    /**
     * @param text a value as a user wrote it
     * @return the value in canonical form ({@code "yes"} becomes {@code "true"}, {@code "128mb"} becomes
     *     {@code "128 MB"})
     * @throws BitDustException INVALID_ARGUMENT naming the value and the type when it does not fit
     */
    public String canonical(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > maxLength) {
            throw BitDustException.invalid("a value of " + text.length() + " characters is longer than the "
                    + maxLength + " a " + name + " takes");
        }
        return canonical.apply(text);
    }

    @Override
    public String toString() {
        return name;
    }
}
