package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/** The component descriptions bnd generated for this bundle: every area component is one the catalogue waits for. */
public class AreaComponentsTest {
    @Test
    public void theCatalogueWaitsForEveryAreaComponentOfTheBundle() throws Exception {
        Path descriptions = Paths.get(ApiComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("OSGI-INF");
        List<String> areas;
        try (Stream<Path> files = Files.list(descriptions)) {
            areas = files.filter(f -> read(f).contains("<provide interface=\"" + ApiArea.class.getName() + "\"/>"))
                    .map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals("ApiComponent.AREAS counts the area components: " + areas, ApiComponent.AREAS, areas.size());
        String api = read(descriptions.resolve(ApiComponent.class.getName() + ".xml"));
        assertTrue(api, api.contains("<property name=\"areas.cardinality.minimum\" type=\"Integer\" value=\""
                + ApiComponent.AREAS + "\"/>"));
        assertTrue(api, api.contains("<reference name=\"areas\" cardinality=\"0..n\" policy=\"dynamic\" interface=\""
                + ApiArea.class.getName() + "\""));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
