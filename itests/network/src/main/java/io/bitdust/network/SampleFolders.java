package io.bitdust.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Folders to back up in tests, and the check that a restored one is the same, byte for byte. */
public final class SampleFolders {
    private SampleFolders() {
    }

    /**
     * Creates a folder of a few blocks: random bytes over several blocks, a text file of one block in a subfolder and
     * an empty file.
     *
     * @param root      the folder to create
     * @param blockSize the block size the test backs up with
     * @param seed      the random bytes' seed
     * @return the folder
     * @throws IOException when it cannot be written
     */
    public static Path create(Path root, int blockSize, long seed) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        byte[] noise = new byte[3 * blockSize + 1234];
        new Random(seed).nextBytes(noise);
        Files.write(root.resolve("noise.bin"), noise);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < blockSize; i++) {
            text.append("line ").append(i).append(": kept by my suppliers\n");
        }
        Files.writeString(root.resolve("docs").resolve("notes.txt"), text);
        Files.createFile(root.resolve("empty"));
        return root;
    }

    /**
     * Asserts that two folders hold the same files with the same bytes.
     *
     * @param expected the original
     * @param actual   the restored copy
     * @throws IOException when one cannot be read
     * @throws AssertionError naming the first difference
     */
    public static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> files = relativeFiles(expected);
        List<Path> restored = relativeFiles(actual);
        if (!files.equals(restored)) {
            throw new AssertionError(actual + " holds " + restored + ", not " + files);
        }
        for (Path file : files) {
            if (!Arrays.equals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(actual.resolve(file)))) {
                throw new AssertionError(actual.resolve(file) + " differs from " + expected.resolve(file));
            }
        }
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(root::relativize).sorted().collect(Collectors.toList());
        }
    }
}
