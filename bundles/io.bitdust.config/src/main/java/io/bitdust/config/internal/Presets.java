package io.bitdust.config.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Values given before the node starts: from {@code etc/bitdust.cfg} ({@code key = value}), overridden by
 * environment variables {@code BITDUST_<KEY>} (the key upper-cased, {@code /} and {@code -} turned into {@code _}).
 */
final class Presets {
    private final Map<String, String> fromFile;
    private final Map<String, String> environment;

    Presets(Map<String, String> fromFile, Map<String, String> environment) {
        this.fromFile = Map.copyOf(fromFile);
        this.environment = Map.copyOf(environment);
    }

    /** @return presets from {@code file} (absent file: none) and from {@code environment} */
    static Presets load(Path file, Map<String, String> environment) {
        Map<String, String> fromFile = file == null ? new HashMap<>() : OptionStore.readProperties(file);
        fromFile.keySet().removeIf(k -> !k.contains("/"));
        return new Presets(fromFile, environment);
    }

    /** @return the name of the environment variable that presets {@code key} */
    static String environmentName(String key) {
        return "BITDUST_" + key.toUpperCase(Locale.ROOT).replace('/', '_').replace('-', '_');
    }

    /** @return the preset of {@code key} and where it came from, if there is one */
    Optional<Map.Entry<String, String>> lookup(String key) {
        String variable = environmentName(key);
        if (environment.containsKey(variable)) {
            return Optional.of(Map.entry("environment variable " + variable, environment.get(variable)));
        }
        if (fromFile.containsKey(key)) {
            return Optional.of(Map.entry("etc/bitdust.cfg", fromFile.get(key)));
        }
        return Optional.empty();
    }
}
