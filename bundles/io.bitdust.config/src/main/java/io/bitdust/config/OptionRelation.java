package io.bitdust.config;

import io.bitdust.common.BitDustException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A rule that the values of several options must keep together, e.g. "services/backups/block-size must not be larger
 * than services/backups/max-block-size". The bundle that owns one of the options declares it with its options
 * ({@link ConfigService#declare(java.util.Collection, java.util.Collection)}); the options may belong to other
 * bundles, and the rule holds while all of them are declared. A {@link ConfigService#set} or
 * {@link ConfigService#reset} that would break it is refused with an error naming every option of the rule. Immutable,
 * thread-safe when the predicate is.
 */
public final class OptionRelation {
    private final String rule;
    private final List<Option> options;
    private final Predicate<Values> holds;
    /** The values that restore the rule by changing only options that may change, or null; see {@link #settle}. */
    private final BiFunction<Values, Predicate<Option>, Map<Option, String>> settle;

    private OptionRelation(String rule, List<Option> options, Predicate<Values> holds,
            BiFunction<Values, Predicate<Option>, Map<Option, String>> settle) {
        this.rule = rule;
        this.options = options;
        this.holds = holds;
        this.settle = settle;
    }

    /**
     * @param rule    the rule in words, naming the options by key, e.g. {@code "services/customer/needed-space must not
     *                be larger than services/supplier/donated-space"}
     * @param holds   whether the rule holds for a set of values; it reads only {@code options}
     * @param options the options the rule ties together, two or more, distinct keys
     * @return the relation
     * @throws IllegalArgumentException for fewer than two options or a key named twice
     */
    public static OptionRelation of(String rule, Predicate<Values> holds, Option... options) {
        return relation(rule, holds, (values, mayChange) -> null, options);
    }

    /**
     * @param smaller a numeric option (integer, port, disk space)
     * @param larger  a numeric option
     * @return the relation "{@code smaller} must not be larger than {@code larger}"; it {@linkplain #settle settles}
     *     by lowering {@code smaller} to the value of {@code larger} (never by raising {@code larger}: a larger value
     *     may give something away, such as donated space)
     * @throws IllegalArgumentException when an option is not numeric
     */
    public static OptionRelation atMost(Option smaller, Option larger) {
        if (!smaller.type().numeric() || !larger.type().numeric()) {
            throw new IllegalArgumentException("atMost compares numbers: " + smaller + ", " + larger);
        }
        return relation(smaller.key() + " must not be larger than " + larger.key(),
                values -> values.number(smaller) <= values.number(larger), (values, mayChange) -> {
                    if (!mayChange.test(smaller)) {
                        return null;
                    }
                    try {
                        return Map.of(smaller, smaller.type().canonical(values.get(larger)));
                    } catch (BitDustException e) {
                        return null;
                    }
                }, smaller, larger);
    }

    /** {@link #of} with the way the rule settles, see {@link #settle}. */
    private static OptionRelation relation(String rule, Predicate<Values> holds,
            BiFunction<Values, Predicate<Option>, Map<Option, String>> settle, Option... options) {
        List<Option> list = List.of(options);
        Set<String> keys = new HashSet<>();
        list.forEach(o -> keys.add(o.key()));
        if (list.size() < 2 || keys.size() != list.size()) {
            throw new IllegalArgumentException("a relation ties two or more distinct options: " + list);
        }
        return new OptionRelation(Objects.requireNonNull(rule, "rule"), list, Objects.requireNonNull(holds, "holds"),
                settle);
    }

    /** @return the rule in words */
    public String rule() {
        return rule;
    }

    /** @return the options the rule ties together */
    public List<Option> options() {
        return options;
    }

    /**
     * @param values the values to judge, of every option of the rule
     * @return whether the rule holds for them
     */
    public boolean holds(Values values) {
        return holds.test(values);
    }

    /**
     * New values, for some of the options that may change, with which the rule holds; used at start, when values nobody
     * chose (defaults) give way to the ones users stored or preset.
     *
     * @param values    the values in force, which break the rule
     * @param mayChange which options may take another value
     * @return the new values by option, each valid for its option's type, or empty when this rule cannot tell them
     *     (a rule from {@link #of} never can)
     */
    public Optional<Map<Option, String>> settle(Values values, Predicate<Option> mayChange) {
        return Optional.ofNullable(settle.apply(values, mayChange));
    }

    @Override
    public String toString() {
        return rule;
    }

    /** The values a relation is judged on: the values in force with the proposed change applied. */
    public interface Values {
        /**
         * @param option an option of the relation
         * @return its value, canonical
         */
        String get(Option option);

        /**
         * @param option a numeric option of the relation
         * @return its number: the integer, or the bytes of a disk space
         */
        default long number(Option option) {
            return option.type().number(get(option));
        }
    }
}
