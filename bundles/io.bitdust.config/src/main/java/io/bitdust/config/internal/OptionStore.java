package io.bitdust.config.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The values users set, in one properties file. Every write goes to a temporary file that is synced and then
 * moved over the old one, so a crash leaves either the old or the new file, never half of one.
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
        try {
            Files.createDirectories(file.getParent());
            StringWriter text = new StringWriter();
            text.write("# BitDust options set by the user; written by the node, edit with config_set\n");
            for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
                Properties one = new Properties();
                one.setProperty(e.getKey(), e.getValue());
                StringWriter line = new StringWriter();
                one.store(line, null);
                line.getBuffer().delete(0, line.getBuffer().indexOf("\n") + 1);
                text.write(line.toString());
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.ISO_8859_1.encode(text.toString()));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot save options to " + file + ": " + e.getMessage(), e);
        }
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
