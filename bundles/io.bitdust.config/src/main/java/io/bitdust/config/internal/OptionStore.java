package io.bitdust.config.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The values users set, in one properties file, replaced whole on every change ({@link AtomicFiles}), so a crash
 * leaves either the old or the new file, never half of one.
 */
final class OptionStore {
    private final Path file;

    OptionStore(Path file) {
        this.file = file;
    }

    /** @return the stored values by key; empty when the file does not exist yet */
    Map<String, String> load() {
        return readProperties(file);
    }

    /** Replaces the stored values with {@code values}, durably. */
    void save(Map<String, String> values) {
        StringWriter text = new StringWriter();
        text.write("# BitDust options set by the user; written by the node, edit with config_set\n");
        new TreeMap<>(values).forEach((key, value) -> text.write(propertyLine(key, value)));
        AtomicFiles.createFolder(file.getParent());
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** @return {@code key=value} and a line break, escaped as {@link Properties#load} reads it */
    private static String propertyLine(String key, String value) {
        Properties one = new Properties();
        one.setProperty(key, value);
        StringWriter text = new StringWriter();
        try {
            one.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.toString().substring(text.toString().indexOf('\n') + 1);
    }

    /**
     * @param file a properties file ({@code key = value} lines, {@code #} comments)
     * @return its entries with values trimmed; empty when the file does not exist
     */
    static Map<String, String> readProperties(Path file) {
        Map<String, String> values = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file); Reader reader = new java.io.InputStreamReader(in,
                StandardCharsets.ISO_8859_1)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
        props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
        return values;
    }
}
