package io.bitdust.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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

    private OptionRelation(String rule, List<Option> options, Predicate<Values> holds) {
        this.rule = rule;
        this.options = options;
        this.holds = holds;
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
        List<Option> list = List.of(options);
        Set<String> keys = new HashSet<>();
        list.forEach(o -> keys.add(o.key()));
        if (list.size() < 2 || keys.size() != list.size()) {
            throw new IllegalArgumentException("a relation ties two or more distinct options: " + list);
        }
        return new OptionRelation(Objects.requireNonNull(rule, "rule"), list, Objects.requireNonNull(holds, "holds"));
    }

    /**
     * @param smaller a numeric option (integer, port, disk space)
     * @param larger  a numeric option
     * @return the relation "{@code smaller} must not be larger than {@code larger}"
     * @throws IllegalArgumentException when an option is not numeric
     */
    public static OptionRelation atMost(Option smaller, Option larger) {
        if (!smaller.type().numeric() || !larger.type().numeric()) {
            throw new IllegalArgumentException("atMost compares numbers: " + smaller + ", " + larger);
        }
        return of(smaller.key() + " must not be larger than " + larger.key(),
                values -> values.number(smaller) <= values.number(larger), smaller, larger);
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
