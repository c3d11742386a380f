package io.bitdust.config.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.DiskSize;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionListener;
import io.bitdust.config.OptionValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration service as a plain class: declared options, the user's stored values, presets, and
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
    public synchronized Declaration declare(Collection<Option> options) {
        for (Option option : options) {
            if (declared.containsKey(option.key())) {
                throw new BitDustException(ErrorCode.CONFLICT, "option '" + option.key() + "' is declared twice");
            }
        }
        for (Option option : options) {
            declared.put(option.key(), option);
            declarationOrder.add(option);
            effective.put(option.key(), initialValue(option));
        }
        List<Option> mine = List.copyOf(options);
        return () -> withdraw(mine);
    }

    private synchronized void withdraw(List<Option> options) {
        for (Option option : options) {
            if (declared.remove(option.key(), option)) {
                declarationOrder.remove(option);
                effective.remove(option.key());
            }
        }
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
            Map<String, String> next = new HashMap<>(userValues);
            next.remove(key);
            store.save(next);
            userValues.remove(key);
            String value = initialValue(option);
            change = new OptionValue(option, value, effective.put(key, value));
        }
        notifySubscribers(change);
        return change;
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
