package io.bitdust.common;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class UncachedFilesTest {
    private static final int CHUNK = UncachedFiles.CHUNK;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyLengthAroundBlocksAndChunksComesBackExactDirectOrNot() throws Exception {
        int[] sizes = {0, 1, 511, 4095, 4096, 4097, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 777};
        for (boolean direct : new boolean[] {true, false}) {
            for (int size : sizes) {
                byte[] content = new byte[size];
                new Random(size).nextBytes(content);
                Path file = tmp.getRoot().toPath().resolve((direct ? "direct-" : "buffered-") + size);
                try (UncachedFiles.Output out = direct ? UncachedFiles.createNew(file)
                        : UncachedFiles.buffered(file)) {
                    int head = Math.min(size, 10);
                    for (int i = 0; i < head; i++) {
                        out.write(content[i]);
                    }
                    for (int at = head; at < size; at += 7777) {
                        out.write(content, at, Math.min(7777, size - at));
                    }
                    out.finish();
                }
                assertEquals(size, Files.size(file));
                assertArrayEquals(file.getFileName().toString(), content, Files.readAllBytes(file));
                assertArrayEquals(file.getFileName().toString(), content, UncachedFiles.readAll(file));
                byte[] after = UncachedFiles.readAll(file, 14);
                assertEquals(14 + size, after.length);
                assertArrayEquals(new byte[14], java.util.Arrays.copyOf(after, 14));
                assertArrayEquals(content, java.util.Arrays.copyOfRange(after, 14, after.length));
            }
        }
    }

    @Test
    public void onALinuxDiskFileSystemTheFileBypassesThePageCache() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("f");
        String type = Files.getFileStore(tmp.getRoot().toPath()).type();
        boolean expected = System.getProperty("os.name").startsWith("Linux")
                && Set.of("ext4", "xfs", "btrfs").contains(type);
        try (UncachedFiles.Output out = UncachedFiles.createNew(file)) {
            if (expected) {
                assertTrue("direct I/O on " + type, out.direct());
            }
            out.write(new byte[] {1, 2, 3});
            out.finish();
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        try (UncachedFiles.Output out = UncachedFiles.buffered(tmp.getRoot().toPath().resolve("g"))) {
            assertFalse(out.direct());
        }
    }

    @Test
    public void anExistingFileIsRefusedAndKept() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("kept");
        Files.write(file, new byte[] {9});
        assertThrows(FileAlreadyExistsException.class, () -> UncachedFiles.createNew(file));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(file));
    }

    @Test
    public void aFinishedOrClosedFileTakesNoMoreBytes() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("done");
        UncachedFiles.Output out = UncachedFiles.createNew(file);
        out.write(new byte[5000], 0, 5000);
        out.finish();
        IOException finished = assertThrows(IOException.class, () -> out.write(1));
        assertTrue(finished.getMessage(), finished.getMessage().contains("finished"));
        out.close();
        IOException closed = assertThrows(IOException.class, () -> out.write(new byte[1], 0, 1));
        assertTrue(closed.getMessage(), closed.getMessage().contains("closed"));
        assertEquals(5000, Files.size(file));
    }
}
