package io.bitdust.pipeline;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Compares two trees: names, types, contents, link targets, permissions and modification times (seconds). */
final class Trees {
    private Trees() {
    }

    static void assertSame(Path expected, Path actual) throws IOException {
        List<Path> names = list(expected);
        assertEquals(names, list(actual));
        for (Path name : names) {
            Path e = expected.resolve(name);
            Path a = actual.resolve(name);
            if (Files.isSymbolicLink(e)) {
                assertEquals(name.toString(), Files.readSymbolicLink(e), Files.readSymbolicLink(a));
                continue;
            }
            assertEquals(name.toString(), Files.isDirectory(e), Files.isDirectory(a));
            if (!Files.isDirectory(e)) {
                assertArrayEquals(name.toString(), Files.readAllBytes(e), Files.readAllBytes(a));
            }
            assertEquals(name.toString(), Files.getPosixFilePermissions(e, LinkOption.NOFOLLOW_LINKS),
                    Files.getPosixFilePermissions(a, LinkOption.NOFOLLOW_LINKS));
            assertEquals(name.toString(), Files.getLastModifiedTime(e).toMillis() / 1000,
                    Files.getLastModifiedTime(a).toMillis() / 1000);
        }
    }

    private static List<Path> list(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(root::relativize).sorted().collect(Collectors.toList());
        }
    }
}
