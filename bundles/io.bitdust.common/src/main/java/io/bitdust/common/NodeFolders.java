package io.bitdust.common;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.UnaryOperator;

/**
 * Where a node keeps its files inside a Karaf installation: {@code ${karaf.data}/bitdust} for data,
 * {@code ${karaf.etc}} for presets. Only OSGi components use this; plain classes are given their folders.
 */
public final class NodeFolders {
    private NodeFolders() {
    }

    /**
     * @param properties how to read a framework or system property (e.g. {@code BundleContext::getProperty})
     * @return {@code ${karaf.data}/bitdust}, or {@code ./data/bitdust} outside Karaf
     */
    public static Path data(UnaryOperator<String> properties) {
        return folder(properties, "karaf.data", "data").resolve("bitdust");
    }

    /**
     * @param properties how to read a framework or system property
     * @return {@code ${karaf.etc}}, or {@code ./etc} outside Karaf
     */
    public static Path etc(UnaryOperator<String> properties) {
        return folder(properties, "karaf.etc", "etc");
    }

    private static Path folder(UnaryOperator<String> properties, String property, String fallback) {
        String value = properties.apply(property);
        return (value == null || value.isBlank() ? Paths.get(fallback) : Paths.get(value)).toAbsolutePath();
    }
}
