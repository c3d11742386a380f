package io.bitdust.config.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.DiskSize;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionCheck;
import io.bitdust.config.OptionListener;
import io.bitdust.config.OptionRelation;
import io.bitdust.config.OptionValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration service as a plain class: declared options and relations, the user's stored values, presets, and
 * subscribers. Changes are serialised on this object; reads are lock-free.
 */
public class Options implements ConfigService {
    private static final Logger LOG = LoggerFactory.getLogger(Options.class);

    private final OptionStore store;
    private final Presets presets;
    private final Map<String, Option> declared = new ConcurrentHashMap<>();
    private final List<Option> declarationOrder = new CopyOnWriteArrayList<>();
    private final Map<String, String> effective = new ConcurrentHashMap<>();
    private final Map<String, String> userValues;
    private final List<OptionRelation> relations = new CopyOnWriteArrayList<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    /**
     * @param storeFile   where values set by users are kept, e.g. {@code ${karaf.data}/bitdust/options.properties}
     * @param presetFile  {@code etc/bitdust.cfg}, or {@code null} for none
     * @param environment the process environment, for {@code BITDUST_<KEY>} presets
     */
    public Options(java.nio.file.Path storeFile, java.nio.file.Path presetFile, Map<String, String> environment) {
        this.store = new OptionStore(storeFile);
        this.presets = Presets.load(presetFile, environment);
        this.userValues = new HashMap<>(store.load());
    }

    @Override
    public synchronized Declaration declare(Collection<Option> options, Collection<OptionRelation> rules) {
        Map<String, String> defaults = new HashMap<>();
        for (Option option : options) {
            if (declared.containsKey(option.key()) || defaults.put(option.key(), option.defaultValue()) != null) {
                throw new BitDustException(ErrorCode.CONFLICT, "option '" + option.key() + "' is declared twice");
            }
        }
        for (OptionRelation rule : rules) {
            if (defaults.keySet().containsAll(keys(rule)) && !rule.holds(valuesOf(defaults))) {
                throw new IllegalArgumentException("the defaults break the rule '" + rule.rule() + "'");
            }
        }
        for (Option option : options) {
            declared.put(option.key(), option);
            declarationOrder.add(option);
            effective.put(option.key(), initialValue(option));
        }
        relations.addAll(rules);
        for (OptionRelation rule : relations) {
            if (inForce(rule) && keys(rule).stream().anyMatch(defaults::containsKey)) {
                keepAtStart(rule, defaults.keySet());
            }
        }
        List<Option> mine = List.copyOf(options);
        List<OptionRelation> myRules = List.copyOf(rules);
        return () -> withdraw(mine, myRules);
    }

    /**
     * Stored values and presets are checked one by one; a rule they break together is found only here, when its last
     * option is declared. The options just declared give way, as they have not been used yet: first those at their
     * defaults, when the rule can {@linkplain OptionRelation#settle settle} with other values for them (a default
     * block size lowered to the largest block a user allows); else those whose stored values or presets are ignored.
     */
    private void keepAtStart(OptionRelation rule, Set<String> justDeclared) {
        if (rule.holds(valuesOf(effective))) {
            return;
        }
        Optional<Map<Option, String>> settled = rule.settle(valuesOf(effective), option ->
                justDeclared.contains(option.key()) && !userValues.containsKey(option.key())
                        && presets.lookup(option.key()).isEmpty());
        if (settled.isPresent()) {
            Map<String, String> proposed = new HashMap<>(effective);
            settled.get().forEach((option, value) -> proposed.put(option.key(), value));
            if (rule.holds(valuesOf(proposed))) {
                settled.get().forEach((option, value) -> {
                    effective.put(option.key(), value);
                    LOG.info("Option {} is {} instead of its default {}, so that {} ({})", option.key(), value,
                            option.defaultValue(), rule.rule(), describe(rule, option.key()));
                });
                return;
            }
        }
        List<String> ignored = new ArrayList<>();
        for (Option option : rule.options()) {
            String key = option.key();
            String defaultValue = declared.get(key).defaultValue();
            if (justDeclared.contains(key) && !defaultValue.equals(effective.get(key))) {
                ignored.add(key + " = " + effective.get(key));
                effective.put(key, defaultValue);
            }
        }
        LOG.error("Stored values or presets break the rule '{}'; ignored: {}; now {}", rule.rule(),
                ignored.isEmpty() ? "none (the options were declared before)" : String.join(", ", ignored),
                describe(rule, null));
    }

    private synchronized void withdraw(List<Option> options, List<OptionRelation> rules) {
        for (Option option : options) {
            if (declared.remove(option.key(), option)) {
                declarationOrder.remove(option);
                effective.remove(option.key());
            }
        }
        for (OptionRelation rule : rules) {
            relations.remove(rule);
        }
    }

    private boolean inForce(OptionRelation rule) {
        return declared.keySet().containsAll(keys(rule));
    }

    private static Set<String> keys(OptionRelation rule) {
        Set<String> keys = new HashSet<>();
        rule.options().forEach(o -> keys.add(o.key()));
        return keys;
    }

    private static OptionRelation.Values valuesOf(Map<String, String> values) {
        return option -> {
            String value = values.get(option.key());
            if (value == null) {
                throw new IllegalArgumentException("a relation read option '" + option.key() + "' it does not name");
            }
            return value;
        };
    }

    /** @return e.g. {@code "services/backups/max-block-size is 32 MB"} for the options of {@code rule} but one */
    private String describe(OptionRelation rule, String except) {
        return rule.options().stream().filter(o -> !o.key().equals(except))
                .map(o -> o.key() + " is " + effective.get(o.key())).collect(Collectors.joining(", "));
    }

    private String initialValue(Option option) {
        String stored = userValues.get(option.key());
        if (stored != null) {
            try {
                return option.type().canonical(stored);
            } catch (BitDustException e) {
                LOG.error("Stored value of option {} is not valid and is ignored: {}", option.key(), e.getMessage());
            }
        }
        return presetOrDefault(option);
    }

    private String presetOrDefault(Option option) {
        return presets.lookup(option.key()).map(preset -> {
            try {
                return option.type().canonical(preset.getValue());
            } catch (BitDustException e) {
                LOG.error("Preset of option {} from {} is not valid and is ignored: {}", option.key(), preset.getKey(),
                        e.getMessage());
                return option.defaultValue();
            }
        }).orElse(option.defaultValue());
    }

    @Override
    public OptionValue get(String key) {
        Option option = option(key);
        return new OptionValue(option, effective.get(key), null);
    }

    @Override
    public OptionValue set(String key, String value) {
        OptionValue change;
        synchronized (this) {
            Option option = option(key);
            if (value == null) {
                throw BitDustException.invalid("no value given for option '" + key + "'");
            }
            String canonical;
            try {
                canonical = option.type().canonical(value);
            } catch (BitDustException e) {
                throw BitDustException.invalid("option '" + key + "' takes a " + option.type() + ": " + e.getMessage());
            }
            checkChange(option, canonical, "set");
            Map<String, String> next = new HashMap<>(userValues);
            next.put(key, canonical);
            store.save(next);
            userValues.put(key, canonical);
            change = new OptionValue(option, canonical, effective.put(key, canonical));
        }
        notifySubscribers(change);
        return change;
    }

    @Override
    public OptionValue reset(String key) {
        OptionValue change;
        synchronized (this) {
            Option option = option(key);
            String value = presetOrDefault(option);
            checkChange(option, value, "reset");
            Map<String, String> next = new HashMap<>(userValues);
            next.remove(key);
            store.save(next);
            userValues.remove(key);
            change = new OptionValue(option, value, effective.put(key, value));
        }
        notifySubscribers(change);
        return change;
    }

    /** Refuses a change that breaks a relation in force or fails a check of use of the option's owner. */
    private void checkChange(Option option, String value, String verb) {
        String key = option.key();
        Map<String, String> proposed = new HashMap<>(effective);
        proposed.put(key, value);
        for (OptionRelation rule : relations) {
            if (keys(rule).contains(key) && inForce(rule) && !rule.holds(valuesOf(proposed))) {
                throw BitDustException.invalid("cannot " + verb + " " + key + " to " + value + ": " + rule.rule()
                        + " (" + describe(rule, key) + ")");
            }
        }
        String current = effective.get(key);
        if (value.equals(current)) {
            return;
        }
        for (OptionCheck check : option.checks()) {
            try {
                check.check(new OptionValue(option, value, current));
            } catch (BitDustException e) {
                throw new BitDustException(e.code(), "cannot " + verb + " " + key + " to " + value + ": "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<OptionRelation> relations() {
        return relations.stream().filter(this::inForce).collect(Collectors.toList());
    }

    private void notifySubscribers(OptionValue change) {
        if (Objects.equals(change.value(), change.oldValue())) {
            return;
        }
        for (Subscriber s : subscribers) {
            if (change.key().startsWith(s.prefix)) {
                try {
                    s.listener.optionChanged(change);
                } catch (RuntimeException e) {
                    LOG.warn("A listener failed on the change of option {}", change.key(), e);
                }
            }
        }
    }

    @Override
    public List<OptionValue> list() {
        List<OptionValue> values = new ArrayList<>();
        declarationOrder.forEach(o -> values.add(new OptionValue(o, effective.get(o.key()), null)));
        return values;
    }

    @Override
    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(get(key).value());
    }

    @Override
    public int getInt(String key) {
        String value = get(key).value();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw BitDustException.invalid("option '" + key + "' is not a number: '" + value + "'");
        }
    }

    @Override
    public long getBytes(String key) {
        return DiskSize.parse(get(key).value()).bytes();
    }

    @Override
    public Subscription subscribe(String keyPrefix, OptionListener listener) {
        Subscriber s = new Subscriber(Objects.requireNonNull(keyPrefix, "keyPrefix"), listener);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    private Option option(String key) {
        Option option = key == null ? null : declared.get(key);
        if (option == null) {
            throw BitDustException.notFound("unknown option '" + key + "'");
        }
        return option;
    }

    private static final class Subscriber {
        final String prefix;
        final OptionListener listener;

        Subscriber(String prefix, OptionListener listener) {
            this.prefix = prefix;
            this.listener = listener;
        }
    }
}
